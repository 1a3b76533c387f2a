import { Registry } from 'prom-client';
import { redact, type Secret } from '../../../foundation/index.ts';
import { MonitorMetrics, type MonitorPlan } from '../../../monitor/index.ts';

/**
 * Where each plan records: the long-running monitor's one registry, served at /metrics; or, with
 * --once, a registry per plan, so each target is pushed to the Pushgateway as its own group.
 */
export function planMetrics(
  plans: MonitorPlan[],
  registry: Registry,
  once: boolean | undefined,
  secrets: readonly Secret[],
): Map<MonitorPlan, MonitorMetrics> {
  // A finding quotes what the site did; a secret the site echoed must not become a label.
  const options = { redact: (text: string) => redact(text, secrets) };
  const shared = new MonitorMetrics(registry, options);
  return new Map(plans.map((p) => [p, once ? new MonitorMetrics(new Registry(), options) : shared]));
}
