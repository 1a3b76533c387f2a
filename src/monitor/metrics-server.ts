import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { serveRunbooks } from './runbooks-page.ts';
import type { RunsRoutes } from './runs-routes.ts';

export interface Health {
  healthy: boolean;
  /** Per target: what is wrong, or "ok". */
  targets: Record<string, string>;
}

export interface MetricsServerOptions {
  registry: Registry;
  health(): Health;
  /**
   * When set, /metrics and /runs require it: `Authorization: Bearer <token>`, or HTTP Basic with
   * the token as the password (any user name), which a browser opened from a page's link can
   * give. /healthz stays open for liveness probes.
   */
  token?: string;
  /** The kept runs' pages (runs-routes.ts); without it /runs answers 404. */
  runs?: RunsRoutes;
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

/** A listen address that is taken or not allowed: a usage problem, reported before anything runs. */
export class ListenError extends Error {
  readonly code = 'CUTOVER_LISTEN';
  constructor(address: string, cause: NodeJS.ErrnoException) {
    const why =
      cause.code === 'EADDRINUSE'
        ? 'the port is already in use (another monitor, or choose another with --listen)'
        : cause.code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges)'
          : cause.code === 'EADDRNOTAVAIL' || cause.code === 'ENOTFOUND'
            ? 'no such address on this machine'
            : cause.message;
    super(`cannot listen on ${address}: ${why}`);
    this.name = 'ListenError';
  }
}

/**
 * `/metrics` (Prometheus text format), `/healthz` (200 healthy, 503 stalled or no browser) and
 * the kept runs under `/runs`.
 */
export async function startMetricsServer(
  listen: string,
  options: MetricsServerOptions,
): Promise<MetricsServer> {
  const { host, port } = parseListen(listen);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const health = options.health();
      response
        .writeHead(health.healthy ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: health.healthy ? 'ok' : 'unhealthy', targets: health.targets }));
      return;
    }
    if (path === '/metrics') {
      if (options.token && !authorised(request.headers.authorization, options.token)) {
        response.writeHead(401, { 'www-authenticate': 'Bearer' }).end('unauthorised\n');
        return;
      }
      options.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(`${String(error)}\n`),
      );
      return;
    }
    if ((path === '/runs' || path.startsWith('/runs/')) && options.runs) {
      if (options.token && !authorised(request.headers.authorization, options.token)) {
        // Basic, so a browser opened from an alert's link asks for the token.
        response
          .writeHead(401, { 'www-authenticate': 'Basic realm="cutover monitor", charset="UTF-8"' })
          .end(
            'unauthorised: give the monitor token as the password (any user name), or as a Bearer token\n',
          );
        return;
      }
      options.runs.handle(request, response);
      return;
    }
    if (serveRunbooks(path, request, response)) return;
    response
      .writeHead(404, { 'content-type': 'text/plain' })
      .end(
        `cutover monitor: /metrics (Prometheus), /healthz, /runbooks${options.runs ? ', /runs (kept case runs)' : ''}\n`,
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new ListenError(listen, error)));
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () => closeServer(server),
  };
}

export function parseListen(listen: string): { host: string; port: number } {
  const found = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
  const port = Number(found?.[2]);
  if (!found?.[1] || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`expected host:port like "127.0.0.1:9464", got "${listen}"`);
  }
  return { host: found[1], port };
}

/** `Bearer <token>`, or `Basic` with the token as the password; compared in constant time. */
function authorised(header: string | undefined, token: string): boolean {
  const [scheme = '', credentials = ''] = (header ?? '').split(' ', 2);
  const given =
    scheme.toLowerCase() === 'bearer'
      ? credentials
      : scheme.toLowerCase() === 'basic'
        ? passwordOf(credentials)
        : undefined;
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function passwordOf(basic: string): string | undefined {
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
