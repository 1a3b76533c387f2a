import { hostname } from 'node:os';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { ownPackage } from '../../../foundation/index.ts';
import {
  type EvidenceStore,
  ListenError,
  type RunsRoutes,
  runsRoutes,
  startMetricsServer,
} from '../../../monitor/index.ts';
import { gaugeOf } from '../../../monitor/instrument.ts';
import { METRICS } from '../../../monitor/metrics.ts';
import type { Health } from '../../../monitor/metrics-server.ts';
import type { Output } from '../../output.ts';
import type { Shutdown } from './shutdown.ts';

const DEFAULT_TOKEN_ENV = 'CUTOVER_METRICS_TOKEN';

/** What /healthz says before the monitor runs: the process is up, no target is known yet. */
export const STARTING: Health = { healthy: true, targets: {} };

/** The bearer token /metrics requires: from --token-env's variable, else CUTOVER_METRICS_TOKEN if set. */
export function metricsToken(tokenEnv: string | undefined): string | undefined {
  return tokenEnv ? process.env[tokenEnv] : process.env[DEFAULT_TOKEN_ENV];
}

export interface MetricsEndpointOptions {
  registry: Registry;
  /** host:port, e.g. 127.0.0.1:9464. */
  listen: string;
  token: string | undefined;
  health(): Health;
  /** Whether /runs is served (not with --no-evidence). */
  runs: boolean;
  /** --external-url; default: the address it listens on. */
  externalUrl: string | undefined;
}

export interface MetricsEndpoint {
  /** e.g. http://127.0.0.1:9464/metrics */
  metricsUrl: string;
  /** The address people reach the monitor by, without a trailing slash. */
  externalUrl: string;
  /** Serves the kept runs under /runs, once the evidence directory is open (503 until then). */
  serveRuns(store: EvidenceStore): void;
}

/**
 * The long-running monitor's /metrics (with Node's process metrics and cutover_monitor_info),
 * /healthz and /runs, closed in the shutdown. Undefined once a listen address that is taken or
 * not allowed is printed — a usage error, so the caller starts it before anything is submitted.
 */
export async function startMetricsEndpoint(
  options: MetricsEndpointOptions,
  shutdown: Shutdown,
  output: Output,
): Promise<MetricsEndpoint | undefined> {
  const { registry, listen, token, health } = options;
  collectDefaultMetrics({ register: registry });
  // The evidence directory opens after the server (a taken port is found first) and the demo
  // world (whose secrets it redacts): until then /runs says so.
  let routes: RunsRoutes | undefined;
  const runs: RunsRoutes = {
    handle: (request, response) =>
      routes
        ? routes.handle(request, response)
        : response.writeHead(503, { 'content-type': 'text/plain' }).end('the monitor is starting\n'),
  };
  try {
    const server = await startMetricsServer(listen, {
      registry,
      health,
      token,
      runs: options.runs ? runs : undefined,
    });
    shutdown.push(() => server.close());
    const externalUrl = (options.externalUrl ?? reachable(server.url)).replace(/\/+$/, '');
    recordInfo(registry, externalUrl);
    return {
      metricsUrl: `${server.url}/metrics`,
      externalUrl,
      serveRuns: (store) => {
        routes = runsRoutes(store, externalUrl);
      },
    };
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    output.err(`cutover monitor: ${error.message}`);
    return undefined;
  }
}

/**
 * `cutover_monitor_info{version, external_url} 1`: where the monitor's pages are, for the links
 * alert annotations build (`external_url` + `/runs/latest?…`).
 */
export function recordInfo(registry: Registry, externalUrl: string): void {
  gaugeOf(METRICS.info, registry).set({ version: ownPackage().version, external_url: externalUrl }, 1);
}

/** A wildcard listen address is no address to link to: the machine's name stands in for it. */
function reachable(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]') parsed.hostname = hostname();
  return parsed.toString();
}
