import type { SharedBrowser } from '../browser/index.ts';
import type { CutoverConfig, LoadedScenario, MonitorDefinition } from '../config/index.ts';
import { caseDeadlineMs } from '../scenario/case-deadline.ts';
import type { CaseResult, CheckName } from '../scenario/case-result.ts';
import type { CaseRunner } from '../scenario/case-runner.ts';
import { caseLogRecord, type LogRecord } from './case-log.ts';
import { type CycleLoop, cycleLoop } from './cycle-loop.ts';
import { type MonitorEvidence, recordCaseEvidence } from './evidence/case-evidence.ts';
import type { MonitorMetrics } from './metrics.ts';
import type { Health } from './metrics-server.ts';

/** One monitor file, resolved: its target, the scenarios it repeats (in order), its SLAs. */
export interface MonitorPlan {
  file: string;
  definition: MonitorDefinition;
  scenarios: LoadedScenario[];
}

export interface MonitorOptions {
  plans: MonitorPlan[];
  runner: CaseRunner;
  browser: SharedBrowser;
  /** The instruments a plan records into (one shared registry, or one per plan for pushes). */
  metricsFor(plan: MonitorPlan): MonitorMetrics;
  log(record: LogRecord): void;
  /** On stop, how long a running case may go on before it is cancelled (its cleanup still runs). */
  shutdownGraceMs: number;
  /** The config's timing defaults: each case's own deadline, by which /healthz tells busy from stuck. */
  defaults: CutoverConfig['defaults'];
  /** Where failed and errored runs keep their evidence (and each scenario its last passing run); none without it. */
  evidence?: MonitorEvidence;
}

/** A case's final read and cleanup (run-case.ts's default) and slack for a busy machine, past its deadline. */
const CASE_AFTERMATH_MS = 45_000;

export interface Monitor {
  /** Starts every plan's loop: a cycle now, then one per interval. */
  start(): void;
  /** One cycle of every plan (concurrently, one target each), for --once. */
  runOnce(): Promise<CaseResult[]>;
  health(): Health;
  /** Stops scheduling; the running case gets shutdownGraceMs, then is cancelled and cleaned up. */
  stop(): Promise<void>;
}

/**
 * The synthetic monitor: every interval it runs a plan's scenarios one after the other on its
 * target, in a fresh context of the one shared browser, and records verdicts, delays and cleanup
 * as metrics and one log record per case. A failing case, a vendor timing out or throttling, the
 * browser crashing (relaunched on the next case): each becomes a verdict, and the rhythm holds.
 */
