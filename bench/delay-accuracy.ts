/**
 * Benchmark B2 — delay accuracy: a notification arrives a known time after the click (injected
 * 0.5 s, 2 s, 10 s); cutover's notification check measures it. Per probe: the reported delay (the
 * upper bound) minus the true delay, and whether the reported interval contains the truth.
 * Targets: |error| ≤ 250 ms for push-observed or millisecond-stamped probes; the interval always
 * contains the true delay.   Run: npm run bench:delay  (one probe: -- --probe imap)
 *
 * The true delay is taken where the server took the message: for IMAP, the APPEND's start and end
 * (the interval must cover both ends' possibilities); for the Mailpit-compatible catcher, the end
 * of the SMTP transaction as the sender saw it.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { startDemoWorld } from '../src/demo/index.ts';
import { createHttpClient } from '../src/http/index.ts';
import type { NotificationProbe } from '../src/probes/probe.ts';
import { createNotificationProbe } from '../src/probes/registry.ts';
import type { CheckContext } from '../src/scenario/checks/check-context.ts';
import { checkNotification } from '../src/scenario/checks/notification-check.ts';
import { imapProbeOptions, startDovecot } from '../test/support/dovecot.ts';

const { values } = parseArgs({
  options: {
    probe: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    result: { type: 'string' },
  },
});
const INJECTED = [500, 2000, 10_000];
const ROUNDS = Number(values.rounds);
const DEFAULTS = { within: 60_000, absence: 5_000, settle: 0, grace: 0 };

interface Sample {
  injected: number;
  trueFrom: number;
  trueTo: number;
  reported: number;
  lower: number;
  upper: number;
}

function context(marker: string): CheckContext {
  const t0 = Date.now();
  return {
    identity: { marker, email: `qa+${marker}@example.com`, t0: new Date(t0) },
    lastT0: t0,
    submissions: 1,
    signal: AbortSignal.timeout(120_000),
    defaults: DEFAULTS,
  };
}

async function measure(
  probe: NotificationProbe,
  send: (marker: string) => Promise<void>,
  injected: number,
  n: number,
): Promise<Sample> {
  const marker = `ct-20261201-${(injected * 10 + n).toString(16).padStart(6, '0').slice(-6)}`;
  const ctx = context(marker);
  await probe.start?.({ marker, email: ctx.identity.email }, { signal: ctx.signal });
  const delivered = new Promise<{ from: number; to: number }>((resolve) =>
    setTimeout(async () => {
      const from = Date.now() - ctx.lastT0;
      await send(marker);
      resolve({ from, to: Date.now() - ctx.lastT0 });
    }, injected),
  );
  const { result } = await checkNotification(probe, { within: 30_000 }, ctx);
  const truth = await delivered;
  if (!result.delay) throw new Error(`no delay measured: ${result.verdict} ${result.reason}`);
  return {
    injected,
    trueFrom: truth.from,
    trueTo: truth.to,
    reported: result.delay.ms,
    lower: result.delay.lowerMs,
    upper: result.delay.upperMs,
  };
}

/** Per probe, as data (`--result FILE` writes them as JSON for `npm run bench`). */
const results: Array<{ probe: string; worstErrorMs: number; allContained: boolean; samples: number }> = [];

function print(name: string, samples: Sample[]): void {
  console.log(`\n${name}`);
  console.log(
    'injected  true (server took it)   reported  interval              error (reported − true end)  contains',
  );
  let worst = 0;
  let allContained = true;
  for (const s of samples) {
    const contains = s.lower <= s.trueTo && s.upper >= s.trueFrom;
    allContained &&= contains;
    const error = s.reported - s.trueTo;
    worst = Math.max(worst, Math.abs(error));
    console.log(
      `${String(s.injected).padStart(8)}  ${`${s.trueFrom}–${s.trueTo} ms`.padEnd(24)}  ${String(s.reported).padStart(6)} ms  ${`[${s.lower}, ${s.upper}]`.padEnd(20)}  ${String(error).padStart(6)} ms                    ${contains ? '✓' : '✗'}`,
    );
  }
  console.log(
    `worst |error|: ${worst} ms; interval contains the truth every time: ${allContained ? 'yes ✓' : 'NO ✗'}`,
  );
  results.push({ probe: name.split(' ')[0]!, worstErrorMs: worst, allContained, samples: samples.length });
}

/** Every injected delay, ROUNDS times each, through one probe and one way of sending. */
async function sampleAll(
  probe: NotificationProbe,
  send: (marker: string) => Promise<void>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const injected of INJECTED) {
    for (let n = 0; n < ROUNDS; n++) samples.push(await measure(probe, send, injected, n));
  }
  return samples;
}

if (!values.probe || values.probe === 'imap') {
  const server = await startDovecot();
  const probe = createNotificationProbe(imapProbeOptions(server), {
    http: createHttpClient(),
    pollIntervalMs: 5_000,
  });
  const samples = await sampleAll(probe, (marker) =>
    server
      .deliver(
        `From: site@example.com\r\nTo: sales@example.com\r\nSubject: ${marker}\r\n\r\n会社名: テスト\r\n`,
      )
      .then(() => undefined),
  );
  await probe.close?.();
  await server.stop();
  print(
    'imap (real Dovecot: INTERNALDATE, 1 s; IDLE push bounds it from above; target |error| ≤ 250 ms)',
    samples,
  );
}

if (!values.probe || values.probe === 'mailpit') {
  const world = await startDemoWorld();
  const probe = createNotificationProbe(
    { use: 'mailpit', url: world.urls.mailpit, to: 'sales@example.com' },
    { http: createHttpClient() },
  );
  const mailer = createTransport({
    host: world.smtp.host,
    port: world.smtp.port,
    secure: false,
    ignoreTLS: true,
  });
  const samples = await sampleAll(probe, (marker) =>
    mailer
      .sendMail({
        from: 'site@example.com',
        to: 'sales@example.com',
        subject: marker,
        text: '会社名: テスト',
      })
      .then(() => undefined),
  );
  mailer.close();
  await world.stop();
  print('mailpit (demo catcher: Created, 1 ms; polled; target |error| ≤ 250 ms)', samples);
}

if (values.result) await writeFile(values.result, JSON.stringify(results));
