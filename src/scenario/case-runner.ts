import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright';
import type { CutoverConfig, Scenario } from '../config/index.ts';
import type { Secret } from '../foundation/index.ts';
import { createHttpClient } from '../http/index.ts';
import { createWebhookHub, type ProbeDeps, type WebhookEndpoints } from '../probes/index.ts';
import type { CaseResult, CheckName, CheckResult } from './case-result.ts';
import { type CaseCaveats, caseCaveats, caseWithCaveats, withCaveats } from './caveats.ts';
import { createLateSweep, type LateCleanup } from './late-sweep.ts';
import { runCase } from './run-case.ts';
import { closeTargetProbes, createTargetProbes, type TargetProbes } from './target-probes.ts';

/**
 * The one way to run a case: the Playwright fixture, the monitor, the tests and the benchmarks
 * all come through here. It owns each target's probes (created once, shared by that target's
 * case runs), opens a fresh browser context per case unless given one, and enforces the
 * production guard whoever calls it.
 */
export interface CaseRunner {
  run(request: CaseRequest): Promise<CaseResult>;
  /** The probes of a target (created on first use), e.g. to read what a case left behind. */
  probesOf(target: string): TargetProbes;
  /**
   * One pass of the late sweep (late-sweep.ts) over the cases this runner ran: what arrived after
   * a case ended and carries its marker is deleted. The monitor calls it every cycle.
   */
  sweepLate(signal: AbortSignal): Promise<LateCleanup[]>;
  /** The late sweep until every case is `defaults.lateArrivals` past its final click: the end of a run. */
  drainLate(signal: AbortSignal): Promise<LateCleanup[]>;
  /** Closes every probe this runner opened. The browser belongs to the caller. */
  close(): Promise<void>;
}

export interface CaseRunnerOptions {
  /** The project's config, demo:// URLs already resolved. */
  config: CutoverConfig;
  /** Redacted from every error the HTTP client reports. */
  secrets?: Secret[];
  /** Where fresh contexts come from; not needed when every request brings its own context. */
  browser?: () => Promise<Browser>;
  /** Options of each fresh context (default: Japanese locale and time zone, like a visitor of the demo site). */
  contextOptions?: BrowserContextOptions;
  /**
   * The run was started for production on purpose (`cutover uat --production`, or a monitor file
   * that says `production: true`). Without it no case runs on a production target.
   */
  production?: boolean;
  /** Probe dependencies besides the HTTP client (a recording sleep, a clock). */
  probeDeps?: Partial<ProbeDeps>;
  /**
   * Webhook listeners another process of this run owns (the UAT global setup, for its workers).
   * Any other webhook address is listened on by this runner, once for all its targets.
   */
  webhooks?: WebhookEndpoints;
}

export interface CaseRequest {
  target: string;
  scenario: Scenario;
  scenarioFile?: string;
  /** Deadlines per check that replace the scenario's own `within` (the monitor's SLA). */
  sla?: Partial<Record<CheckName, number>>;
  /** Run in this context (Playwright Test's own, for its traces) instead of a fresh one. */
  context?: BrowserContext;
  /** Sees the fresh context before the case starts (to watch its requests). */
  onContext?: (context: BrowserContext) => void;
  /**
   * Records a Playwright trace of the case in its fresh context (a given context is its owner's to
   * trace): saved at the path this returns for the result, discarded when it returns undefined —
   * so a monitor keeps the traces of the cases that did not pass and pays for no file otherwise.
   */
  trace?: (result: CaseResult) => string | undefined;
  /** Probes to use instead of the target's shared ones (tests that inject a recording retry). */
  probes?: TargetProbes;
  artifactsDir?: string;
  cleanup?: boolean;
  cleanupTimeoutMs?: number;
  onCheck?: (check: CheckResult) => void;
  signal?: AbortSignal;
}

/** A case that must not run: nothing was opened or submitted. */
export class CaseRefusedError extends Error {
  readonly code = 'CUTOVER_CASE_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'CaseRefusedError';
  }
}

