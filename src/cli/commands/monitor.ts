import { collectDefaultMetrics, Registry } from 'prom-client';
import { type SharedBrowser, sharedBrowser } from '../../browser/index.ts';
import { type CutoverConfig, loadProject, projectDirs, resolveDemo, usesDemo } from '../../config/index.ts';
import { type DemoWorld, startDemoWorld } from '../../demo/index.ts';
import { type Problem, parseDuration } from '../../foundation/index.ts';
import { createHttpClient } from '../../http/index.ts';
import {
  createMonitor,
  formatLogRecord,
  ListenError,
  type LogRecord,
  MonitorMetrics,
  type MonitorPlan,
  parseListen,
  pushMetrics,
  startMetricsServer,
} from '../../monitor/index.ts';
import type { Health } from '../../monitor/metrics-server.ts';
import { createCaseRunner } from '../../scenario/case-runner.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, printProblems } from '../output.ts';
import { demoRealTraffic, realTrafficProblem, startWatches } from './monitor-watch.ts';
import { exitCodeOf } from './uat.ts';

export interface MonitorCommandOptions {
  config?: string;
  scenarios?: string;
  monitors?: string;
  listen?: string;
  /** Overrides every file's interval (trying things out, `cutover demo --monitor`). */
  interval?: string;
  once?: boolean;
  pushgateway?: string;
  job: string;
  json?: boolean;
  tokenEnv?: string;
  grace: string;
  /** Demo world only: keep the renewal's planted defects on (default: the launched, fixed build). */
  defects?: boolean;
  /** Demo world only, with `watch:`: real visitors per hour (default: the business-hours profile). */
  realTraffic?: string;
  /** Resolves when the process should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<void>;
  /** Told the metrics URL and the demo world, once everything runs (tests, `cutover demo --monitor`). */
  onReady?: (ready: { metricsUrl?: string; world?: DemoWorld }) => void;
}

