import { Registry } from 'prom-client';
import { parseDuration } from '../../foundation/index.ts';
import { createMonitor, formatLogRecord, type LogRecord, type Monitor } from '../../monitor/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, printProblems } from '../output.ts';
import { announceStart } from './monitor/announce.ts';
import { openCaseRunner } from './monitor/case-runner.ts';
import { startDemoWorldIfUsed } from './monitor/demo-world.ts';
import { evidenceOptions, openEvidence } from './monitor/evidence.ts';
import { runUntilStopped } from './monitor/long-running.ts';
import {
  type MetricsEndpoint,
  metricsToken,
  recordInfo,
  STARTING,
  startMetricsEndpoint,
} from './monitor/metrics-endpoint.ts';
import { runOnce } from './monitor/once.ts';
import type { MonitorCommandOptions } from './monitor/options.ts';
import { planMetrics } from './monitor/plan-metrics.ts';
import { loadMonitorProject } from './monitor/plans.ts';
import { shutdownStack } from './monitor/shutdown.ts';
import { monitorStopSignal } from './monitor/stop-signal.ts';
import { usageProblems } from './monitor/usage.ts';

export type { MonitorCommandOptions } from './monitor/options.ts';

/**
 * `cutover monitor [files…]`: repeats the scenarios of each monitor file on its target every
 * interval and serves Prometheus metrics — or, with --once, runs one cycle, optionally pushes the
 * metrics to a Pushgateway, and exits with the run's status.
 */
export async function monitorCommand(
  files: string[],
  options: MonitorCommandOptions,
  output: Output,
): Promise<ExitCode> {
  const usage = usageProblems(options);
  if (usage.length > 0) {
    printProblems(output, usage);
    return EXIT.invalid;
  }
  const project = await loadMonitorProject(files, options, output);
  if (!project) return EXIT.invalid;
  const { configFile, plans } = project;
  const evidence = evidenceOptions(options, plans);
  const log = (record: LogRecord) =>
    output.out(options.json ? JSON.stringify(record) : formatLogRecord(record));

  // Everything started below registers its closing here, and is closed last first: the watches,
  // the case runner, the browser, the demo world, the metrics server, the signal handlers.
  const shutdown = shutdownStack();
  // From the very start: a signal during start-up stops before anything is submitted.
  // Through npx, a SIGTERM to npx may end only the shell npm runs cutover in: its end is a stop too,
  // or the monitor would go on submitting forms, orphaned.
  const stop = monitorStopSignal(options.stopSignal, shutdown, () =>
    output.err('cutover monitor: the process that started it (npx, a shell) is gone — stopping'),
  );
  try {
    // Registry, server first: a taken port is a usage error, found before anything is submitted.
    const registry = new Registry();
    let monitor: Monitor | undefined;
    let endpoint: MetricsEndpoint | undefined;
    if (!options.once) {
      endpoint = await startMetricsEndpoint(
        {
          registry,
          listen: options.listen ?? plans[0]!.definition.listen,
          token: metricsToken(options.tokenEnv),
          health: () => monitor?.health() ?? STARTING,
          runs: evidence.evidence !== false,
          externalUrl: evidence.externalUrl,
        },
        shutdown,
        output,
      );
      if (endpoint === undefined) return EXIT.invalid;
    }
    const metricsUrl = endpoint?.metricsUrl;

    const { config, world } = await startDemoWorldIfUsed(configFile.config, plans, options, shutdown);
    const store = await openEvidence(evidence, config, configFile.secrets, output);
    if (store === false) return EXIT.invalid;
    if (store) endpoint?.serveRuns(store);
    // Pages are linked where they are served, or where --external-url says (a --once run's folder is served elsewhere).
    const pagesAt = endpoint?.externalUrl ?? evidence.externalUrl?.replace(/\/+$/, '');
    const { browser, runner } = openCaseRunner(config, configFile.secrets, plans, shutdown);
    const metrics = planMetrics(plans, registry, options.once, configFile.secrets);
    // A --once run pushes each plan's registry: with --external-url, where its pages are goes too.
    if (options.once && pagesAt && store)
      for (const instruments of new Set(metrics.values())) recordInfo(instruments.registry, pagesAt);
    monitor = createMonitor({
      plans,
      runner,
      browser,
      metricsFor: (plan) => metrics.get(plan)!,
      log,
      shutdownGraceMs: parseDuration(options.grace)!,
      defaults: config.defaults,
      evidence: store && {
        store,
        runUrl: pagesAt === undefined ? undefined : (id) => `${pagesAt}/runs/${id}/`,
      },
    });
    announceStart(
      {
        plans,
        once: options.once,
        metricsUrl,
        runsUrl: store && endpoint ? `${endpoint.externalUrl}/runs` : undefined,
        evidenceDir: store ? store.dir : undefined,
        world,
      },
      log,
    );
    options.onReady?.({ metricsUrl, world });

    if (stop.requested) {
      log({ time: new Date().toISOString(), event: 'stopped', message: 'stopped before the first cycle' });
      return EXIT.ok;
    }
    // `return await`: the shutdown in `finally` waits for the run, not just for its start.
    if (options.once) {
      return await runOnce({
        monitor,
        plans,
        metrics,
        stopped: stop.stopped,
        push: options.pushgateway ? { url: options.pushgateway, job: options.job } : undefined,
        secrets: configFile.secrets,
        log,
        output,
      });
    }
    return await runUntilStopped(
      { monitor, plans, config, runner, registry, stopped: stop.stopped, grace: options.grace, log },
      shutdown,
    );
  } finally {
    await shutdown.run();
  }
}
