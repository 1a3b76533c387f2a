import type { Registry } from 'prom-client';
import type { CutoverConfig } from '../../config/index.ts';
import type { RealTrafficOptions } from '../../demo/index.ts';
import type { LogRecord, MonitorPlan } from '../../monitor/index.ts';
import {
  createInquiryWatch,
  type InquiryWatch,
  WatchMetrics,
  watchedSources,
} from '../../monitor/inquiry-watch/index.ts';
import type { CaseRunner } from '../../scenario/case-runner.ts';

/**
 * Starts the real-inquiry watch of every monitor file that declares `watch:`, on the probes the
 * case runner already opened for its target, its metrics on the monitor's registry. A long-running
 * monitor only: `--once` has no windows to count.
 */
export function startWatches(
  plans: MonitorPlan[],
  config: CutoverConfig,
  runner: CaseRunner,
  registry: Registry,
  log: (record: LogRecord) => void,
): InquiryWatch[] {
  const watched = plans.filter((plan) => plan.definition.watch !== undefined);
  if (watched.length === 0) return [];
  const metrics = new WatchMetrics(registry);
  return watched.map((plan) => {
    const { target, watch } = plan.definition;
    const watcher = createInquiryWatch({
      target,
      sources: watchedSources(watch!, config, target, runner.probesOf(target)),
      everyMs: watch!.every,
      weeks: watch!.weeks,
      metrics,
      log,
    });
    watcher.start();
    return watcher;
  });
}

/**
 * The demo world's background visitors, when a monitor file watches real inquiries: the
 * business-hours profile with its weeks of history, or — for trying the alert out at any hour —
 * a flat rate with history only around this hour of the week (what the baseline reads).
 */
export function demoRealTraffic(
  plans: MonitorPlan[],
  perHour: string | undefined,
): RealTrafficOptions | undefined {
  const weeks = Math.max(0, ...plans.map((plan) => plan.definition.watch?.weeks ?? 0));
  if (weeks === 0) return undefined;
  if (perHour === undefined) return { perHour: 'business-hours', historyWeeks: weeks };
  return { perHour: Number(perHour), historyWeeks: weeks, historyAroundHours: 1 };
}

export function realTrafficProblem(perHour: string | undefined): string | undefined {
  if (perHour === undefined) return undefined;
  const value = Number(perHour);
  return /^\d+(\.\d+)?$/.test(perHour) && value > 0 && value <= 7200
    ? undefined
    : `expected real visitors per hour, a number up to 7200 like "1800", got "${perHour}"`;
}
