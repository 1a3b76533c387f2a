import type { Secret } from '../../../foundation/index.ts';
import { createHttpClient } from '../../../http/index.ts';
import {
  type LogRecord,
  type Monitor,
  type MonitorMetrics,
  type MonitorPlan,
  pushMetrics,
} from '../../../monitor/index.ts';
import type { CaseResult } from '../../../scenario/case-result.ts';
import { EXIT, type ExitCode } from '../../exit-codes.ts';
import type { Output } from '../../output.ts';
import { exitCodeOf } from '../uat.ts';

export interface OnceRun {
  monitor: Monitor;
  plans: MonitorPlan[];
  metrics: Map<MonitorPlan, MonitorMetrics>;
  /** Cancels the cycle (its cases still clean up). */
  stopped: Promise<void>;
  /** --pushgateway and --job, when pushing. */
  push: { url: string; job: string } | undefined;
  secrets: Secret[];
  log(record: LogRecord): void;
  output: Output;
}

/**
 * `--once`: one cycle of every plan, its metrics pushed to the Pushgateway when asked, and the
 * exit code of its verdicts — 2 when no case ran at all, 3 when the push failed.
 */
export async function runOnce(run: OnceRun): Promise<ExitCode> {
  const { monitor } = run;
  // A stop signal during the cycle cancels it (its cases still clean up); the cycle ends either way.
  void run.stopped.then(() => monitor.stop());
  const results = await monitor.runOnce();
  if (run.push && !(await pushPlans(run, run.push))) return EXIT.broken;
  if (results.length === 0) {
    run.output.err('cutover monitor: no case ran');
    return EXIT.invalid;
  }
  return exitCodeOf(verdictCounts(results));
}

/** Each plan's registry, pushed as its own job/target group; false once a failed push is printed. */
async function pushPlans(run: OnceRun, push: { url: string; job: string }): Promise<boolean> {
  const http = createHttpClient({ secrets: run.secrets });
  try {
    for (const plan of run.plans) {
      const at = await pushMetrics(http, {
        url: push.url,
        job: push.job,
        target: plan.definition.target,
        registry: run.metrics.get(plan)!.registry,
      });
      run.log({
        time: new Date().toISOString(),
        event: 'pushed',
        target: plan.definition.target,
        url: at,
        message: `metrics pushed to ${at}`,
      });
    }
    return true;
  } catch (error) {
    run.output.err(`cutover monitor: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    await http.close();
  }
}

function verdictCounts(results: CaseResult[]): Record<'passed' | 'failed' | 'error' | 'skipped', number> {
  const verdicts = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const r of results) for (const c of r.checks) verdicts[c.verdict]++;
  return verdicts;
}
