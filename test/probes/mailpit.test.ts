import { afterEach, describe, expect, it } from 'vitest';
import { createMailStore, type MailStore, mailpitHandlers } from '../../src/demo/index.ts';
import { createNotificationProbe } from '../../src/probes/registry.ts';
import { identity, probeTestKit } from '../support/probe-deps.ts';

const URL_ = 'http://mailpit.test:8025';
const INBOX = 'sales@example.com';

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

function setup(nowMs?: () => number) {
  const store: MailStore = createMailStore(
    nowMs ? { nowNs: () => BigInt(nowMs()) * 1_000_000n + 123_456n } : {},
  );
  kit = probeTestKit(mailpitHandlers(store, { baseUrl: URL_ }));
  const probe = createNotificationProbe({ use: 'mailpit', url: URL_, to: INBOX }, kit.deps);
  return { store, probe };
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
});
