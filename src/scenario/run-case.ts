import type { BrowserContext, Page } from 'playwright';
import type { CutoverConfig, Scenario, TargetConfig } from '../config/index.ts';
import { mintMarker, syntheticEmail } from '../foundation/index.ts';
import { ProbeError } from '../probes/index.ts';
import { caseDeadlineMs } from './case-deadline.ts';
import {
  type CaseResult,
  type CheckName,
  type CheckResult,
  checkKey,
  overallVerdict,
} from './case-result.ts';
import { type Captures, checkAnalytics } from './checks/analytics-check.ts';
import type { CheckContext } from './checks/check-context.ts';
import { errorResult, groundedResult, isAbort, result } from './checks/check-context.ts';
import { checkCrm } from './checks/crm-check.ts';
import { checkNotification } from './checks/notification-check.ts';
import { cleanUpFound, type Found, finalRead, NOTHING_AWAITED, stillExpected, unseen } from './final-read.ts';
import { arrivedLate } from './late-arrival.ts';
import { renderScenario } from './render-scenario.ts';
import { type SubmitPlan, type SubmitRun, submitForm } from './submit-form.ts';
import type { TargetProbes } from './target-probes.ts';

/** What one case run is given. Callers go through the case runner (case-runner.ts), not here. */
export interface CaseRunOptions {
  /** A fresh browser context for this case: analytics capture is attached to it before the first page load. */
  context: BrowserContext;
  config: CutoverConfig;
  targetName: string;
  /** The target with demo:// URLs already resolved. */
  target: TargetConfig;
  scenario: Scenario;
  scenarioFile?: string;
  probes: TargetProbes;
  /** Where outcome screenshots go (none without it). */
  artifactsDir?: string;
  /** Deadlines per check that replace the scenario's own `within` (the monitor's SLA). */
  sla?: Partial<Record<CheckName, number>>;
  /** Delete the mail and records this case created (default true). */
  cleanup?: boolean;
  /** Told about each check as its verdict is known, for progress output. */
  onCheck?: (check: CheckResult) => void;
  /** The caller's cancel: no new submission starts, waits stop, cleanup still runs. */
  signal?: AbortSignal;
  /** How long the final read and the cleanup may take, from when they start (default 30 s). */
  cleanupTimeoutMs?: number;
}

const DEFAULT_CLEANUP_TIMEOUT_MS = 30_000;

/** One case run in progress: who it is, what it has decided, and what its final clicks were. */
interface CaseRun {
  options: CaseRunOptions;
  /** The scenario with its templates filled in for this run. */
  scenario: Scenario;
  inputs: Scenario['input'][];
  marker: string;
  email: string;
  /** The case deadline and the caller's cancel. */
  signal: AbortSignal;
  /** The final click of each submission, epoch ms. */
  t0s: number[];
  /** Each check's verdict by its key (case-result.ts `checkKey`), the first one given. */
  checks: Map<string, CheckResult>;
  /** What the checks found, for cleanup. */
  found: Found;
  /** When each check last read its system without finding all it awaited (by check key), epoch ms. */
  lastReads: Map<string, number>;
}

/**
 * One case run: mint the marker, submit the form in the browser, then check notification, CRM
 * and analytics concurrently, each against its own deadline, and clean up what the case created.
 *
 * It never throws for a site or vendor fault, nor for a cancel: a probe that cannot start, a
 * page that cannot open, a browser that died, a deadline — each becomes an `error` verdict on
 * the check it concerns, and the result is still produced and cleaned up.
 */
export async function runCase(options: CaseRunOptions): Promise<CaseResult> {
  const { config, target, targetName } = options;
  const started = Date.now();
  const marker = mintMarker(config.synthetic.marker);
  const email = syntheticEmail(target.syntheticEmail ?? config.synthetic.email, marker);
  const run: CaseRun = {
    options,
    ...renderScenario(options.scenario, { marker, email, target: targetName }),
    marker,
    email,
    signal: AbortSignal.any([
      AbortSignal.timeout(caseDeadlineMs(options.scenario, config.defaults, options.sla)),
      ...(options.signal ? [options.signal] : []),
    ]),
    t0s: [],
    checks: new Map(),
    found: { notification: {}, crm: [] },
    lastReads: new Map(),
  };
  await submitAndCheck(run);
  const cleanup = run.t0s.length > 0 && options.cleanup !== false ? await finish(run) : [];
  return caseResult(run, started, cleanup);
}

