import type { BrowserContext, Page } from 'playwright';
import type { CutoverConfig, Scenario, TargetConfig } from '../config/index.ts';
import { renderDeep } from '../config/index.ts';
import type { CaseIdentity, CrmRecord, NotificationMessage } from '../probes/probe.ts';
import { type CaseResult, type CheckName, type CheckResult, overallVerdict } from './case-result.ts';
import { type Captures, checkAnalytics } from './checks/analytics-check.ts';
import type { CheckContext } from './checks/check-context.ts';
import { result } from './checks/check-context.ts';
import { checkCrm } from './checks/crm-check.ts';
import { checkNotification } from './checks/notification-check.ts';
import { cleanUpCase } from './cleanup.ts';
import { mintMarker, syntheticEmail } from './marker.ts';
import { submitForm } from './submit-form.ts';
import type { TargetProbes } from './target-probes.ts';

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
  signal?: AbortSignal;
}

/**
 * One case run: mint the marker, submit the form in the browser, then check notification, CRM
 * and analytics concurrently, each against its own deadline, and clean up what the case created.
 */
export async function runCase(options: CaseRunOptions): Promise<CaseResult> {
  const { config, target, targetName, probes, context } = options;
  const started = Date.now();
  const marker = mintMarker(config.synthetic.marker);
  const email = syntheticEmail(target.syntheticEmail ?? config.synthetic.email, marker);
  const scenario = renderScenario(options.scenario, { marker, email, target: targetName });
  const signal = AbortSignal.any([
    AbortSignal.timeout(config.defaults.caseTimeout),
    ...(options.signal ? [options.signal] : []),
  ]);
  const report = (check: CheckResult) => {
    options.onCheck?.(check);
    return check;
  };

  const captures: Captures = new Map();
  const checks: CheckResult[] = [];
  let found: Found = { notification: [], crm: [] };
  let t0s: number[] = [];
  let page: Page | undefined;
  try {
    for (const probe of probes.analytics) {
      captures.set(probe.name, await probe.attach(context, { production: target.production }));
    }
    await probes.notification?.start?.({ marker, email }, { signal });
    page = await context.newPage();

    const submit = await submitForm(page, {
      baseUrl: target.url,
      form: config.forms[scenario.form]!,
      targetForm: target.forms[scenario.form]!,
      query: scenario.visit.query,
      input: scenario.input,
      submissions: scenario.submissions,
      expectation: withSla(scenario.expect.submit, options.sla?.submit),
      timeoutMs: config.defaults.submitTimeout,
      screenshot: options.artifactsDir
        ? { dir: options.artifactsDir, name: `${scenario.id}-${targetName}-${marker}` }
        : undefined,
      signal,
    });
    t0s = submit.t0s;
    checks.push(report(submit.check));

    const t0 = t0s[0] ?? Date.now();
    const reached =
      submit.outcome === 'accepted' ||
      (submit.outcome === 'rejected' && scenario.expect.submit.outcome === 'rejected');
    if (reached) {
      const ctx: CheckContext = {
        identity: { marker, email, t0: new Date(t0) },
        lastT0: t0s.at(-1) ?? t0,
        submissions: Math.max(1, t0s.length),
        signal,
        defaults: config.defaults,
      };
      const reported = <R extends { result: CheckResult }>(r: R) => {
        report(r.result);
        return r;
      };
      const [notification, crm, analytics] = await Promise.all([
        checkNotification(
          probes.notification,
          withSla(scenario.expect.notification, options.sla?.notification),
          ctx,
        ).then(reported),
        checkCrm(probes.crm, withSla(scenario.expect.crm, options.sla?.crm), ctx).then(reported),
        checkAnalytics(captures, withSla(scenario.expect.analytics, options.sla?.analytics), ctx).then(
          report,
        ),
      ]);
      checks.push(notification.result, crm.result, analytics);
      found = { notification: notification.found, crm: crm.found };
    } else {
      const why =
        submit.outcome === 'rejected'
          ? 'not checked: the form rejected the input'
          : t0s.length > 0
            ? `not checked: the submission did not complete (${submit.check.reason})`
            : `not checked: the form was not submitted (${submit.check.reason})`;
      for (const check of ['notification', 'crm', 'analytics'] as const) {
        checks.push(report(result(check, new Date(), 'skipped', why)));
      }
    }
  } finally {
    await page?.close().catch(() => undefined);
    await Promise.all([...captures.values()].map((c) => c.detach().catch(() => undefined)));
  }

  // After a final click the site may have written more than the checks saw (a late mail, a
  // duplicate after the settle window, items of a check that errored or was skipped): one more
  // read of each system, on a signal of its own, finds what this case left for cleanup.
  if (t0s.length > 0 && options.cleanup !== false) {
    found = await finalRead(probes, { marker, email, t0: new Date(t0s[0]!) }, found);
  }

  const cleanup =
    options.cleanup === false
      ? []
      : await cleanUpCase({
          marker,
          notification: probes.notification && { probe: probes.notification, items: found.notification },
          crm: probes.crm && { probe: probes.crm, items: found.crm },
          signal: AbortSignal.timeout(30_000),
        });

  const ended = Date.now();
  return {
    scenario: { id: scenario.id, title: scenario.title, file: options.scenarioFile, tags: scenario.tags },
    target: { name: targetName, url: target.url, production: target.production },
    marker,
    email,
    verdict: overallVerdict(checks),
    startedAt: new Date(started).toISOString(),
    t0: t0s.length ? new Date(t0s.at(-1)!).toISOString() : undefined,
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    checks,
    cleanup,
  };
}

function renderScenario(
  scenario: Scenario,
  values: { marker: string; email: string; target: string },
): Scenario {
  const input = renderDeep(scenario.input, { ...values, input: {} });
  const all = { ...values, input };
  return {
    ...scenario,
    input,
    visit: renderDeep(scenario.visit, all),
    expect: renderDeep(scenario.expect, all),
  };
}

function withSla<T extends { within?: number } | undefined>(expectation: T, sla: number | undefined): T {
  if (!expectation || sla === undefined) return expectation;
  return { ...expectation, within: sla };
}

interface Found {
  notification: NotificationMessage[];
  crm: CrmRecord[];
}

async function finalRead(probes: TargetProbes, identity: CaseIdentity, found: Found): Promise<Found> {
  const signal = AbortSignal.timeout(30_000);
  const [notification, crm] = await Promise.all([
    probes.notification?.find(identity, { signal }).catch(() => []) ?? [],
    probes.crm?.find(identity, { signal, fields: ['email'] }).catch(() => []) ?? [],
  ]);
  return { notification: [...found.notification, ...notification], crm: [...found.crm, ...crm] };
}
