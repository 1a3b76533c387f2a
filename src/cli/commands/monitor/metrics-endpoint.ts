import { collectDefaultMetrics, type Registry } from 'prom-client';
import { ListenError, startMetricsServer } from '../../../monitor/index.ts';
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
}

/**
 * The long-running monitor's /metrics (with Node's process metrics) and /healthz, closed in the
 * shutdown. Returns the metrics URL; undefined once a listen address that is taken or not allowed
 * is printed — a usage error, so the caller starts it before anything is submitted.
 */
export async function startMetricsEndpoint(
  options: MetricsEndpointOptions,
  shutdown: Shutdown,
  output: Output,
): Promise<string | undefined> {
  const { registry, listen, token, health } = options;
  collectDefaultMetrics({ register: registry });
  try {
    const server = await startMetricsServer(listen, { registry, health, token });
    shutdown.push(() => server.close());
    return `${server.url}/metrics`;
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    output.err(`cutover monitor: ${error.message}`);
    return undefined;
  }
}