/** A check's verdict, once: the first one given stands, and the caller hears of it. */
function report(run: CaseRun, check: CheckResult): void {
  const key = checkKey(check);
  if (run.checks.has(key)) return;
  run.checks.set(key, check);
  run.options.onCheck?.(check);
}

/**
 * The case's downstream checks, each as a result shell with its name and channel (for verdicts
 * given to all of them at once: skipped, or an error).
 */
function downstreamChecks(run: CaseRun): Array<Pick<CheckResult, 'check' | 'channel'>> {
  const channels = Object.keys(run.scenario.expect.notifications ?? {});
  return [
    { check: 'notification' },
    ...channels.map((channel) => ({ check: 'notification' as const, channel })),
    { check: 'crm' },
    { check: 'analytics' },
  ];
}

/** The checks the browser decides: submit, and `form` when the scenario has `expect.form`. */
function pageChecks(run: CaseRun): Array<Pick<CheckResult, 'check' | 'channel'>> {
  return [{ check: 'submit' }, ...(run.scenario.expect.form ? [{ check: 'form' as const }] : [])];
}

/** The same verdict for the submit (when given) and every downstream check that has none yet. */
function reportAll(
  run: CaseRun,
  verdictOf: (check: Pick<CheckResult, 'check' | 'channel'>) => CheckResult,
  withSubmit: boolean,
): void {
  const checks = [...(withSubmit ? pageChecks(run) : []), ...downstreamChecks(run)];
  for (const check of checks) {
    const given = verdictOf(check);
    report(run, check.channel === undefined ? given : { ...given, channel: check.channel });
  }
}

/** The browser part and the downstream checks, bounded by the case's signal. */
async function submitAndCheck(run: CaseRun): Promise<void> {
  const { signal } = run;
  const captures: Captures = new Map();
  let page: Page | undefined;
  // Playwright calls take no AbortSignal: closing the page is what interrupts them.
  const closePage = () => void page?.close().catch(() => undefined);
  signal.addEventListener('abort', closePage, { once: true });
  try {
    const attachFailures = await attachAnalytics(run, captures);
    const startFailures = await startNotification(run);
    signal.throwIfAborted();
    page = await openPage(run);
    const submit = page ? await submitForm(page, submitPlan(run)) : undefined;
    // Stopped mid-submit (cancel, deadline): whatever the page showed then is no verdict on the site.
    signal.throwIfAborted();
    if (!submit) return;
    report(run, submit.check);
    if (run.scenario.expect.form)
      report(
        run,
        submit.formCheck ??
          result(
            'form',
            new Date(),
            'skipped',
            `not checked: the form was not read (${submit.check.reason})`,
          ),
      );
    if (reachedDownstream(run, submit)) await checkDownstream(run, captures, attachFailures, startFailures);
    else skipDownstream(run, submit);
  } catch (error) {
    // A cancel, the case deadline, or a browser that died under a check: what has no verdict yet
    // gets an error saying why; the checks already decided keep theirs.
    const now = new Date();
    reportAll(
      run,
      ({ check }) =>
        check === 'submit' || check === 'form' || run.t0s.length > 0
          ? errorResult(check, now, error)
          : groundedResult(check, now, 'skipped', { is: 'notReached', because: 'notSubmitted' }),
      true,
    );
  } finally {
    signal.removeEventListener('abort', closePage);
    await page?.close().catch(() => undefined);
    await Promise.all([...captures.values()].map((c) => c.detach().catch(() => undefined)));
  }
}

/** Starts capturing analytics before the first page load; what cannot capture is said, not thrown. */
async function attachAnalytics(run: CaseRun, captures: Captures): Promise<string[]> {
  const failures: string[] = [];
  for (const probe of run.options.probes.analytics) {
    try {
      captures.set(
        probe.name,
        await probe.attach(run.options.context, { production: run.options.target.production }),
      );
    } catch (error) {
      failures.push(`${probe.name} could not capture analytics: ${messageOf(error)}`);
    }
  }
  return failures;
}

