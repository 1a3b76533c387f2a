import Encoding from 'encoding-japanese';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailStore, type MailStore, mailpitHandlers } from '../../src/demo/index.ts';
import { markerPattern } from '../../src/foundation/marker.ts';
import { capabilityGap, createNotificationProbe } from '../../src/probes/registry.ts';
import { identity, probeTestKit } from '../support/probe-deps.ts';

const URL_ = 'http://mailpit.test:8025';
const INBOX = 'sales@example.com';

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

function setup(nowMs?: () => number, to = INBOX) {
  const store: MailStore = createMailStore(
    nowMs ? { nowNs: () => BigInt(nowMs()) * 1_000_000n + 123_456n } : {},
  );
  kit = probeTestKit(mailpitHandlers(store, { baseUrl: URL_ }));
  const probe = createNotificationProbe({ use: 'mailpit', url: URL_, to }, kit.deps);
  return { store, probe };
}

/** A raw mail with a body of bytes in a charset, as a Japanese form mailer sends it. */
function rawMail(options: {
  to: string;
  subject: string;
  type?: string;
  charset: string;
  body: Buffer;
}): Buffer {
  return Buffer.concat([
    Buffer.from(
      [
        'From: Site <noreply@site.example>',
        `To: ${options.to}`,
        `Subject: ${options.subject}`,
        'MIME-Version: 1.0',
        `Content-Type: ${options.type ?? 'text/plain'}; charset=${options.charset}`,
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ].join('\r\n'),
      'latin1',
    ),
    options.body,
  ]);
}

function shiftJis(text: string): Buffer {
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
}

function mail(to: string, subject: string, body: string): string {
  return [
    'From: Site <noreply@site.example>',
    `To: ${to}`,
    `Subject: ${subject}`,
    'Date: Tue, 01 Jan 2019 00:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

describe('mailpit probe (against the demo world’s Mailpit fake)', () => {
  it('finds the notification by inbox and marker, with Created (not the Date header) as receive time', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-aaaaaa');
    await store.add(mail(INBOX, 'お問い合わせがありました', `会社名: ACME\nメール: ${who.email}\n`));
    await store.add(mail(`pre${INBOX}`, 'wrong inbox', `marker ${who.marker}`));
    await store.add(mail(INBOX, 'another case', 'marker ct-20261126-zzzzzz'));

    const found = await probe.find(who, kit.call);
    expect(found).toHaveLength(1);
    expect(found[0]!.to).toEqual([INBOX]);
    expect(found[0]!.from).toBe('noreply@site.example');
    expect(found[0]!.text).toContain('会社名: ACME');
    expect(Math.abs(found[0]!.receivedAt.getTime() - Date.now())).toBeLessThan(5_000);
    const search = kit.dispatcher.requests[0]!;
    expect(new URL(search.url).searchParams.get('query')).toBe(`to:"${INBOX}" "${who.marker}"`);
  });

  it('ignores mail received before t0 (minus the clock allowance) even with the marker', async () => {
    let now = Date.parse('2026-09-01T10:00:00Z');
    const { store, probe } = setup(() => now);
    const who = identity('ct-20261126-bbbbbb', new Date('2026-09-01T11:00:00Z'));
    await store.add(mail(INBOX, 'early', `marker ${who.marker}`));
    expect(await probe.find(who, kit.call)).toEqual([]);
    now = Date.parse('2026-09-01T11:00:02Z');
    await store.add(mail(INBOX, 'on time', `marker ${who.marker}`));
    const found = await probe.find(who, kit.call);
    expect(found.map((m) => m.subject)).toEqual(['on time']);
    expect(found[0]!.receivedAt.toISOString()).toBe('2026-09-01T11:00:02.000Z');
  });

  it('returns [] until the mail arrives', async () => {
    const { probe } = setup();
    expect(await probe.find(identity('ct-20261126-cccccc'), kit.call)).toEqual([]);
  });

  it('deletes by {"IDs":[…]} only, leaving other mail, and never sends an empty list', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-dddddd');
    await store.add(mail(INBOX, 'mine', `marker ${who.marker}`));
    await store.add(mail(INBOX, 'not mine', 'other'));
    const found = await probe.find(who, kit.call);
    await probe.delete(found, kit.call);
    expect(store.list().map((m) => m.subject)).toEqual(['not mine']);
    const deletes = kit.dispatcher.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => JSON.parse(r.body))).toEqual([{ IDs: [found[0]!.id] }]);

    await expect(probe.delete([], kit.call)).rejects.toMatchObject({ reason: 'config' });
    expect(kit.dispatcher.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(store.list()).toHaveLength(1);
  });

  it('reads the raw source strictly (marking nothing read): Shift_JIS in 8 bits, a mislabelled body, HTML only', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-eeeeee');
    const sjis = await store.add(
      rawMail({
        to: INBOX,
        subject: `sjis ${who.marker}`,
        charset: 'Shift_JIS',
        body: shiftJis('会社名: ㈱テスト①\r\n'),
      }),
    );
    await store.add(
      rawMail({
        to: INBOX,
        subject: `mislabelled ${who.marker}`,
        charset: 'ISO-2022-JP',
        body: Buffer.from('会社名: テスト\r\n', 'utf8'),
      }),
    );
    await store.add(
      rawMail({
        to: INBOX,
        subject: `html ${who.marker}`,
        type: 'text/html',
        charset: 'utf-8',
        body: Buffer.from('<table><tr><th>会社名</th><td>テスト</td></tr></table>', 'utf8'),
      }),
    );
    const found = await probe.find(who, kit.call);
    const bySubject = Object.fromEntries(found.map((m) => [m.subject.split(' ')[0], m]));
    expect(bySubject.sjis).toMatchObject({ text: '会社名: ㈱テスト①\n' });
    expect(bySubject.sjis!.charsetProblems).toBeUndefined();
    expect(bySubject.mislabelled!.charsetProblems).toEqual([
      {
        part: 'text',
        declared: 'ISO-2022-JP',
        problem: 'invalid',
        looksLike: 'UTF-8',
        offset: 0,
        byte: 0xe4,
      },
    ]);
    expect(bySubject.html).toMatchObject({
      text: '',
      html: '<table><tr><th>会社名</th><td>テスト</td></tr></table>',
    });
    const reads = kit.dispatcher.requests.filter((r) => r.url.includes('/api/v1/message/'));
    expect(reads.every((r) => r.url.endsWith('/raw'))).toBe(true);
    expect(store.get(sjis.id)!.read).toBe(false);
  });
});

