import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeDeps } from '../../../src/probes/deps.ts';
import type { NotificationProbe } from '../../../src/probes/probe.ts';
import { ProbeError } from '../../../src/probes/probe.ts';
import { createNotificationProbe } from '../../../src/probes/registry.ts';
import { type DovecotServer, imapProbeOptions, startDovecot } from '../../support/dovecot.ts';
import { identity, probeTestKit, secret } from '../../support/probe-deps.ts';

const INBOX_ADDRESS = 'sales@example.com';

function mail(options: { to?: string; subject: string; body: string }): string {
  return [
    'From: Site <noreply@site.example>',
    `To: ${options.to ?? INBOX_ADDRESS}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@site.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    '',
  ].join('\r\n');
}

const opened: NotificationProbe[] = [];
afterEach(async () => {
  for (const probe of opened.splice(0)) await probe.close?.();
});

function imapProbe(
  server: DovecotServer,
  overrides: { password?: string } = {},
  deps: Partial<ProbeDeps> = {},
) {
  const kit = probeTestKit([], { pollIntervalMs: 60_000, ...deps });
  const probe = createNotificationProbe(
    imapProbeOptions(server, {
      password: secret('IMAP_PASSWORD', overrides.password ?? server.password),
    }),
    kit.deps,
  );
  opened.push(probe);
  return { probe, call: kit.call };
}

describe('imap probe against a real Dovecot', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finds mail by marker in subject/body or by the synthetic address, filtering on INTERNALDATE ≥ t0', async () => {
    const t0 = new Date();
    const who = identity('ct-20261126-im0001', t0);
    // Same day, marker and all, but received two hours before t0: SINCE (date-only) lets it through.
    await server.deliver(mail({ subject: `old ${who.marker}`, body: 'earlier' }), {
      internalDate: new Date(t0.getTime() - 2 * 3_600_000),
    });
    await server.deliver(mail({ subject: 'New inquiry', body: `Marker: ${who.marker}\nCompany: ACME` }));
    await server.deliver(
      mail({ to: who.email, subject: 'Thank you', body: 'auto-reply without the marker text' }),
    );
    await server.deliver(mail({ subject: 'Other case', body: 'marker ct-20261126-im9999' }));

    const { probe, call } = imapProbe(server);
    const found = await probe.find(who, call);
    expect(found.map((m) => m.subject).sort()).toEqual(['New inquiry', 'Thank you']);
    const inquiry = found.find((m) => m.subject === 'New inquiry')!;
    expect(inquiry.text).toContain('Company: ACME');
    expect(inquiry.to).toEqual([INBOX_ADDRESS]);
    expect(inquiry.from).toBe('noreply@site.example');
    expect(inquiry.id).toMatch(/^\d+$/);
    expect(Math.abs(inquiry.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('returns [] while nothing has arrived', async () => {
    const { probe, call } = imapProbe(server);
    expect(await probe.find(identity('ct-20261126-im0002'), call)).toEqual([]);
  });

  it('pushes new mail through IDLE: changed() resolves long before the poll interval', async () => {
    const who = identity('ct-20261126-im0003');
    const { probe, call } = imapProbe(server);
    await probe.start?.({ marker: who.marker, email: who.email }, call);
    expect(await probe.find(who, call)).toEqual([]);
    const started = Date.now();
    const changed = probe.changed!(call);
    await server.deliver(mail({ subject: `Pushed ${who.marker}`, body: 'hello' }));
    await changed;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await probe.find(who, call)).map((m) => m.subject)).toEqual([`Pushed ${who.marker}`]);
  });

  it('falls back to polling: changed() resolves after the poll interval when nothing is pushed', async () => {
    const { probe, call } = imapProbe(server, {}, { pollIntervalMs: 200 });
    const started = Date.now();
    await probe.changed!(call);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('deletes by UID with UIDPLUS: other mail, even mail flagged \\Deleted by someone else, stays', async () => {
    const who = identity('ct-20261126-im0004');
    await server.deliver(mail({ subject: `Mine ${who.marker}`, body: 'x' }));
    const keep = await server.deliver(mail({ subject: 'Keep me', body: 'y' }));
    const pending = await server.deliver(mail({ subject: 'Someone else’s pending delete', body: 'z' }), {
      flags: ['\\Deleted'],
    });
    const { probe, call } = imapProbe(server);
    const found = await probe.find(who, call);
    expect(found).toHaveLength(1);
    // A UID this probe never reported (another message) is refused, not deleted.
    await expect(probe.delete([{ ...found[0]!, id: String(keep) }], call)).rejects.toMatchObject({
      reason: 'config',
    });
    await probe.delete(found, call);

    const left = await server.list();
    const uids = left.map((m) => m.uid);
    expect(uids).not.toContain(Number(found[0]!.id));
    expect(uids).toContain(keep);
    expect(uids).toContain(pending);
    expect(await probe.find(who, call)).toEqual([]);
    await expect(probe.delete([], call)).rejects.toMatchObject({ reason: 'config' });
  });

  it('reports a refused login as auth, without the password in the message', async () => {
    const { probe, call } = imapProbe(server, { password: 'wrong-imap-password' });
    const error = await probe.find(identity('ct-20261126-im0005'), call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect(error).toMatchObject({ reason: 'auth' });
    expect((error as Error).message).not.toContain('wrong-imap-password');
  });
});

describe('imap probe against a Dovecot without UIDPLUS', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ uidplus: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses to delete (EXPUNGE would remove every \\Deleted message) and leaves the mailbox as it was', async () => {
    const who = identity('ct-20261126-im0006');
    await server.deliver(mail({ subject: `Mine ${who.marker}`, body: 'x' }));
    const pending = await server.deliver(mail({ subject: 'pending', body: 'z' }), { flags: ['\\Deleted'] });
    const { probe, call } = imapProbe(server);
    const found = await probe.find(who, call);
    expect(found).toHaveLength(1);
    await expect(probe.delete(found, call)).rejects.toMatchObject({
      reason: 'protocol',
      message: expect.stringContaining('UIDPLUS'),
    });
    const left = await server.list();
    expect(left.map((m) => m.uid)).toEqual(expect.arrayContaining([Number(found[0]!.id), pending]));
    expect(left.find((m) => m.uid === Number(found[0]!.id))!.flags).not.toContain('\\Deleted');
  });
});
