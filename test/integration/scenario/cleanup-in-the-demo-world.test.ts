/**
 * Cleanup against the demo world's own catcher and CRM, read through their HTTP APIs: after case
 * runs, both hold exactly what they held before, plus what another run created meanwhile.
 */

import { createTransport, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/scenario/case-result.ts';
import { createCaseRunner } from '../../../src/scenario/case-runner.ts';
import {
  type ContactItem,
  checkOf,
  contacts,
  createContact,
  type DemoRig,
  loadPack,
  type MailItem,
  mailbox,
  scenarioOf,
  startRig,
  verdicts,
} from '../../support/demo-rig.ts';

const pack = await loadPack();
const OTHER_MARKER = 'ct-20260101-abcdef';
let rig: DemoRig;
let mailer: Transporter;

beforeAll(async () => {
  rig = await startRig(pack, { world: { defects: true } });
  const { world } = rig;
  mailer = createTransport({ host: world.smtp.host, port: world.smtp.port, secure: false, ignoreTLS: true });
  const send = (to: string, subject: string, text: string) =>
    mailer.sendMail({ from: 'デモ商事 Webサイト <noreply@demo.cutover.test>', to, subject, text });
  // A real customer's inquiry, a mail to a look-alike inbox, and another run's synthetic inquiry.
  await send(
    world.salesInbox,
    '【お問い合わせ】本物商事株式会社 様',
    '会社名: 本物商事株式会社\nメールアドレス: customer@honmono.co.jp',
  );
  await send(
    'presales@demo.cutover.test',
    '【お問い合わせ】株式会社テスト商事 様',
    '会社名: 株式会社テスト商事',
  );
  await send(
    world.salesInbox,
    '【お問い合わせ】株式会社テスト商事 様',
    `会社名: 株式会社テスト商事\nメールアドレス: qa+${OTHER_MARKER}@example.com\nutm_campaign: ${OTHER_MARKER}`,
  );
  await createContact(rig.world, { email: 'customer@honmono.co.jp', company: '本物商事株式会社' });
  await createContact(rig.world, { email: 'yamada@test-shoji.example', company: '株式会社テスト商事' });
  await createContact(rig.world, { email: `qa+${OTHER_MARKER}@example.com`, company: '株式会社テスト商事' });
});
afterAll(async () => {
  mailer?.close();
  await rig?.stop();
});

async function snapshot(): Promise<{ mail: MailItem[]; contacts: ContactItem[] }> {
  await rig.world.idle();
  return { mail: await mailbox(rig.world), contacts: await contacts(rig.world) };
}

function foundIds(result: CaseResult): { mail: string[]; records: string[] } {
  const mail = checkOf(result, 'notification').evidence;
  const crm = checkOf(result, 'crm').evidence;
  return {
    mail: mail?.kind === 'notification' ? mail.messages.map((m) => m.id) : [],
    records: crm?.kind === 'crm' ? crm.records.map((r) => r.id) : [],
  };
}

describe('cleanup in the demo world', () => {
  it('leaves the catcher and the CRM exactly as before, except for what another run created meanwhile', async () => {
    const before = await snapshot();
    expect(before.mail).toHaveLength(3);
    expect(before.contacts).toHaveLength(3);

    const ours = [
      rig.run('legacy', scenarioOf(pack, 'AC-01')),
      rig.run('legacy', scenarioOf(pack, 'AC-02')),
      rig.run('legacy', scenarioOf(pack, 'AC-06')),
      // Failing checks (planted defects) clean up just the same.
      rig.run('renewal', scenarioOf(pack, 'AC-01')),
      rig.run('renewal', scenarioOf(pack, 'AC-05')),
    ];
    const other = rig.run('legacy', scenarioOf(pack, 'AC-01'), { cleanup: false });
    const [results, otherResult] = await Promise.all([Promise.all(ours), other]);
    const after = await snapshot();

    for (const result of results) {
      expect(result.cleanup.length).toBeGreaterThan(0);
      expect(result.cleanup.filter((e) => e.result !== 'deleted')).toEqual([]);
    }
    expect(verdicts(results[3]!).crm).toBe('failed');

    // What the other run left is exactly its own mail and record, carrying its own marker.
    const left = foundIds(otherResult);
    expect(left.mail).toHaveLength(1);
    expect(left.records).toHaveLength(1);
    const otherMail = after.mail.filter((m) => !before.mail.some((b) => b.ID === m.ID));
    const otherContacts = after.contacts.filter((c) => !before.contacts.some((b) => b.id === c.id));
    expect(otherMail.map((m) => m.ID)).toEqual(left.mail);
    expect(otherContacts.map((c) => c.id)).toEqual(left.records);
    expect(otherContacts[0]!.properties.email).toBe(otherResult.email.toLowerCase());
    expect(otherContacts[0]!.properties.utm_campaign).toBe(otherResult.marker);

    // Everything that was there before is still there, untouched (not even marked read).
    expect(after.mail.filter((m) => !left.mail.includes(m.ID))).toEqual(before.mail);
    expect(after.contacts.filter((c) => !left.records.includes(c.id))).toEqual(before.contacts);
  });

  it('cleans up what a submission created even when its outcome page never showed', async () => {
    const before = await snapshot();
    const legacy = rig.config.targets.legacy!;
    const form = legacy.forms.contact!;
    // The thank-you text the config expects is not the one the site shows: the click happened,
    // the site sent mail and wrote the CRM, but the submit check cannot see an outcome.
    const target = {
      ...legacy,
      forms: { contact: { ...form, success: { ...form.success, text: 'この文言は表示されません' } } },
    };
    const config = {
      ...rig.config,
      defaults: { ...rig.config.defaults, submitTimeout: 3_000 },
      targets: { ...rig.config.targets, legacy: target },
    };
    const runner = createCaseRunner({ config, browser: async () => rig.browser });
    const result = await runner
      .run({ target: 'legacy', scenario: scenarioOf(pack, 'AC-01') })
      .finally(() => runner.close());

    expect(verdicts(result)).toEqual({
      submit: 'failed',
      notification: 'skipped',
      crm: 'skipped',
      analytics: 'skipped',
    });
    expect(checkOf(result, 'submit').reason).toMatch(/^no outcome within 3 s/);
    // The sales mail, the 自動返信 (a channel AC-01 checks, though its check never ran) and the record.
    expect(result.cleanup.map((e) => `${e.system} ${e.probe} ${e.result}`).sort()).toEqual([
      'crm hubspot deleted',
      'notification autoreply deleted',
      'notification sales deleted',
    ]);
    expect(await snapshot()).toEqual(before);
  });
});
