/**
 * The IMAP probe's sweep against a real Dovecot: it lists the mail since a time that carries a
 * marker — in the subject or deep in a Japanese body — and nothing else; it marks nothing \Seen;
 * what it listed can then be deleted by UID, and only that.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerPattern } from '../../../src/foundation/marker.ts';
import type { NotificationProbe } from '../../../src/probes/probe.ts';
import { createNotificationProbe } from '../../../src/probes/registry.ts';
import { type DovecotServer, imapProbeOptions, startDovecot } from '../../support/dovecot.ts';
import { probeTestKit } from '../../support/probe-deps.ts';

const INBOX = 'sales@example.com';
const DAY = 86_400_000;

function mail(subject: string, body: string, to = INBOX): string {
  return [
    'From: =?UTF-8?B?44OH44Oi5ZWG5LqL?= <noreply@site.example>',
    `To: ${to}`,
    `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@site.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
}

let server: DovecotServer;
let probe: NotificationProbe;
const kit = probeTestKit([], { pollIntervalMs: 60_000 });

beforeAll(async () => {
  server = await startDovecot();
  probe = createNotificationProbe(imapProbeOptions(server, { to: INBOX }), kit.deps);
});
afterAll(async () => {
  await probe?.close?.();
  await server?.stop();
});

describe('imap probe: sweep', () => {
  it('lists only marked mail received since the time, reads without \\Seen, and deletes exactly it', async () => {
    const filler = 'いつもお世話になっております。'.repeat(40);
    await server.deliver(
      mail('【お問い合わせ】本物商事株式会社 様', `会社名: 本物商事株式会社\n型番 ct-2026 の件`),
    );
    await server.deliver(
      mail('【お問い合わせ】山田製作所 様', `部品 CT-20261126-7f3a9c / ct-20261126-7F3A9C\n${filler}`),
    );
    const inBody = await server.deliver(
      mail(
        '【お問い合わせ】株式会社テスト商事 様',
        `${filler}\nお問い合わせ内容: 見積もり（ct-20261130-0a1b2c）`,
      ),
    );
    const inSubject = await server.deliver(mail('テスト（ct-20261130-3d4e5f）', '会社名: テスト'));
    await server.deliver(mail('古い残り（ct-20261120-6a7b8c）', 'x'), {
      internalDate: new Date(Date.now() - 3 * DAY),
    });
    await server.deliver(mail('別の宛先（ct-20261130-9c8d7e）', 'x', 'other@example.com'));

    const swept = await probe.sweep!({
      ...kit.call,
      since: new Date(Date.now() - DAY),
      markerPattern: markerPattern('ct'),
      markerPrefix: 'ct',
      syntheticEmail: 'qa+{marker}@example.com',
    });
    expect(swept.map((m) => Number(m.id)).sort()).toEqual([inBody, inSubject].sort());
    expect(swept.find((m) => Number(m.id) === inBody)!.text).toContain('ct-20261130-0a1b2c');
    expect((await server.list()).every((m) => !m.flags.includes('\\Seen'))).toBe(true);

    await probe.delete(swept, kit.call);
    const left = await server.list();
    expect(left).toHaveLength(4);
    expect(left.map((m) => m.uid)).not.toContain(inBody);
    expect(left.map((m) => m.uid)).not.toContain(inSubject);
  });
});