export const DEFAULT_CONTEXT_OPTIONS: BrowserContextOptions = { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' };

export function createCaseRunner(options: CaseRunnerOptions): CaseRunner {
  const { config } = options;
  const probes = new Map<string, TargetProbes>();
  const late = createLateSweep({ boundMs: config.defaults.lateArrivals });
  const http = createHttpClient({ secrets: options.secrets ?? [] });
  // One listener per webhook address for the whole run: every target and case reads it by marker.
  const webhooks = createWebhookHub({ now: options.probeDeps?.now, owned: options.webhooks });
  const probesOf = (name: string): TargetProbes => {
    let opened = probes.get(name);
    if (!opened) {
      const target = config.targets[name];
      if (!target) throw new CaseRefusedError(`no target "${name}" in the config`);
      opened = createTargetProbes(target, { http, webhooks, ...options.probeDeps });
      probes.set(name, opened);
    }
    return opened;
  };

  // What each scenario expects that cannot fail on a target (validate's warnings): once per pair.
  const computed = new WeakMap<Scenario, Map<string, CaseCaveats>>();
  const caveatsOf = (target: string, scenario: Scenario): CaseCaveats => {
    const byTarget = computed.get(scenario) ?? new Map<string, CaseCaveats>();
    computed.set(scenario, byTarget);
    let found = byTarget.get(target);
    if (!found) {
      found = caseCaveats(config, target, scenario);
      byTarget.set(target, found);
    }
    return found;
  };

  return {
    probesOf,
    async run(request) {
      const target = config.targets[request.target];
      if (!target) {
        throw new CaseRefusedError(
          `no target "${request.target}" (targets: ${Object.keys(config.targets).join(', ')})`,
        );
      }
      refuseProduction(request.target, target.production, request.scenario, options.production === true);
      const targetProbes = request.probes ?? probesOf(request.target);
      const caveats = caveatsOf(request.target, request.scenario);
      const { onCheck } = request;
      const run = (context: BrowserContext) =>
        runCase({
          context,
          config,
          targetName: request.target,
          target,
          scenario: request.scenario,
          scenarioFile: request.scenarioFile,
          probes: targetProbes,
          artifactsDir: request.artifactsDir,
          sla: request.sla,
          cleanup: request.cleanup,
          cleanupTimeoutMs: request.cleanupTimeoutMs,
          onCheck: onCheck && ((check) => onCheck(withCaveats(check, caveats))),
          signal: request.signal,
        });
      const result = caseWithCaveats(
        await (request.context ? run(request.context) : withFreshContext(options, request, run)),
        caveats,
      );
      // What the case itself cleans up, the late sweep looks for again afterwards.
      if (request.cleanup !== false) late.remember(result, targetProbes);
      return result;
    },
    sweepLate: (signal) => late.sweep(signal),
    drainLate: (signal) => late.drain(signal),
    async close() {
      const all = [...probes.values()];
      probes.clear();
      await Promise.all(all.map((p) => closeTargetProbes(p)));
      await webhooks.close();
      await http.close();
    },
  };
}

/** A production target runs only scenarios marked production: true, and only in a run started for it. */
function refuseProduction(target: string, production: boolean, scenario: Scenario, allowed: boolean): void {
  if (!production) return;
  if (!scenario.production) {
    throw new CaseRefusedError(
      `refusing to submit ${scenario.id} to production target "${target}": the scenario does not say production: true`,
    );
  }
  if (!allowed) {
    throw new CaseRefusedError(
      `refusing to submit to production target "${target}": the run was not started for production on purpose (cutover uat --production, or production: true in the monitor file)`,
    );
  }
}

async function withFreshContext(
  options: CaseRunnerOptions,
  request: CaseRequest,
  run: (context: BrowserContext) => Promise<CaseResult>,
): Promise<CaseResult> {
  if (!options.browser) throw new Error('the case runner was given no browser and the request no context');
  let context: BrowserContext;
  try {
    const browser = await options.browser();
    context = await browser.newContext(options.contextOptions ?? DEFAULT_CONTEXT_OPTIONS);
  } catch (error) {
    return browserFailed(options.config, request, error);
  }
  try {
    request.onContext?.(context);
    if (!request.trace) return await run(context);
    // DOM snapshots (what the trace viewer shows per action, with the page's resources) but no
    // screencast: a trace of ~30 kB instead of ~400 kB, and no frames to encode while the case
    // runs; the outcome screenshot is kept beside it. One that cannot start or be saved costs
    // the case nothing but the trace.
    const tracing = await context.tracing.start({ screenshots: false, snapshots: true }).then(
      () => true,
      () => false,
    );
    const result = await run(context);
    const path = tracing ? request.trace(result) : undefined;
    if (tracing) await context.tracing.stop(path ? { path } : undefined).catch(() => undefined);
    return result;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** The browser could not start or give a context: the submit check is an error, nothing was submitted. */
function browserFailed(config: CutoverConfig, request: CaseRequest, error: unknown): CaseResult {
  const now = new Date().toISOString();
  const reason = `the browser could not start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  const target = config.targets[request.target]!;
  const check = (name: CheckName, verdict: 'error' | 'skipped', why: string): CheckResult => ({
    check: name,
    verdict,
    reason: why,
    details: [],
    findings: [],
    startedAt: now,
    endedAt: now,
  });
  return {
    scenario: {
      id: request.scenario.id,
      title: request.scenario.title,
      file: request.scenarioFile,
      tags: request.scenario.tags,
    },
    target: { name: request.target, url: target.url, production: target.production },
    marker: '',
    email: '',
    verdict: 'error',
    startedAt: now,
    endedAt: now,
    durationMs: 0,
    checks: [
      check('submit', 'error', reason),
      ...[
        { check: 'notification' as const, channel: undefined as string | undefined },
        ...Object.keys(request.scenario.expect.notifications ?? {}).map((channel) => ({
          check: 'notification' as const,
          channel,
        })),
        { check: 'crm' as const },
        { check: 'analytics' as const },
      ].map(({ check: name, channel }) => ({
        ...check(name, 'skipped', 'not checked: the form was not submitted (the browser could not start)'),
        ...(channel === undefined ? {} : { channel }),
      })),
    ],
    cleanup: [],
  };
}
