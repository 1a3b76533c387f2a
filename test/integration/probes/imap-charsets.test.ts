/**
 * Issue 22 against a real Dovecot: mail appended as Japanese form mailers send it — ISO-2022-JP,
 * Shift_JIS in 8 bits, EUC-JP in quoted-printable, HTML only, and a UTF-8 body labelled
 * ISO-2022-JP — read through the IMAP probe: the fields a person reads, and the charset problem of
 * the mislabelled one.
 */
import Encoding from 'encoding-japanese';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationMessage, NotificationProbe } from '../../../src/probes/probe.ts';
import { createNotificationProbe } from '../../../src/probes/registry.ts';
import { messageFields } from '../../../src/scenario/checks/body-fields.ts';
import { type DovecotServer, imapProbeOptions, startDovecot } from '../../support/dovecot.ts';
import { identity, probeTestKit } from '../../support/probe-deps.ts';

const INBOX = 'sales@example.com';
const FIELDS = { 会社名: '㈱テスト商事', お名前: '髙橋 ①郎' };
const TEXT = '会社名: ㈱テスト商事\r\nお名前: 髙橋 ①郎\r\n';

function encode(text: string, to: 'JIS' | 'SJIS' | 'EUCJP'): Buffer {
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to, from: 'UNICODE' }));
}

function qp(bytes: Buffer): string {
  return [...bytes]
    .map((b) =>
      b === 0x0d || b === 0x0a || (b >= 0x20 && b <= 0x7e && b !== 0x3d)
        ? String.fromCharCode(b)
        : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function raw(options: { to?: string; subject: string; headers: string[]; body: Buffer | string }): Buffer {
  return Buffer.concat([
    Buffer.from(
      [
        'From: Site <noreply@site.example>',
        `To: ${options.to ?? INBOX}`,
        `Subject: ${options.subject}`,
        `Message-ID: <${Math.random().toString(36).slice(2)}@site.example>`,
        'MIME-Version: 1.0',
        ...options.headers,
        '',
        '',
      ].join('\r\n'),
      'latin1',
    ),
    typeof options.body === 'string' ? Buffer.from(options.body, 'latin1') : options.body,
  ]);
}

const opened: NotificationProbe[] = [];
afterEach(async () => {
  for (const probe of opened.splice(0)) await probe.close?.();
});

describe('imap probe: charsets and HTML-only mail, against a real Dovecot', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reads ISO-2022-JP, Shift_JIS, EUC-JP and HTML-only mail as a person does, and names the mislabelled one', async () => {
    const who = identity('ct-20261126-im0022');
    const subjectIn = (label: string, charset: string, to: 'JIS' | 'SJIS' | 'EUCJP') =>
      `=?${charset}?B?${encode(`【お問い合わせ】${label}`, to).toString('base64')}?= ${who.marker}`;
    await server.deliver(
      raw({
        subject: subjectIn('JIS', 'ISO-2022-JP', 'JIS'),
        headers: ['Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
        body: encode(TEXT, 'JIS'),
      }),
    );
    await server.deliver(
      raw({
        subject: subjectIn('SJIS', 'Shift_JIS', 'SJIS'),
        headers: ['Content-Type: text/plain; charset=Shift_JIS', 'Content-Transfer-Encoding: 8bit'],
        body: encode(TEXT, 'SJIS'),
      }),
    );
    await server.deliver(
      raw({
        subject: subjectIn('EUC', 'EUC-JP', 'EUCJP'),
        headers: ['Content-Type: text/plain; charset=EUC-JP', 'Content-Transfer-Encoding: quoted-printable'],
        body: qp(encode(TEXT, 'EUCJP')),
      }),
    );
    await server.deliver(
      raw({
        to: who.email,
        subject: `=?UTF-8?B?${Buffer.from('【自動返信】HTML', 'utf8').toString('base64')}?=`,
        headers: ['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64'],
        body: Buffer.from(
          `<html><body><p>髙橋 ①郎 様</p><table><tr><th>会社名</th><td>㈱テスト商事</td></tr><tr><th>お名前：</th><td>髙橋&nbsp;①郎</td></tr></table>` +
            '<hr><p>株式会社サンプル<br>TEL 052-000-0000（平日 9:00〜17:30）<br>営業時間: 9:00〜17:30</p></body></html>',
          'utf8',
        )
          .toString('base64')
          .replace(/.{76}/g, '$&\r\n'),
      }),
    );
    await server.deliver(
      raw({
        subject: `=?UTF-8?Q?=E3=80=90=E3=81=8A=E5=95=8F=E3=81=84=E5=90=88=E3=82=8F=E3=81=9B=E3=80=91mislabelled?= ${who.marker}`,
        headers: ['Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 8bit'],
        body: Buffer.from(TEXT, 'utf8'),
      }),
    );

    const kit = probeTestKit([], { pollIntervalMs: 60_000 });
    const probe = createNotificationProbe(imapProbeOptions(server), kit.deps);
    opened.push(probe);
    const found = await probe.find(who, kit.call);
    const bySubject = new Map<string, NotificationMessage>(
      found.map((m) => [m.subject.replace(` ${who.marker}`, ''), m]),
    );
    expect([...bySubject.keys()].sort()).toEqual(
      [
        '【お問い合わせ】JIS',
        '【お問い合わせ】SJIS',
        '【お問い合わせ】EUC',
        '【自動返信】HTML',
        '【お問い合わせ】mislabelled',
      ].sort(),
    );
    for (const subject of ['【お問い合わせ】JIS', '【お問い合わせ】SJIS', '【お問い合わせ】EUC']) {
      const message = bySubject.get(subject)!;
      expect({ subject, text: message.text, problems: message.charsetProblems }).toEqual({
        subject,
        text: TEXT.replace(/\r\n/g, '\n'),
        problems: undefined,
      });
      expect(messageFields(message)).toEqual(FIELDS);
    }
    const html = bySubject.get('【自動返信】HTML')!;
    expect(html).toMatchObject({ text: '', to: [who.email] });
    expect(html.charsetProblems).toBeUndefined();
    expect(messageFields(html)).toEqual(FIELDS);

    const mislabelled = bySubject.get('【お問い合わせ】mislabelled')!;
    expect(mislabelled.charsetProblems).toEqual([
      {
        part: 'text',
        declared: 'ISO-2022-JP',
        problem: 'invalid',
        looksLike: 'UTF-8',
        offset: 0,
        byte: 0xe4,
      },
    ]);
    expect(messageFields(mislabelled)).not.toEqual(FIELDS);
  });
});
