/**
 * `cutover cleanup` as a user runs it: a dry run lists (exit 0 and a count), --yes deletes and
 * says nothing is left, --json is machine-readable; production only with --production; bad
 * usage exits 2, an unreachable probe 3; probes that cannot sweep say so. Against a populated
 * demo world reached by a config of plain http:// URLs, and against the shipped config.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanupOptions, cleanupCommand } from '../../../src/cli/commands/cleanup.ts';
import type { Output } from '../../../src/cli/output.ts';
import type { DemoWorld } from '../../../src/demo/index.ts';
import { mintMarker } from '../../../src/foundation/marker.ts';
import {
  contacts,
  createContact,
  type DemoRig,
  loadPack,
  mailbox,
  startRig,
} from '../../support/demo-rig.ts';

const TOKEN_ENV = 'CLEANUP_TEST_HUBSPOT_TOKEN';
const SLACK_ENV = 'CLEANUP_TEST_SLACK_TOKEN';
const marker = mintMarker('ct', new Date(Date.now() - 86_400_000));
let rig: DemoRig;
let world: DemoWorld;
let dir: string;
let leftoverMail: string;
let leftoverContact: string;

beforeAll(async () => {
  rig = await startRig(await loadPack(), { browser: false, world: { crmSearchLagMs: 0 } });
  world = rig.world;
  process.env[TOKEN_ENV] = world.crmToken;
  process.env[SLACK_ENV] = 'xoxb-test';
  const send = (subject: string, text: string) =>
    rig.sendMail({ from: 'noreply@demo.cutover.test', subject, text });
  await send('【お問い合わせ】本物商事株式会社 様', '会社名: 本物商事株式会社\n型番 ct-2026 の件');
  await send('【お問い合わせ】株式会社テスト商事 様', `メールアドレス: qa+${marker}@example.com`);
  leftoverMail = (await mailbox(world)).find((m) => m.Subject.includes('テスト商事'))!.ID;
  await createContact(world, { email: 'customer@honmono.co.jp', company: '本物商事株式会社' });
  leftoverContact = await createContact(world, { email: `qa+${marker}@example.com`, message: marker });

  dir = await mkdtemp(join(tmpdir(), 'cutover-cleanup-'));
  const form = { path: '/contact/', submit: '送信', success: { text: 'ありがとうございました' } };
  const mailpit = { use: 'mailpit', url: world.urls.mailpit, to: world.salesInbox };
  const config = {
    forms: { contact: { fields: { company: '会社名' } } },
    targets: {
      staging: {
        url: 'https://staging.example.co.jp',
        forms: { contact: form },
        probes: {
          notification: mailpit,
          crm: { use: 'hubspot', url: world.urls.crm, token: { env: TOKEN_ENV }, markerField: 'message' },
        },
      },
      chat: {
        url: 'https://chat.example.co.jp',
        forms: { contact: form },
        probes: {
          notification: { use: 'slack', token: { env: SLACK_ENV }, channel: 'C0123456789' },
          crm: { use: 'rest', find: 'https://crm.example.co.jp/api/leads?email={email}' },
        },
      },
      broken: {
        url: 'https://broken.example.co.jp',
        forms: { contact: form },
        probes: { notification: { ...mailpit, url: 'http://127.0.0.1:1' } },
      },
      production: {
        url: 'https://www.example.co.jp',
        production: true,
        forms: { contact: form },
        probes: { notification: mailpit },
      },
    },
  };
  await writeFile(join(dir, 'cutover.config.ts'), `export default ${JSON.stringify(config, null, 2)};\n`);
});

afterAll(async () => {
  delete process.env[TOKEN_ENV];
  delete process.env[SLACK_ENV];
  await rig?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cleanup(
  options: Partial<CleanupOptions>,
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (t) => out.push(t), err: (t) => err.push(t), color: false };
  const code = await cleanupCommand(
    {
      config: join(dir, 'cutover.config.ts'),
      since: '7d',
      probeDeps: { retry: { sleep: async () => undefined } },
      ...options,
    },
    output,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cutover cleanup', () => {
  it('dry run: lists system, probe, id, marker and created time; exits 0 with the count; deletes nothing', async () => {
    const before = { mail: await mailbox(world), contacts: await contacts(world) };
    const { code, out } = await cleanup({ target: ['staging'] });
    expect(code).toBe(0);
    expect(out).toContain('dry run: nothing is deleted');
    expect(out).toMatch(/^system\s+probe\s+id\s+marker\s+created\s+item$/m);
    expect(out).toMatch(
      new RegExp(`^notification\\s+mailpit\\s+${leftoverMail}\\s+${marker}\\s+\\d{4}-`, 'm'),
    );
    expect(out).toMatch(new RegExp(`^crm\\s+hubspot\\s+${leftoverContact}\\s+${marker}\\s+\\d{4}-`, 'm'));
    expect(out).toContain('2 items carry a marker. Run again with --yes to delete them by id.');
    expect({ mail: await mailbox(world), contacts: await contacts(world) }).toEqual(before);
  });

  it('--json gives the same as data', async () => {
    const { code, out } = await cleanup({ target: ['staging'], json: true });
    expect(code).toBe(0);
    const report = JSON.parse(out) as { dryRun: boolean; left: number; items: Array<Record<string, string>> };
    expect(report.dryRun).toBe(true);
    expect(report.left).toBe(2);
    expect(report.items.map((i) => [i.system, i.probe, i.id, i.marker, i.result])).toEqual([
      ['notification', 'mailpit', leftoverMail, marker, 'found'],
      ['crm', 'hubspot', leftoverContact, marker, 'found'],
    ]);
  });

  it('says which probes cannot sweep, and why', async () => {
    const { code, out } = await cleanup({ target: ['chat'] });
    expect(code).toBe(0);
    expect(out).toContain(
      'slack (notification: chat): cannot sweep — cutover reads a Slack channel’s history',
    );
    expect(out).toContain('rest (crm: chat): cannot sweep — the rest probe has no `sweep` URL template');
  });

  it('exits 3 when a probe cannot be reached, 2 on bad usage, and sweeps production only on purpose', async () => {
    const broken = await cleanup({ target: ['broken'] });
    expect(broken.code).toBe(3);
    expect(broken.out).toMatch(/mailpit \(notification: broken\): unreachable — /);
    expect(broken.err).toContain('Could not read mailpit (broken): what it holds is unknown.');

    expect((await cleanup({ target: ['nope'] })).err).toBe(
      'cutover cleanup: no target "nope" (targets: staging, chat, broken, production)',
    );
    expect((await cleanup({ target: ['staging'], since: 'last week' })).code).toBe(2);
    const refused = await cleanup({ target: ['production'] });
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      'cutover cleanup: "production" is a production target; sweep it on purpose with --production',
    );
    const onPurpose = await cleanup({ target: ['production'], production: true });
    expect(onPurpose.code).toBe(0);
    expect(onPurpose.out).toContain('PRODUCTION target production, on purpose (--production)');
  });

  it('--yes deletes them by id and says nothing marked is left; real items stay', async () => {
    const { code, out } = await cleanup({ target: ['staging'], yes: true });
    expect(code).toBe(0);
    expect(out).toContain('✓ deleted 2 items; nothing marked is left');
    expect((await mailbox(world)).map((m) => m.Subject)).toEqual(['【お問い合わせ】本物商事株式会社 様']);
    expect((await contacts(world)).map((c) => c.properties.email)).toEqual(['customer@honmono.co.jp']);
    const again = await cleanup({ target: ['staging'] });
    expect(again.code).toBe(0);
    expect(again.out).toContain('✓ nothing carries a marker: nothing to delete');
  });

  it('with the shipped config (demo:// URLs) starts an empty demo world and finds nothing', async () => {
    const { code, out } = await cleanup({ config: undefined, probeDeps: undefined });
    expect(code).toBe(0);
    expect(out).toContain('cutover started one of its own');
    expect(out).toContain('Sweeping legacy, renewal');
    expect(out).toContain('✓ nothing carries a marker');
  });
});
