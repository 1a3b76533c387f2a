import type { BrowserContext, Page } from 'playwright';
import type { CutoverConfig, Scenario, TargetConfig } from '../config/index.ts';
import { submissionCount, submissionIndex, submissionInputs } from '../config/index.ts';
import { renderDeep } from '../foundation/index.ts';
import { type CrmRecord, type NotificationMessage, ProbeError } from '../probes/probe.ts';
import { type CaseResult, type CheckName, type CheckResult, overallVerdict } from './case-result.ts';
import { type Captures, checkAnalytics } from './checks/analytics-check.ts';
import type { CheckContext } from './checks/check-context.ts';
import { errorResult, failedResult, isAbort, result } from './checks/check-context.ts';
import { checkCrm } from './checks/crm-check.ts';
import { checkNotification } from './checks/notification-check.ts';
import { cleanUpCase } from './cleanup.ts';
import { measureDelay, rangeOf, type TimestampKind, timestampsOf } from './delay.ts';
import { type Found, finalRead, stillExpected, unseen } from './final-read.ts';
import { aspect, type Finding } from './findings.ts';
import { mintMarker, syntheticEmail } from './marker.ts';
import { submitForm } from './submit-form.ts';
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
/** Attaching probes, opening the context, screenshots: what a case does besides its SLAs. */
const CASE_OVERHEAD_MS = 15_000;
/** Page steps of one submission that each get submitTimeout: open, fill, confirm, send + outcome. */
const SUBMIT_STEPS = 4;

/**
 * The deadline of one whole case run, derived from what the scenario waits for: each submission's
 * page steps, then the longest downstream window (SLA or absence window, grace, settle). The
 * config's caseTimeout is the upper bound.
 */
