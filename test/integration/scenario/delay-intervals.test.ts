import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationProbe, type NotificationProbe } from '../../../src/probes/index.ts';
import type { CheckContext } from '../../../src/scenario/checks/check-context.ts';
import { checkNotification } from '../../../src/scenario/checks/notification-check.ts';
import { type DemoRig, loadPack, startRig } from '../../support/demo-rig.ts';
import { type DovecotServer, imapProbeOptions, startDovecot } from '../../support/dovecot.ts';
import { probeTestKit } from '../../support/probe-deps.ts';

/**
 * Delays as measured against real mail servers with a known, injected delay: the reported
 * interval contains it every time, and its upper bound (what is reported and judged) never reads
 * low. IMAP stamps whole seconds (INTERNALDATE); the demo catcher (Mailpit API) milliseconds.
 */

const DEFAULTS = { within: 30_000, absence: 5_000, settle: 0, grace: 0 };

function context(marker: string, t0: number): CheckContext {
  return {
    identity: { marker, email: `qa+${marker}@example.com`, t0: new Date(t0) },
    lastT0: t0,
    submissions: 1,
    signal: AbortSignal.timeout(60_000),
    defaults: DEFAULTS,
  };
}

/**
 * Delivers a mail `afterMs` after t0 and says when the delivery really started and ended, in ms
 * after t0: the truth a measured interval must contain, however late a busy machine fires the timer.
 */
function deliverAfter(
  afterMs: number,
  t0: number,
  deliver: () => Promise<unknown>,
): Promise<{ started: number; arrived: number }> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      const started = Date.now() - t0;
      deliver().then(() => resolve({ started, arrived: Date.now() - t0 }), reject);
    }, afterMs),
  );
}