/**
 * Opens every notification channel's listener or session before the submit (checked or not: the
 * final read looks in each for cleanup); the error each failed with, by probe name.
 */
async function startNotification(run: CaseRun): Promise<Map<string, unknown>> {
  const failures = new Map<string, unknown>();
  await Promise.all(
    run.options.probes.notifications.map(async (probe) => {
      try {
        await probe.start?.({ marker: run.marker, email: run.email }, { signal: run.signal });
      } catch (error) {
        failures.set(probe.name, error);
      }
    }),
  );
  return failures;
}

/** The case's page, or undefined when the browser could not open one (the submit check says so). */
async function openPage(run: CaseRun): Promise<Page | undefined> {
  try {
    return await run.options.context.newPage();
  } catch (error) {
    report(
      run,
      result('submit', new Date(), 'error', `the browser could not open a page: ${messageOf(error)}`),
    );
    return undefined;
  }
}

function submitPlan(run: CaseRun): SubmitPlan {
  const { options, scenario, signal } = run;
  const { config, target, sla } = options;
  return {
    baseUrl: target.url,
    form: config.forms[scenario.form]!,
    targetForm: target.forms[scenario.form]!,
    query: scenario.visit.query,
    inputs: run.inputs,
    expectation:
      sla?.submit === undefined ? scenario.expect.submit : { ...scenario.expect.submit, within: sla.submit },
    steps: { before: scenario.before, afterConfirm: scenario.afterConfirm },
    formExpectation: scenario.expect.form,
    timeoutMs: sla?.submit ?? config.defaults.submitTimeout,
    screenshot: options.artifactsDir
      ? { dir: options.artifactsDir, name: `${scenario.id}-${options.targetName}-${run.marker}` }
      : undefined,
    signal,
    onFinalClick: (t0) => run.t0s.push(t0),
  };
}

/** Whether the downstream systems have something to show: an accepted inquiry, or a rejection the scenario expects. */
function reachedDownstream(run: CaseRun, submit: SubmitRun): boolean {
  const expected = run.scenario.expect.submit.outcome;
  return submit.outcome === 'accepted' || (submit.outcome === 'rejected' && expected === 'rejected');
}

function skipDownstream(run: CaseRun, submit: SubmitRun): void {
  // Why the form did not get there is the submit check's own reason, shown beside these.
  const because =
    submit.outcome === 'rejected' ? 'rejected' : run.t0s.length > 0 ? 'incomplete' : 'notSubmitted';
  reportAll(
    run,
    ({ check }) => groundedResult(check, new Date(), 'skipped', { is: 'notReached', because }),
    false,
  );
}

/** Every notification channel, the CRM and analytics, concurrently, each against its own window. */
async function checkDownstream(
  run: CaseRun,
  captures: Captures,
  attachFailures: string[],
  startFailures: Map<string, unknown>,
): Promise<void> {
  const { options, scenario, t0s } = run;
  const t0 = t0s[0] ?? Date.now();
  const ctx: CheckContext = {
    identity: { marker: run.marker, email: run.email, t0: new Date(t0) },
    lastT0: t0s.at(-1) ?? t0,
    submissions: Math.max(1, t0s.length),
    signal: run.signal,
    defaults: options.config.defaults,
    sla: options.sla,
  };
  const { probes } = options;
  const channel = async (name: string | undefined, expected: Scenario['expect']['notification']) => {
    const probe =
      name === undefined ? probes.notifications[0] : probes.notifications.find((p) => p.name === name);
    const started = probe && startFailures.has(probe.name);
    const checked = started
      ? { result: startError('notification', startFailures.get(probe.name), probe.name), found: [] }
      : probe || name === undefined
        ? await checkNotification(probe, expected, ctx)
        : {
            result: groundedResult(
              'notification',
              new Date(),
              'skipped',
              { is: 'noProbe' },
              { channel: name },
            ),
            found: [],
          };
    return { ...checked, result: name === undefined ? checked.result : { ...checked.result, channel: name } };
  };
  const [notifications, crm, analytics] = await Promise.all([
    Promise.all([
      channel(undefined, scenario.expect.notification),
      ...Object.entries(scenario.expect.notifications ?? {}).map(([name, expected]) =>
        channel(name, expected),
      ),
    ]),
    checkCrm(probes.crm, scenario.expect.crm, ctx),
    checkAnalytics(captures, scenario.expect.analytics, ctx),
  ]);
  for (const checked of [...notifications, crm]) {
    report(run, checked.result);
    if (checked.lastReadAt !== undefined) run.lastReads.set(checkKey(checked.result), checked.lastReadAt);
  }
  report(
    run,
    attachFailures.length > 0 && analytics.verdict !== 'skipped'
      ? {
          ...analytics,
          verdict: 'error',
          reason: attachFailures.join('; '),
          details: attachFailures,
          findings: [],
        }
      : analytics,
  );
  const found: Found = { notification: {}, crm: crm.found };
  for (const checked of notifications) {
    const probe = checked.result.probe;
    if (probe !== undefined)
      found.notification[probe] = [...(found.notification[probe] ?? []), ...checked.found];
  }
  run.found = found;
}

