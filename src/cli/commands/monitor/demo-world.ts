import { type CutoverConfig, resolveDemo, type SlaDefinition, usesDemo } from '../../../config/index.ts';
import {
  type DemoWorld,
  type RealTrafficOptions,
  type ResponsePlan,
  startDemoWorld,
} from '../../../demo/index.ts';
import { addBusinessMs, businessDurationMs } from '../../../foundation/business-time.ts';
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
  const salesTeam = demoSalesTeam(plans);
  if (perHour === undefined) return { perHour: 'business-hours', historyWeeks: weeks, ...salesTeam };
  return { perHour: Number(perHour), historyWeeks: weeks, historyAroundHours: 1, ...salesTeam };
}

/**
 * With a sales SLA in a monitor file, the demo's sales team works the file's business calendar and
 * answers within it: an exponential delay of business time averaging a tenth of the SLA, never
 * more than half of it — so the demo breaches nothing until a fault makes it (and an always-open
 * calendar with "1 business minute" compresses the whole story into a test's minutes).
 */
function demoSalesTeam(plans: MonitorPlan[]): { salesTeam?: ResponsePlan } {
  const sla = plans.map((plan) => plan.definition.watch?.sla).find((found) => found !== undefined);
  return sla ? { salesTeam: salesTeamWithin(sla) } : {};
}

/** The demo's sales team for a monitor file's `watch.sla` (also `cutover report sla` on the demo world). */
export function salesTeamWithin(sla: SlaDefinition): ResponsePlan {
  const withinMs = businessDurationMs(sla.firstResponse.within, sla.calendar);
  return (receivedAt, random) =>
    addBusinessMs(
      sla.calendar,
      receivedAt,
      Math.min(-Math.log(1 - random()) * 0.1 * withinMs, 0.5 * withinMs),
    );
}
