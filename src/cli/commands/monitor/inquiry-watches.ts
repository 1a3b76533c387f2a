import type { Registry } from 'prom-client';
import type { CutoverConfig } from '../../../config/index.ts';
import type { LogRecord, MonitorPlan } from '../../../monitor/index.ts';
import {
  createInquiryWatch,
  createSlaWatch,
  type InquiryWatch,
  SlaMetrics,
  slaReader,
  WatchMetrics,
  watchedSources,
} from '../../../monitor/inquiry-watch/index.ts';
import type { CaseRunner } from '../../../scenario/case-runner.ts';

/**
 * Starts the real-inquiry watch of every monitor file that declares `watch:` (and its sales SLA
 * watch with `watch.sla`), on the probes the case runner already opened for its target, their
 * metrics on the monitor's registry. A long-running monitor only: `--once` has no windows to count.
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
  const slaMetrics = watched.some((plan) => plan.definition.watch?.sla)
    ? new SlaMetrics(registry)
    : undefined;
  return watched.flatMap((plan) => {
    const { target, watch } = plan.definition;
    const probes = runner.probesOf(target);
    const watcher = createInquiryWatch({
      target,
      sources: watchedSources(watch!, config, target, probes),
      everyMs: watch!.every,
      weeks: watch!.weeks,
      metrics,
      log,
    });
    watcher.start();
    if (!watch?.sla || !slaMetrics) return [watcher];
    const sla = createSlaWatch({
      target,
      sla: watch.sla,
      weeks: watch.weeks,
      ...slaReader(watch, config, target, probes),
      metrics: slaMetrics,
      log,
    });
    sla.start();
    return [watcher, sla];
  });
}