/**
 * After a final click the site may have written more than the checks saw (a late mail, a
 * duplicate after the settle window, items of a check that errored or was skipped, a channel or
 * a CRM the scenario did not check): one more read of every system finds what this case left for
 * cleanup. It runs after a cancel too, on a deadline of its own — and then waits for what the
 * scenario expects but was still on its way, listing what never came as left behind rather than
 * silently leaving it.
 */
async function finish(run: CaseRun): Promise<CaseResult['cleanup']> {
  const { probes } = run.options;
  const cleanupSignal = AbortSignal.timeout(run.options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
  const identity = { marker: run.marker, email: run.email, t0: new Date(run.t0s[0]!) };
  const awaited = run.signal.aborted ? stillExpected(run.scenario, probes, run.found) : NOTHING_AWAITED;
  const read = await finalRead(probes, identity, run.found, awaited, cleanupSignal);
  // What a check gave up on but the final read found came late, not never: say so.
  for (const check of run.checks.values()) {
    if (check.check !== 'notification' && check.check !== 'crm') continue;
    const probe =
      check.check === 'crm' ? probes.crm : probes.notifications.find((p) => p.name === check.probe);
    if (!probe) continue;
    const before = check.check === 'crm' ? run.found.crm : (run.found.notification[probe.name] ?? []);
    const after = check.check === 'crm' ? read.crm : (read.notification[probe.name] ?? []);
    const items = after.filter((item) => !before.some((seen) => seen.id === item.id));
    if (items.length === 0) continue;
    const amended = arrivedLate(check, items, run.t0s.at(-1)!, probe, {
      seenAt: read.readAt,
      missedAt: run.lastReads.get(checkKey(check)),
      lagMs: 'searchLagMs' in probe ? probe.searchLagMs : undefined,
    });
    if (amended) run.checks.set(checkKey(check), amended);
  }
  run.found = read;
  return [
    ...(await cleanUpFound(probes, read, run.marker, cleanupSignal)),
    ...unseen(probes, read, awaited, run.marker),
  ];
}

function caseResult(run: CaseRun, started: number, cleanup: CaseResult['cleanup']): CaseResult {
  const { scenario, options } = run;
  const ordered = [...pageChecks(run), ...downstreamChecks(run)]
    .map((check) => run.checks.get(checkKey(check)))
    .filter((c): c is CheckResult => c !== undefined);
  const ended = Date.now();
  return {
    scenario: { id: scenario.id, title: scenario.title, file: options.scenarioFile, tags: scenario.tags },
    target: { name: options.targetName, url: options.target.url, production: options.target.production },
    marker: run.marker,
    email: run.email,
    verdict: overallVerdict(ordered),
    startedAt: new Date(started).toISOString(),
    t0: run.t0s.length ? new Date(run.t0s.at(-1)!).toISOString() : undefined,
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    checks: ordered,
    cleanup,
  };
}

function startError(check: CheckName, error: unknown, probe: string | undefined): CheckResult {
  const failed = errorResult(check, new Date(), error, probe);
  // A probe's own error already says what went wrong; anything else did so while starting.
  return error instanceof ProbeError || isAbort(error)
    ? failed
    : { ...failed, reason: `the ${probe ?? check} probe could not start: ${messageOf(error)}` };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