const mail = (marker: string) =>
  [
    'From: Site <noreply@site.example>',
    'To: sales@example.com',
    `Subject: お問い合わせ ${marker}`,
    `Message-ID: <${marker}@site.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `会社名: 株式会社テスト商事\nマーカー: ${marker}`,
    '',
  ].join('\r\n');

describe('notification delay intervals against a real Dovecot (1 s INTERNALDATE)', () => {
  let server: DovecotServer;
  let probe: NotificationProbe;
  beforeAll(async () => {
    server = await startDovecot();
    probe = createNotificationProbe(
      imapProbeOptions(server),
      probeTestKit([], { pollIntervalMs: 60_000 }).deps,
    );
  });
  afterAll(async () => {
    await probe?.close?.();
    await server?.stop();
  });

  it.each([500, 2000])(
    'contains an injected delay of %i ms, reported with its resolution',
    async (injected) => {
      const marker = `ct-20261201-d${String(injected).padStart(5, '0')}`;
      const ctx = context(marker, Date.now());
      await probe.start?.({ marker, email: ctx.identity.email }, { signal: ctx.signal });
      const sent = deliverAfter(injected, ctx.lastT0, () => server.deliver(mail(marker)));
      const { result } = await checkNotification(probe, { within: 10_000 }, ctx);
      const { started, arrived } = await sent;
      expect(result.verdict).toBe('passed');
      const delay = result.delay!;
      expect(delay).toMatchObject({ source: 'IMAP INTERNALDATE', resolutionMs: 1000 });
      // The true arrival lies between the start of the append and its completion, as measured here
      // (a busy machine fires the timer late): the interval must contain it.
      expect(delay.lowerMs).toBeLessThanOrEqual(arrived);
      expect(delay.upperMs).toBeGreaterThanOrEqual(started);
      expect(result.delayMs).toBe(delay.upperMs);
      expect(result.reason).toMatch(
        /^notification arrived after .+ \(±1 s, IMAP INTERNALDATE\) \(SLA 10 s\)/,
      );
    },
  );

  it('a mail later than the SLA by its lower bound is late; one straddling the SLA is judged late, saying so', async () => {
    const marker = 'ct-20261201-dlate1';
    const ctx = context(marker, Date.now());
    setTimeout(() => void server.deliver(mail(marker)), 1500);
    // SLA 1 s: the mail took 1.5 s; grace lets cutover still see it and say how late.
    const { result } = await checkNotification(
      probe,
      { within: 1000 },
      { ...ctx, defaults: { ...DEFAULTS, grace: 5000 } },
    );
    expect(result.verdict).toBe('failed');
    const late = result.findings.find((f) => f.kind === 'late');
    expect(late?.range?.source).toBe('IMAP INTERNALDATE');
    expect(Number(late?.actual)).toBeGreaterThanOrEqual(1500);
    // (A loaded server may list the mail only after a read that started past its stamp: the reads
    // bound it then, and the reason says the stamp was contradicted.)
    expect(result.reason).toMatch(
      /^notification arrived between .+ \(±1 s, IMAP INTERNALDATE[):].*; SLA 1 s/,
    );
  });
  it('a message is never sighted before it arrived, even when other mail is expunged meanwhile (sequence numbers shift)', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const marker = 'ct-20261201-dexpg1';
    await probe.start?.(
      { marker, email: `qa+${marker}@example.com` },
      { signal: AbortSignal.timeout(10_000) },
    );
    // Two earlier mails, seen by the probe's session (its counts now cover their numbers).
    await server.deliver(mail('ct-20261201-filler1'));
    await server.deliver(mail('ct-20261201-filler2'));
    await sleep(1_200);
    const before = Date.now();
    await server.deliver(mail(marker));
    await sleep(1_200);
    // Someone deletes the oldest message: ours moves down to a number an earlier count covered.
    await server.session(async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageDelete('1');
      } finally {
        lock.release();
      }
    });
    await sleep(1_200);
    const [ours] = await probe.find(
      { marker, email: `qa+${marker}@example.com`, t0: new Date(before - 2_000) },
      { signal: AbortSignal.timeout(10_000) },
    );
    expect(ours?.subject).toContain(marker);
    expect(ours!.observedAt!.getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe('notification delay intervals against the demo catcher (millisecond Created)', () => {
  let rig: DemoRig;
  let probe: NotificationProbe;
  beforeAll(async () => {
    rig = await startRig(await loadPack(), { browser: false });
    // The catcher is a real server on 127.0.0.1: the real HTTP client, no fakes.
    probe = createNotificationProbe(
      { use: 'mailpit', url: rig.world.urls.mailpit, to: 'sales@example.com' },
      { http: rig.http },
    );
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it.each([500, 2000])(
    'reports an injected delay of %i ms to the millisecond, never below it',
    async (injected) => {
      const marker = `ct-20261201-m${String(injected).padStart(5, '0')}`;
      const ctx = context(marker, Date.now());
      const sent = deliverAfter(injected, ctx.lastT0, () =>
        rig.sendMail({
          from: 'noreply@site.example',
          to: 'sales@example.com',
          subject: `お問い合わせ ${marker}`,
          text: `会社名: 株式会社テスト商事\n${marker}`,
        }),
      );
      const { result } = await checkNotification(probe, { within: 10_000 }, ctx);
      const { started, arrived } = await sent;
      expect(result.verdict).toBe('passed');
      expect(result.delay).toMatchObject({ source: 'Mailpit Created', resolutionMs: 1 });
      expect(result.delay!.lowerMs).toBe(result.delay!.upperMs);
      // The catcher stamps the mail while SMTP delivers it (smtp-server greets after 100 ms):
      // between the start of the send and its end, as measured here.
      expect(result.delayMs).toBeGreaterThanOrEqual(Math.max(injected, started));
      expect(result.delayMs).toBeLessThanOrEqual(arrived);
      expect(result.reason).toMatch(/^notification arrived after \d+(\.\d)? (ms|s) \(SLA 10 s\)/);
    },
  );
});