export function caseDeadlineMs(
  scenario: Scenario,
  defaults: CutoverConfig['defaults'],
  sla: Partial<Record<CheckName, number>> = {},
): number {
  const submit = submissionCount(scenario) * SUBMIT_STEPS * (sla.submit ?? defaults.submitTimeout);
  const { notification, crm, analytics } = scenario.expect;
  const windows = [
    notification &&
      (notification.none
        ? (notification.within ?? defaults.absence)
        : (sla.notification ?? notification.within ?? defaults.within)) + defaults.grace,
    crm &&
      (crm.none ? (crm.within ?? defaults.absence) : (sla.crm ?? crm.within ?? defaults.within)) +
        defaults.grace,
    analytics && (sla.analytics ?? analytics.within ?? defaults.within),
  ].filter((w): w is number => typeof w === 'number');
  const downstream = Math.max(0, ...windows) + defaults.settle;
  return Math.min(defaults.caseTimeout, submit + downstream + CASE_OVERHEAD_MS);
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
  const { config, target, targetName, probes, context } = options;
  const started = Date.now();
  const marker = mintMarker(config.synthetic.marker);
  const email = syntheticEmail(target.syntheticEmail ?? config.synthetic.email, marker);
  const { scenario, inputs } = renderScenario(options.scenario, { marker, email, target: targetName });
  const signal = AbortSignal.any([
    AbortSignal.timeout(caseDeadlineMs(options.scenario, config.defaults, options.sla)),
    ...(options.signal ? [options.signal] : []),
  ]);
  const checks = new Map<CheckName, CheckResult>();
  const report = (check: CheckResult) => {
    if (checks.has(check.check)) return check;
    checks.set(check.check, check);
    options.onCheck?.(check);
    return check;
  };

  const captures: Captures = new Map();
  let found: Found = { notification: [], crm: [] };
  const t0s: number[] = [];
  let page: Page | undefined;
  // Playwright calls take no AbortSignal: closing the page is what interrupts them.
  const closePage = () => void page?.close().catch(() => undefined);
  signal.addEventListener('abort', closePage, { once: true });
  try {
    const attachFailures: string[] = [];
    for (const probe of probes.analytics) {
      try {
        captures.set(probe.name, await probe.attach(context, { production: target.production }));
      } catch (error) {
        attachFailures.push(`${probe.name} could not capture analytics: ${messageOf(error)}`);
      }
    }
    let notificationStart: unknown;
    await probes.notification?.start?.({ marker, email }, { signal }).catch((error: unknown) => {
      notificationStart = error;
    });
    signal.throwIfAborted();

    let submitStart = new Date();
    try {
      page = await context.newPage();
      submitStart = new Date();
    } catch (error) {
      report(
        result('submit', submitStart, 'error', `the browser could not open a page: ${messageOf(error)}`),
      );
    }
    const submit = page
      ? await submitForm(page, {
          baseUrl: target.url,
          form: config.forms[scenario.form]!,
          targetForm: target.forms[scenario.form]!,
          query: scenario.visit.query,
          inputs,
          expectation: withSla(scenario.expect.submit, options.sla?.submit),
          timeoutMs: options.sla?.submit ?? config.defaults.submitTimeout,
          screenshot: options.artifactsDir
            ? { dir: options.artifactsDir, name: `${scenario.id}-${targetName}-${marker}` }
            : undefined,
          signal,
          onFinalClick: (t0) => t0s.push(t0),
        })
      : undefined;
    // Stopped mid-submit (cancel, deadline): whatever the page showed then is no verdict on the site.
    signal.throwIfAborted();
    if (submit) report(submit.check);

    const t0 = t0s[0] ?? Date.now();
    const reached =
      submit &&
      (submit.outcome === 'accepted' ||
        (submit.outcome === 'rejected' && scenario.expect.submit.outcome === 'rejected'));
    if (reached) {
      const ctx: CheckContext = {
        identity: { marker, email, t0: new Date(t0) },
        lastT0: t0s.at(-1) ?? t0,
        submissions: Math.max(1, t0s.length),
        signal,
        defaults: config.defaults,
      };
      const [notification, crm, analytics] = await Promise.all([
        notificationStart !== undefined
          ? {
              result: startError('notification', notificationStart, probes.notification?.name),
              found: [],
            }
          : checkNotification(
              probes.notification,
              withSla(scenario.expect.notification, options.sla?.notification),
              ctx,
            ),
        checkCrm(probes.crm, withSla(scenario.expect.crm, options.sla?.crm), ctx),
        checkAnalytics(captures, withSla(scenario.expect.analytics, options.sla?.analytics), ctx),
      ]);
      report(notification.result);
      report(crm.result);
      report(
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
      found = { notification: notification.found, crm: crm.found };
    } else if (submit) {
      const why =
        submit.outcome === 'rejected'
          ? 'not checked: the form rejected the input'
          : t0s.length > 0
            ? `not checked: the submission did not complete (${submit.check.reason})`
            : `not checked: the form was not submitted (${submit.check.reason})`;
      for (const check of ['notification', 'crm', 'analytics'] as const) {
        report(result(check, new Date(), 'skipped', why));
      }
    }
  } catch (error) {
    // A cancel, the case deadline, or a browser that died under a check: what has no verdict yet
    // gets an error saying why; the checks already decided keep theirs.
    const now = new Date();
    for (const check of ['submit', 'notification', 'crm', 'analytics'] as const) {
      report(
        check === 'submit' || t0s.length > 0
          ? errorResult(check, now, error)
          : result(check, now, 'skipped', `not checked: the form was not submitted (${stopReason(error)})`),
      );
    }
  } finally {
    signal.removeEventListener('abort', closePage);
    await page?.close().catch(() => undefined);
    await Promise.all([...captures.values()].map((c) => c.detach().catch(() => undefined)));
  }

  // After a final click the site may have written more than the checks saw (a late mail, a
  // duplicate after the settle window, items of a check that errored or was skipped): one more
  // read of each system finds what this case left for cleanup. It runs after a cancel too, on a
  // deadline of its own — and then waits for what the scenario expects but was still on its way,
  // listing what never came as left behind rather than silently leaving it.
  let cleanup: CaseResult['cleanup'] = [];
  if (t0s.length > 0 && options.cleanup !== false) {
    const cleanupSignal = AbortSignal.timeout(options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
    const identity = { marker, email, t0: new Date(t0s[0]!) };
    const awaited = signal.aborted ? stillExpected(scenario, found) : { notification: 0, crm: 0 };
    const read = await finalRead(probes, identity, found, awaited, cleanupSignal);
    // What a check gave up on but the final read found came late, not never: say so.
    for (const system of ['notification', 'crm'] as const) {
      const check = checks.get(system);
      const items = read[system].filter((item) => !found[system].some((seen) => seen.id === item.id));
      const probe = probes[system];
      if (check && probe && items.length > 0) {
        const amended = arrivedLate(check, items, t0s.at(-1) ?? t0s[0]!, probe);
        if (amended) checks.set(system, amended);
      }
    }
    found = read;
    cleanup = [
      ...(await cleanUpCase({
        marker,
        notification: probes.notification && { probe: probes.notification, items: found.notification },
        crm: probes.crm && { probe: probes.crm, items: found.crm },
        signal: cleanupSignal,
      })),
      ...unseen(probes, read, awaited, marker),
    ];
  }

  const ordered = (['submit', 'notification', 'crm', 'analytics'] as const)
    .map((name) => checks.get(name))
    .filter((c): c is CheckResult => c !== undefined);
  const ended = Date.now();
  return {
    scenario: { id: scenario.id, title: scenario.title, file: options.scenarioFile, tags: scenario.tags },
    target: { name: targetName, url: target.url, production: target.production },
    marker,
    email,
    verdict: overallVerdict(ordered),
    startedAt: new Date(started).toISOString(),
    t0: t0s.length ? new Date(t0s.at(-1)!).toISOString() : undefined,
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    checks: ordered,
    cleanup,
  };
}

/**
 * A check that failed only because nothing arrived within its window, when the final read then
 * found the item: the finding becomes `late` (arrived after the window closed), with its delay.
 */
function arrivedLate(
  check: CheckResult,
  items: Array<NotificationMessage | CrmRecord>,
  lastT0: number,
  probe: { name: string; timestamps?: TimestampKind },
): CheckResult | undefined {
  const missing = check.findings.find(
    (f) => f.kind === 'missing' && (f.aspect === aspect.messagesCount || f.aspect === aspect.recordsCount),
  );
  if (check.verdict !== 'failed' || !missing || missing.withinMs === undefined) return undefined;
  const at = (item: NotificationMessage | CrmRecord) =>
    'receivedAt' in item ? item.receivedAt : item.createdAt;
  const first = [...items].sort((a, b) => at(a).getTime() - at(b).getTime())[0]!;
  const delay = measureDelay(lastT0, at(first), timestampsOf(probe));
  const late: Finding = {
    aspect: aspect.delay,
    kind: 'late',
    expected: String(missing.withinMs),
    actual: String(Math.round(delay.ms)),
    range: rangeOf(delay),
    note: 'arrived after the check’s window closed; found by the final read',
  };
  const findings = check.findings.map((f) => (f === missing ? late : f));
  const amended = failedResult(check.check, new Date(check.startedAt), findings, {
    probe: check.probe,
    slaMs: check.slaMs,
    evidence: check.evidence,
    delayMs: delay.ms,
    delay,
  });
  return { ...amended, reason: `${amended.reason} — late, not missing: it came after the window closed` };
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

/**
 * The scenario with its templates filled in, and the input of each submission. `{{input.…}}`
 * means the scenario's input, except in `expect.crm`, where it means the input of the submission
 * its `from` names (default the last: a CRM keeps the latest write).
 */
function renderScenario(
  scenario: Scenario,
  values: { marker: string; email: string; target: string },
): { scenario: Scenario; inputs: Scenario['input'][] } {
  const input = renderDeep(scenario.input, { ...values, input: {} });
  const inputs = submissionInputs(scenario).map((each) => renderDeep(each, { ...values, input: {} }));
  const all = { ...values, input };
  const crm = scenario.expect.crm;
  const crmInput = inputs[submissionIndex(crm?.from, inputs.length)] ?? input;
  return {
    scenario: {
      ...scenario,
      input,
      visit: renderDeep(scenario.visit, all),
      expect: {
        ...renderDeep(scenario.expect, all),
        ...(crm ? { crm: renderDeep(crm, { ...values, input: crmInput }) } : {}),
      },
    },
    inputs,
  };
}

/**
 * The monitor's SLA replaces the scenario's deadline for things that must arrive; an expected
 * absence keeps its own window (a rejected inquiry must leave nothing within seconds, not be
 * waited on for the whole SLA).
 */
function withSla<T extends { within?: number; none?: true } | undefined>(
  expectation: T,
  sla: number | undefined,
): T {
  if (!expectation || sla === undefined || expectation.none) return expectation;
  return { ...expectation, within: sla };
}
