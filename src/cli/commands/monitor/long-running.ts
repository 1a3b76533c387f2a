import type { Registry } from 'prom-client';
import type { CutoverConfig } from '../../../config/index.ts';
import type { LogRecord, Monitor, MonitorPlan } from '../../../monitor/index.ts';
import type { CaseRunner } from '../../../scenario/case-runner.ts';
import { EXIT, type ExitCode } from '../../exit-codes.ts';
import { startWatches } from './inquiry-watches.ts';
import type { Shutdown } from './shutdown.ts';

export interface LongRun {
  monitor: Monitor;
  plans: MonitorPlan[];
  config: CutoverConfig;
  runner: CaseRunner;
  /** The served registry, which the real-inquiry watches record into too. */
  registry: Registry;
  stopped: Promise<void>;
  /** --grace as given, for the log. */
  grace: string;
  log(record: LogRecord): void;
}

/**
 * The long-running monitor: every plan's cycles and the real-inquiry watches run until the stop
 * signal; then the running case gets its grace period before it is cancelled and cleaned up. The
 * watches stop in the shutdown, first of all. Stopping is how it ends, so the exit code is 0.
 */
export async function runUntilStopped(run: LongRun, shutdown: Shutdown): Promise<ExitCode> {
  const { monitor, log } = run;
  monitor.start();
  const watches = startWatches(run.plans, run.config, run.runner, run.registry, log);
  shutdown.push(async () => {
    await Promise.all(watches.map((watch) => watch.stop()));
  });
  await run.stopped;
  log({
    time: new Date().toISOString(),
    event: 'stopping',
    message: `stopping: the running case gets ${run.grace} to finish, then is cancelled and cleaned up`,
  });
  await monitor.stop();
  log({
    time: new Date().toISOString(),
    event: 'stopped',
    message: 'stopped: browser closed, servers closed',
  });
  return EXIT.ok;
}