export function createMonitor(options: MonitorOptions): Monitor {
  const { plans, runner, browser } = options;
  const stopping = new AbortController();
  const cancel = new AbortController();
  const browserUp = new Map<string, boolean>();
  const loops = new Map<MonitorPlan, CycleLoop>();
  /** The case each plan is running now: since when, and how long it may take at most. */
  const running = new Map<MonitorPlan, { scenario: string; since: number; budgetMs: number }>();
  /** When each plan's last case ended: progress inside a long cycle. */
  const caseEnded = new Map<MonitorPlan, number>();
  const now = () => new Date().toISOString();

  for (const plan of plans) {
    const { definition } = plan;
    options.metricsFor(plan).declare({
      target: definition.target,
      scenarios: plan.scenarios.map((s) => s.value.id),
      intervalSeconds: definition.interval / 1000,
      errorRatioWindow: definition.errorRatioWindow,
    });
  }

  /**
   * What earlier cycles' cases caused after they ended (a queued CRM write, an unchecked channel)
   * and still carries their markers: deleted, counted and logged. `drain` keeps looking until each
   * case is `defaults.lateArrivals` past its final click (a single run: --once).
   */
  const sweepLate = async (signal: AbortSignal, drain = false): Promise<void> => {
    const cleanups = await (drain ? runner.drainLate(signal) : runner.sweepLate(signal)).catch(() => []);
    for (const { target, scenario, marker, entries } of cleanups) {
      const plan = plans.find((p) => p.definition.target === target);
      if (plan) options.metricsFor(plan).recordCleanup(target, entries);
      const deleted = entries.filter((e) => e.result === 'deleted').length;
      const left = entries.filter((e) => e.result !== 'deleted');
      options.log({
        time: now(),
        event: 'late-cleanup',
        target,
        message: `${scenario} (${marker}): ${deleted} item(s) that arrived after the case ended deleted${left.length > 0 ? `; left: ${left.map((e) => `${e.system} ${e.probe} ${e.id}${e.reason ? ` (${e.reason})` : ''}`).join(', ')}` : ''}`,
      });
    }
  };

  const caseEvidence = (target: string, scenario: string) =>
    options.evidence &&
    recordCaseEvidence(options.evidence, target, scenario, (message) =>
      options.log({ time: now(), event: 'evidence', target, message }),
    );

  const cycle = async (plan: MonitorPlan): Promise<CaseResult[]> => {
    const { definition } = plan;
    const metrics = options.metricsFor(plan);
    const started = Date.now();
    // Each case has its own deadline from its SLAs; `timeout` bounds a whole cycle on top of that.
    const signal = definition.timeout
      ? AbortSignal.any([AbortSignal.timeout(definition.timeout), cancel.signal])
      : cancel.signal;
    const up = await browser.get().then(
      () => true,
      (error: unknown) => {
        options.log({
          time: now(),
          event: 'browser',
          target: definition.target,
          message: `the browser cannot start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        });
        return false;
      },
    );
    browserUp.set(definition.target, up);
    metrics.setUp(definition.target, up);
    await sweepLate(signal);
    const results: CaseResult[] = [];
    for (const scenario of plan.scenarios) {
      if (stopping.signal.aborted) break;
      const sla = definition.sla as Partial<Record<CheckName, number>>;
      running.set(plan, {
        scenario: scenario.value.id,
        since: Date.now(),
        budgetMs: caseDeadlineMs(scenario.value, options.defaults, sla) + CASE_AFTERMATH_MS,
      });
      const evidence = await caseEvidence(definition.target, scenario.value.id);
      const result = await runner
        .run({
          target: definition.target,
          scenario: scenario.value,
          scenarioFile: scenario.file,
          sla,
          signal,
          ...evidence?.request,
        })
        .finally(() => {
          running.delete(plan);
          caseEnded.set(plan, Date.now());
        });
      metrics.recordCase(result);
      options.log(caseLogRecord(result, await evidence?.keep(result)));
      results.push(result);
    }
    metrics.recordCycle(definition.target, Date.now() - started, new Date());
    return results;
  };

  /**
   * Busy is not stuck: a cycle longer than the interval is fine while its case is within its own
   * deadline (from its SLAs, plus the final read and cleanup) — no case may run longer. Stuck is a
   * case past that, or, between cases, no cycle started or ended for two intervals (the loop dead).
   */
  const stuck = (plan: MonitorPlan, interval: number): string | undefined => {
    const now = Date.now();
    const current = running.get(plan);
    if (current) {
      const took = now - current.since;
      return took > current.budgetMs
        ? `stuck: case ${current.scenario} has run ${Math.round(took / 1000)} s, past the ${Math.round(current.budgetMs / 1000)} s its deadline and cleanup allow`
        : undefined;
    }
    const loop = loops.get(plan);
    const idleFor = loop ? now - Math.max(loop.lastProgress(), caseEnded.get(plan) ?? 0) : 0;
    return idleFor > 2 * interval
      ? `stalled: no cycle started or ended for ${Math.round(idleFor / 1000)} s (interval ${interval / 1000} s)`
      : undefined;
  };

  return {
    start() {
      for (const plan of plans) {
        const loop = cycleLoop({
          intervalMs: plan.definition.interval,
          cycle: async () => {
            await cycle(plan);
          },
          onSkipped: () => {
            options.metricsFor(plan).recordSkipped(plan.definition.target);
            options.log({
              time: now(),
              event: 'cycle-skipped',
              target: plan.definition.target,
              message: 'cycle skipped: the previous cycle is still running',
            });
          },
        });
        loops.set(plan, loop);
        loop.start();
      }
    },
    async runOnce() {
      const results = await Promise.all(plans.map((plan) => cycle(plan)));
      await sweepLate(cancel.signal, true);
      return results.flat();
    },
    health() {
      const targets: Record<string, string> = {};
      for (const plan of plans) {
        const { target, interval } = plan.definition;
        targets[target] =
          browserUp.get(target) === false ? 'the browser cannot start' : (stuck(plan, interval) ?? 'ok');
      }
      return { healthy: Object.values(targets).every((t) => t === 'ok'), targets };
    },
    async stop() {
      stopping.abort();
      const grace = setTimeout(
        () => cancel.abort(new DOMException('the monitor is shutting down', 'AbortError')),
        options.shutdownGraceMs,
      );
      try {
        await Promise.all([...loops.values()].map((loop) => loop.stop()));
      } finally {
        clearTimeout(grace);
      }
    },
  };
}
