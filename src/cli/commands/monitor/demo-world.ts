import { type CutoverConfig, resolveDemo, usesDemo } from '../../../config/index.ts';
import { type DemoWorld, type RealTrafficOptions, startDemoWorld } from '../../../demo/index.ts';
import type { MonitorPlan } from '../../../monitor/index.ts';
import type { MonitorCommandOptions } from './options.ts';
import type { Shutdown } from './shutdown.ts';

/**
 * The demo world, when the config names demo:// systems: started in this process (stopped in the
 * shutdown) and the config resolved to its addresses. Any other config is returned as it is.
 */
export async function startDemoWorldIfUsed(
  config: CutoverConfig,
  plans: MonitorPlan[],
  options: Pick<MonitorCommandOptions, 'defects' | 'realTraffic'>,
  shutdown: Shutdown,
): Promise<{ config: CutoverConfig; world?: DemoWorld }> {
  if (!usesDemo(config)) return { config };
  const world = await startDemoWorld({
    defects: options.defects === true,
    realTraffic: demoRealTraffic(plans, options.realTraffic),
  });
  shutdown.push(() => world.stop());
  return { config: resolveDemo(config, { urls: world.urls, crmToken: world.crmToken }), world };
}

/**
 * The demo world's background visitors, when a monitor file watches real inquiries: the
 * business-hours profile with its weeks of history, or — for trying the alert out at any hour —
 * a flat rate with history only around this hour of the week (what the baseline reads).
 */
function demoRealTraffic(plans: MonitorPlan[], perHour: string | undefined): RealTrafficOptions | undefined {
  const weeks = Math.max(0, ...plans.map((plan) => plan.definition.watch?.weeks ?? 0));
  if (weeks === 0) return undefined;
  if (perHour === undefined) return { perHour: 'business-hours', historyWeeks: weeks };
  return { perHour: Number(perHour), historyWeeks: weeks, historyAroundHours: 1 };
}
