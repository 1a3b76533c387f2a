import type { Registry } from 'prom-client';
import type { CutoverConfig } from '../../../config/index.ts';
import type { LogRecord, MonitorPlan } from '../../../monitor/index.ts';
import {
  createInquiryWatch,
  type InquiryWatch,
  WatchMetrics,
  watchedSources,
} from '../../../monitor/inquiry-watch/index.ts';
import type { CaseRunner } from '../../../scenario/case-runner.ts';

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