const DEFAULT_TOKEN_ENV = 'CUTOVER_METRICS_TOKEN';

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
  const loaded = await loadProject({
    config: options.config,
    scenarios: options.scenarios,
    monitors: files.length > 0 ? files : options.monitors,
  });
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return EXIT.invalid;
  }
  const { config: configFile, scenarios, monitors } = loaded.project;
  if (monitors.length === 0) {
    output.err(
      `cutover monitor: no monitor file in ${projectDirs(options).monitors}/ — name one, e.g. cutover monitor monitors/demo-renewal.yaml`,
    );
    return EXIT.invalid;
  }
  const byId = new Map(scenarios.map((s) => [s.value.id, s]));
  const interval = options.interval === undefined ? undefined : parseDuration(options.interval);
  const plans: MonitorPlan[] = monitors.map((m) => ({
    file: m.file,
    definition: interval === undefined ? m.value : { ...m.value, interval },
    scenarios: m.value.scenarios.map((id) => byId.get(id)!),
  }));
  const token = options.tokenEnv ? process.env[options.tokenEnv] : process.env[DEFAULT_TOKEN_ENV];
  const log = (record: LogRecord) =>
    output.out(options.json ? JSON.stringify(record) : formatLogRecord(record));

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  // From the very start: a signal during start-up stops before anything is submitted.
  const signals = processStopSignal();
  stops.push(async () => signals.dispose());
  const stopSignal = options.stopSignal ?? signals.stopped;
  let stopRequested = false;
  void stopSignal.then(() => {
    stopRequested = true;
  });
  try {
    // Registry, server first: a taken port is a usage error, found before anything is submitted.
    const registry = new Registry();
    let health: () => Health = () => ({ healthy: true, targets: {} });
    let metricsUrl: string | undefined;
    if (!options.once) {
      collectDefaultMetrics({ register: registry });
      const listen = options.listen ?? plans[0]!.definition.listen;
      try {
        const server = await startMetricsServer(listen, { registry, health: () => health(), token });
        stops.push(() => server.close());
        metricsUrl = `${server.url}/metrics`;
      } catch (error) {
        if (!(error instanceof ListenError)) throw error;
        output.err(`cutover monitor: ${error.message}`);
        return EXIT.invalid;
      }
    }

    let config: CutoverConfig = configFile.config;
    let world: DemoWorld | undefined;
    if (usesDemo(config)) {
      world = await startDemoWorld({
        defects: options.defects === true,
        realTraffic: demoRealTraffic(plans, options.realTraffic),
      });
      stops.push(() => world!.stop());
      config = resolveDemo(config, { urls: world.urls, crmToken: world.crmToken });
    }

    const browser: SharedBrowser = sharedBrowser();
    stops.push(() => browser.close());
    const runner = createCaseRunner({
      config,
      secrets: configFile.secrets,
      browser: () => browser.get(),
      production: plans.some((p) => p.definition.production),
    });
    stops.push(() => runner.close());
    const shared = new MonitorMetrics(registry);
    const perPlan = new Map(
      plans.map((p) => [p, options.once ? new MonitorMetrics(new Registry()) : shared]),
    );
    const monitor = createMonitor({
      plans,
      runner,
      browser,
      metricsFor: (plan) => perPlan.get(plan)!,
      log,
      shutdownGraceMs: parseDuration(options.grace)!,
    });
    health = () => monitor.health();

    for (const plan of plans) {
      const { target, production } = plan.definition;
      const ids = plan.scenarios.map((s) => s.value.id).join(', ');
      log({
        time: new Date().toISOString(),
        event: 'start',
        target,
        message: `${options.once ? 'one cycle of' : 'watching'} ${target} (${ids})${options.once ? '' : ` every ${plan.definition.interval / 1000} s`} from ${plan.file}${production ? ' — PRODUCTION target, on purpose: production: true in the monitor file; only scenarios marked production: true run' : ''}`,
      });
    }
    if (metricsUrl) {
      log({
        time: new Date().toISOString(),
        event: 'listening',
        url: metricsUrl,
        message: `metrics at ${metricsUrl}, health at ${metricsUrl.replace(/metrics$/, 'healthz')}`,
      });
    }
    if (world) {
      log({
        time: new Date().toISOString(),
        event: 'demo-world',
        url: `${world.urls.admin}/faults`,
        message: `demo world running${world.defects ? ' with the planted defects' : ' (renewal as launched: planted defects fixed)'}; switch a fault on with curl -X POST ${world.urls.admin}/faults -d '{"smtpRefused":true}', off with curl -X DELETE ${world.urls.admin}/faults${world.realTraffic ? `; real visitors post the campaign landing page (${world.realTraffic.seeded} past inquiries in the CRM and inbox): lose theirs only with -d '{"campaignFormBroken":true}'` : ''}`,
      });
    }
    options.onReady?.({ metricsUrl, world });

    if (stopRequested) {
      log({ time: new Date().toISOString(), event: 'stopped', message: 'stopped before the first cycle' });
      return EXIT.ok;
    }
    if (options.once) {
      const cancelled = stopSignal.then(() => monitor.stop());
      const results = await monitor.runOnce();
      void cancelled;
      if (options.pushgateway) {
        const http = createHttpClient({ secrets: configFile.secrets });
        try {
          for (const plan of plans) {
            const at = await pushMetrics(http, {
              url: options.pushgateway,
              job: options.job,
              target: plan.definition.target,
              registry: perPlan.get(plan)!.registry,
            });
            log({
              time: new Date().toISOString(),
              event: 'pushed',
              target: plan.definition.target,
              url: at,
              message: `metrics pushed to ${at}`,
            });
          }
        } catch (error) {
          output.err(`cutover monitor: ${error instanceof Error ? error.message : String(error)}`);
          return EXIT.broken;
        } finally {
          await http.close();
        }
      }
      if (results.length === 0) {
        output.err('cutover monitor: no case ran');
        return EXIT.invalid;
      }
      const verdicts = { passed: 0, failed: 0, error: 0, skipped: 0 };
      for (const r of results) for (const c of r.checks) verdicts[c.verdict]++;
      return exitCodeOf(verdicts);
    }

    monitor.start();
    const watches = startWatches(plans, config, runner, registry, log);
    stops.push(async () => {
      await Promise.all(watches.map((watch) => watch.stop()));
    });
    await stopSignal;
    log({
      time: new Date().toISOString(),
      event: 'stopping',
      message: `stopping: the running case gets ${options.grace} to finish, then is cancelled and cleaned up`,
    });
    await monitor.stop();
    log({
      time: new Date().toISOString(),
      event: 'stopped',
      message: 'stopped: browser closed, servers closed',
    });
    return EXIT.ok;
  } finally {
    await stopAll();
  }
}

function usageProblems(options: MonitorCommandOptions): Problem[] {
  const problems: Problem[] = [];
  const flag = (path: string, message: string) => problems.push({ file: '(command line)', path, message });
  if (options.listen !== undefined) {
    try {
      parseListen(options.listen);
    } catch (error) {
      flag('--listen', (error as Error).message);
    }
  }
  if (options.pushgateway !== undefined) {
    if (!options.once)
      flag(
        '--pushgateway',
        'pushing goes with --once (a CronJob-style run); a long-running monitor is scraped',
      );
    if (!/^https?:\/\/[^/]+/.test(options.pushgateway))
      flag('--pushgateway', `expected a URL like http://pushgateway:9091, got "${options.pushgateway}"`);
  }
  if (options.interval !== undefined) {
    const interval = parseDuration(options.interval);
    if (interval === undefined || interval < 1000 || interval > 86_400_000)
      flag('--interval', `expected a duration from 1s to 24h like "30s", got "${options.interval}"`);
  }
  const traffic = realTrafficProblem(options.realTraffic);
  if (traffic) flag('--real-traffic', traffic);
  const grace = parseDuration(options.grace);
  if (grace === undefined || grace > 600_000)
    flag('--grace', `expected a duration up to 10m like "30s", got "${options.grace}"`);
  if (options.tokenEnv && !process.env[options.tokenEnv])
    flag('--token-env', `the environment variable ${options.tokenEnv} is not set`);
  return problems;
}

/** Resolves on the first SIGINT or SIGTERM; a second one is left to Node's default (exit at once). */
function processStopSignal(): { stopped: Promise<void>; dispose(): void } {
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
