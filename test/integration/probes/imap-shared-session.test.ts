import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationProbe } from '../../../src/probes/probe.ts';
import { createNotificationProbe } from '../../../src/probes/registry.ts';
import { type DovecotServer, imapProbeOptions, startDovecot } from '../../support/dovecot.ts';
import { identity, probeTestKit } from '../../support/probe-deps.ts';

function mail(subject: string, body: string): string {
  return [
    'From: Site <noreply@site.example>',
    'To: sales@example.com',
    `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@site.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

describe('imap probe shared by two cases of one target (a monitor, parallel workers)', () => {
  let server: DovecotServer;
  let probe: NotificationProbe;
  const kit = probeTestKit([], { pollIntervalMs: 60_000 });
  beforeAll(async () => {
    server = await startDovecot();
    probe = createNotificationProbe(imapProbeOptions(server), kit.deps);
  });
  afterAll(async () => {
    await probe?.close?.();
    await server?.stop();
  });

  it('a second case starting does not cut the first one’s searches short', async () => {
    const first = identity('ct-20261201-sh0001');
    const second = identity('ct-20261201-sh0002');
    await server.deliver(mail(`Inquiry ${first.marker}`, 'first'));
    await probe.start?.({ marker: first.marker, email: first.email }, kit.call);
    const searches = Array.from({ length: 4 }, () => probe.find(first, kit.call));
    // The second case starts while the first one's searches are in flight on the shared session.
    await probe.start?.({ marker: second.marker, email: second.email }, kit.call);
    const results = await Promise.all(searches);
    for (const found of results) expect(found.map((m) => m.subject)).toEqual([`Inquiry ${first.marker}`]);
  });

  it('one case cancelled mid-search leaves the other case’s search on the session working', async () => {
    const other = identity('ct-20261201-sh0003');
    await server.deliver(mail(`Inquiry ${other.marker}`, 'other'));
    const cancelled = new AbortController();
    const theirs = probe.find(identity('ct-20261201-sh0004'), { signal: cancelled.signal });
    const mine = probe.find(other, kit.call);
    cancelled.abort();
    await expect(theirs).rejects.toMatchObject({ name: 'AbortError' });
    expect((await mine).map((m) => m.subject)).toEqual([`Inquiry ${other.marker}`]);
  });
});
