import type { DemoWorld } from '../../../demo/index.ts';
import type { LogRecord, MonitorPlan } from '../../../monitor/index.ts';

export interface Started {
  plans: MonitorPlan[];
  once: boolean | undefined;
  metricsUrl: string | undefined;
  /** Where the kept runs are listed (external URL + /runs), when served. */
  runsUrl?: string;
  /** Where the evidence is kept on disk. */
  evidenceDir?: string;
  world: DemoWorld | undefined;
}

/**
 * The log's first lines, once everything has started: what each plan repeats on which target
 * (production said out loud), where the metrics are, and how to switch the demo world's faults.
 */
export function announceStart(
  { plans, once, metricsUrl, runsUrl, evidenceDir, world }: Started,
  log: (record: LogRecord) => void,
): void {
  for (const plan of plans) {
    const { target, production } = plan.definition;
    const ids = plan.scenarios.map((s) => s.value.id).join(', ');
    log({
      time: new Date().toISOString(),
      event: 'start',
      target,
      message: `${once ? 'one cycle of' : 'watching'} ${target} (${ids})${once ? '' : ` every ${plan.definition.interval / 1000} s`} from ${plan.file}${production ? ' — PRODUCTION target, on purpose: production: true in the monitor file; only scenarios marked production: true run' : ''}`,
    });
  }
  if (metricsUrl) {
    log({
      time: new Date().toISOString(),
      event: 'listening',
      url: metricsUrl,
      message: `metrics at ${metricsUrl}, health at ${metricsUrl.replace(/metrics$/, 'healthz')}${runsUrl ? `, kept runs at ${runsUrl}` : ''}`,
    });
  }
  if (evidenceDir) {
    log({
      time: new Date().toISOString(),
      event: 'evidence',
      message: `failed and errored runs keep their evidence in ${evidenceDir}${runsUrl ? ` (served at ${runsUrl})` : ''}`,
    });
  }
  if (world) {
    log({
      time: new Date().toISOString(),
      event: 'demo-world',
      url: `${world.urls.admin}/faults`,
      message: `demo world running${world.defects ? ' with the planted defects' : ' (renewal as launched: planted defects fixed)'}; switch a fault on with curl -X POST ${world.urls.admin}/faults -d '{"smtpRefused":true}', off with curl -X DELETE ${world.urls.admin}/faults${world.realTraffic ? `; real visitors post the campaign landing page (${world.realTraffic.seeded} past inquiries in the CRM and inbox): lose theirs only with -d '{"campaignFormBroken":true}'; stop the sales team's first responses with -d '{"salesNotificationLost":true}', drop real visitors' UTMs with -d '{"utmDroppedForRealVisitors":true}'` : ''}`,
    });
  }
}