describe('mailpit probe with to: "{email}" (the auto-reply to the visitor)', () => {
  it('finds mail to the case’s synthetic address, and no other case’s', async () => {
    const { store, probe } = setup(undefined, '{email}');
    const who = identity('ct-20261126-ffffff');
    const other = identity('ct-20261126-000000');
    const autoReply = (to: string) =>
      rawMail({
        to,
        subject: 'お問い合わせありがとうございます',
        type: 'text/html',
        charset: 'utf-8',
        body: Buffer.from(
          '<p>山田 太郎 様</p><table><tr><th>フリガナ</th><td>ヤマダ タロウ</td></tr></table>',
          'utf8',
        ),
      });
    await store.add(autoReply(who.email));
    await store.add(autoReply(other.email));
    await store.add(mail(INBOX, 'to sales', `marker ${who.marker}`));
    const found = await probe.find(who, kit.call);
    expect(found.map((m) => m.to)).toEqual([[who.email]]);
    expect(found[0]!.html).toContain('ヤマダ タロウ');
    expect(new URL(kit.dispatcher.requests[0]!.url).searchParams.get('query')).toBe(`to:"${who.email}"`);
  });

  it('sweeps marked mail to any synthetic address — not the sales inbox’s — and cannot count real inquiries', async () => {
    const { store, probe } = setup(undefined, '{email}');
    const a = identity('ct-20261126-a1a1a1');
    const b = identity('ct-20261126-b2b2b2');
    await store.add(mail(a.email, 'Thank you', 'auto-reply'));
    await store.add(mail(b.email, 'Thank you', 'auto-reply'));
    await store.add(mail(INBOX, `inquiry ${a.marker}`, 'to sales'));
    await store.add(mail('qa+someone@example.com', 'Thank you', 'not a marker'));
    const swept = await probe.sweep!({
      signal: kit.call.signal,
      since: new Date(Date.now() - 60_000),
      markerPattern: markerPattern('ct'),
      markerPrefix: 'ct',
      syntheticEmail: 'qa+{marker}@example.com',
    });
    expect(swept.map((m) => m.to[0]).sort()).toEqual([a.email, b.email].sort());
    expect(probe.countCreated).toBeUndefined();
    expect(
      capabilityGap('notification', { use: 'mailpit', url: URL_, to: '{email}' }, 'countCreated'),
    ).toMatch(/real visitors’ auto-replies never reach a catcher/);
    expect(
      capabilityGap('notification', { use: 'mailpit', url: URL_, to: INBOX }, 'countCreated'),
    ).toBeUndefined();
  });
});
