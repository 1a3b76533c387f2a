import { Registry } from 'prom-client';
import { MonitorMetrics, type MonitorPlan } from '../../../monitor/index.ts';

/**
 * Where each plan records: the long-running monitor's one registry, served at /metrics; or, with
 * --once, a registry per plan, so each target is pushed to the Pushgateway as its own group.
 */
export function planMetrics(
  plans: MonitorPlan[],
  registry: Registry,
  once: boolean | undefined,
): Map<MonitorPlan, MonitorMetrics> {
  const shared = new MonitorMetrics(registry);
  return new Map(plans.map((p) => [p, once ? new MonitorMetrics(new Registry()) : shared]));
}
