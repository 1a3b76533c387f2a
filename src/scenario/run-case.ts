import type { BrowserContext } from 'playwright';
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
  for (const probe of probes.analytics) {
    captures.set(probe.name, await probe.attach(context, { production: target.production }));
  }
  await probes.notification?.start?.({ marker, email }, { signal });
  const page = await context.newPage();

  const targetForm = target.forms[scenario.form]!;
  const submit = await submitForm(page, {
    baseUrl: target.url,
    form: config.forms[scenario.form]!,
    targetForm,
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
  report(submit.check);

  const checks: CheckResult[] = [submit.check];
  let found: { notification: NotificationMessage[]; crm: CrmRecord[] } = { notification: [], crm: [] };
  const t0 = submit.t0s[0] ?? Date.now();
  const reached =
    submit.outcome === 'accepted' ||
    (submit.outcome === 'rejected' && scenario.expect.submit.outcome === 'rejected');
  if (reached) {
    const ctx: CheckContext = {
      identity: { marker, email, t0: new Date(t0) },
      lastT0: submit.t0s.at(-1) ?? t0,
      submissions: Math.max(1, submit.t0s.length),
      signal,
      defaults: config.defaults,
    };
    const [notification, crm, analytics] = await Promise.all([
      checkNotification(
        probes.notification,
        withSla(scenario.expect.notification, options.sla?.notification),
        ctx,
      ).then((r) => {
        report(r.result);
        return r;
      }),
      checkCrm(probes.crm, withSla(scenario.expect.crm, options.sla?.crm), ctx).then((r) => {
        report(r.result);
        return r;
      }),
      checkAnalytics(captures, withSla(scenario.expect.analytics, options.sla?.analytics), ctx).then(report),
    ]);
    checks.push(notification.result, crm.result, analytics);
    found = { notification: notification.found, crm: crm.found };
    if (options.cleanup !== false) {
      found = await collectLeftovers(probes, ctx.identity, found, checks, signal);
    }
  } else {
    const clicked = submit.t0s.length > 0;
    const why =
      submit.outcome === 'rejected'
        ? 'not checked: the form rejected the input'
        : clicked
          ? `not checked: the submission did not complete (${submit.check.reason})`
          : `not checked: the form was not submitted (${submit.check.reason})`;
    for (const check of ['notification', 'crm', 'analytics'] as const)
      checks.push(report(result(check, new Date(), 'skipped', why)));
    // The final click happened: the site may have sent mail and written the CRM before it failed
    // to show an outcome. One read of each system finds what this case left, for cleanup.
    if (clicked && options.cleanup !== false) {
      found = await collectLeftovers(probes, { marker, email, t0: new Date(t0) }, found, checks, signal);
    }
  }

  await page.close().catch(() => undefined);
  await Promise.all([...captures.values()].map((c) => c.detach().catch(() => undefined)));

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
    t0: submit.t0s.length ? new Date(submit.t0s.at(-1)!).toISOString() : undefined,
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

/**
 * A check that was skipped or waited for absence may not have read its system at the end:
 * one last read finds what the case left, so cleanup can remove it.
 */
async function collectLeftovers(
  probes: TargetProbes,
  identity: CaseIdentity,
  found: { notification: NotificationMessage[]; crm: CrmRecord[] },
  checks: CheckResult[],
  signal: AbortSignal,
): Promise<{ notification: NotificationMessage[]; crm: CrmRecord[] }> {
  const ran = (name: CheckName) =>
    checks.some((c) => c.check === name && c.verdict !== 'skipped' && c.verdict !== 'error');
  const [notification, crm] = await Promise.all([
    probes.notification && !ran('notification')
      ? probes.notification.find(identity, { signal }).catch(() => [])
      : Promise.resolve([]),
    probes.crm && !ran('crm')
      ? probes.crm.find(identity, { signal, fields: ['email'] }).catch(() => [])
      : Promise.resolve([]),
  ]);
  return { notification: [...found.notification, ...notification], crm: [...found.crm, ...crm] };
}
