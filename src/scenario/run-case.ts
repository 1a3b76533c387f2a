import type { BrowserContext, Page } from 'playwright';
import { cleanUpCase } from '../cleanup/clean-up-case.ts';
import type { CutoverConfig, Scenario, TargetConfig } from '../config/index.ts';
import { mintMarker, syntheticEmail } from '../foundation/index.ts';
import { ProbeError } from '../probes/index.ts';
import { caseDeadlineMs } from './case-deadline.ts';
import { type CaseResult, type CheckName, type CheckResult, overallVerdict } from './case-result.ts';
import { type Captures, checkAnalytics } from './checks/analytics-check.ts';
import type { CheckContext } from './checks/check-context.ts';
import { errorResult, isAbort, result } from './checks/check-context.ts';
import { checkCrm } from './checks/crm-check.ts';
import { checkNotification } from './checks/notification-check.ts';
import { type Found, finalRead, stillExpected, unseen } from './final-read.ts';
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
const DOWNSTREAM = ['notification', 'crm', 'analytics'] as const;

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
  /** Each check's verdict, the first one given. */
  checks: Map<CheckName, CheckResult>;
  /** What the checks found, for cleanup. */
  found: Found;
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
    found: { notification: [], crm: [] },
  };
  await submitAndCheck(run);
  const cleanup = run.t0s.length > 0 && options.cleanup !== false ? await finish(run) : [];
  return caseResult(run, started, cleanup);
}

/** A check's verdict, once: the first one given stands, and the caller hears of it. */
function report(run: CaseRun, check: CheckResult): void {
  if (run.checks.has(check.check)) return;
  run.checks.set(check.check, check);
  run.options.onCheck?.(check);
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
    const notificationStart = await startNotification(run);
    signal.throwIfAborted();
    page = await openPage(run);
    const submit = page ? await submitForm(page, submitPlan(run)) : undefined;
    // Stopped mid-submit (cancel, deadline): whatever the page showed then is no verdict on the site.
    signal.throwIfAborted();
    if (!submit) return;
    report(run, submit.check);
    if (reachedDownstream(run, submit))
      await checkDownstream(run, captures, attachFailures, notificationStart);
    else skipDownstream(run, submit);
  } catch (error) {
    // A cancel, the case deadline, or a browser that died under a check: what has no verdict yet
    // gets an error saying why; the checks already decided keep theirs.
    const now = new Date();
    for (const check of ['submit', ...DOWNSTREAM] as const) {
      report(
        run,
        check === 'submit' || run.t0s.length > 0
          ? errorResult(check, now, error)
          : result(check, now, 'skipped', `not checked: the form was not submitted (${stopReason(error)})`),
      );
    }
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

/** Opens the notification probe's listener or session before the submit; the error it failed with, if any. */
async function startNotification(run: CaseRun): Promise<{ error: unknown } | undefined> {
  const probe = run.options.probes.notification;
  try {
    await probe?.start?.({ marker: run.marker, email: run.email }, { signal: run.signal });
    return undefined;
  } catch (error) {
    return { error };
  }
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
  const why =
    submit.outcome === 'rejected'
      ? 'not checked: the form rejected the input'
      : run.t0s.length > 0
        ? `not checked: the submission did not complete (${submit.check.reason})`
        : `not checked: the form was not submitted (${submit.check.reason})`;
  for (const check of DOWNSTREAM) report(run, result(check, new Date(), 'skipped', why));
}

/** Notification, CRM and analytics, concurrently, each against its own window. */
async function checkDownstream(
  run: CaseRun,
  captures: Captures,
  attachFailures: string[],
  notificationStart: { error: unknown } | undefined,
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
  const [notification, crm, analytics] = await Promise.all([
    notificationStart
      ? { result: startError('notification', notificationStart.error, probes.notification?.name), found: [] }
      : checkNotification(probes.notification, scenario.expect.notification, ctx),
    checkCrm(probes.crm, scenario.expect.crm, ctx),
    checkAnalytics(captures, scenario.expect.analytics, ctx),
  ]);
  report(run, notification.result);
  report(run, crm.result);
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
  run.found = { notification: notification.found, crm: crm.found };
}

/**
 * After a final click the site may have written more than the checks saw (a late mail, a
 * duplicate after the settle window, items of a check that errored or was skipped): one more
 * read of each system finds what this case left for cleanup. It runs after a cancel too, on a
 * deadline of its own — and then waits for what the scenario expects but was still on its way,
 * listing what never came as left behind rather than silently leaving it.
 */
async function finish(run: CaseRun): Promise<CaseResult['cleanup']> {
  const { probes } = run.options;
  const cleanupSignal = AbortSignal.timeout(run.options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
  const identity = { marker: run.marker, email: run.email, t0: new Date(run.t0s[0]!) };
  const awaited = run.signal.aborted ? stillExpected(run.scenario, run.found) : { notification: 0, crm: 0 };
  const read = await finalRead(probes, identity, run.found, awaited, cleanupSignal);
  // What a check gave up on but the final read found came late, not never: say so.
  for (const system of ['notification', 'crm'] as const) {
    const check = run.checks.get(system);
    const items = read[system].filter((item) => !run.found[system].some((seen) => seen.id === item.id));
    const probe = probes[system];
    if (check && probe && items.length > 0) {
      const amended = arrivedLate(check, items, run.t0s.at(-1)!, probe);
      if (amended) run.checks.set(system, amended);
    }
  }
  run.found = read;
  return [
    ...(await cleanUpCase({
      marker: run.marker,
      notification: probes.notification && { probe: probes.notification, items: read.notification },
      crm: probes.crm && { probe: probes.crm, items: read.crm },
      signal: cleanupSignal,
    })),
    ...unseen(probes, read, awaited, run.marker),
  ];
}

function caseResult(run: CaseRun, started: number, cleanup: CaseResult['cleanup']): CaseResult {
  const { scenario, options } = run;
  const ordered = (['submit', ...DOWNSTREAM] as const)
    .map((name) => run.checks.get(name))
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

function stopReason(error: unknown): string {
  return isAbort(error) ? 'the case was stopped (case deadline or cancel)' : messageOf(error);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
