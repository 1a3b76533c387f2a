import { createServer } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Health, ListenError, startMetricsServer } from '../../../src/monitor/metrics-server.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(options: { token?: string; health?: () => Health } = {}) {
  const registry = new Registry();
  new Counter({ name: 'cutover_test_total', help: 'a test counter', registers: [registry] }).inc(3);
  const server = await startMetricsServer('127.0.0.1:0', {
    registry,
    health: options.health ?? (() => ({ healthy: true, targets: { renewal: 'ok' } })),
    token: options.token,
  });
  closers.push(() => server.close());
  return server;
}

describe('the metrics endpoint', () => {
  it('serves the registry in the Prometheus text format on 127.0.0.1', async () => {
    const server = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('cutover_test_total 3');
  });

  it('requires the bearer token when one is set, and keeps /healthz open for liveness probes', async () => {
    const server = await serve({ token: 's3cret-token' });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('s3cret');
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(right.status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers /healthz with 503 and the reason per target when the monitor is unhealthy', async () => {
    let health: Health = { healthy: true, targets: { renewal: 'ok' } };
    const server = await serve({ health: () => health });
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
      status: 'ok',
      targets: { renewal: 'ok' },
    });
    health = { healthy: false, targets: { renewal: 'the browser cannot start' } };
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unhealthy',
      targets: { renewal: 'the browser cannot start' },
    });
  });

  it('refuses a taken port with a ListenError naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const registry = new Registry();
    const started = startMetricsServer(`127.0.0.1:${port}`, {
      registry,
      health: () => ({ healthy: true, targets: {} }),
    });
    await expect(started).rejects.toBeInstanceOf(ListenError);
    await expect(started).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is already in use`);
  });
});
