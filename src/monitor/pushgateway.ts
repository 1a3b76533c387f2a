import type { Registry } from 'prom-client';
import type { HttpClient } from '../http/index.ts';

/**
 * Pushes a registry to a Prometheus Pushgateway under the grouping key job + target (PUT: the
 * group's metrics are replaced by this run's), for CronJob-style runners that exit after a cycle.
 */
export async function pushMetrics(
  http: HttpClient,
  options: { url: string; job: string; target: string; registry: Registry; signal?: AbortSignal },
): Promise<string> {
  const base = options.url.replace(/\/+$/, '');
  const url = `${base}/metrics/job/${encodeURIComponent(options.job)}/target/${encodeURIComponent(options.target)}`;
  const response = await http.send({
    method: 'PUT',
    url,
    headers: { 'content-type': options.registry.contentType },
    body: await options.registry.metrics(),
    signal: options.signal,
    timeoutMs: 30_000,
  });
  if (response.status >= 300) {
    throw new Error(
      `the Pushgateway at ${response.url} answered ${response.status}: ${response.text.slice(0, 300)}`,
    );
  }
  return response.url;
}
