import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceStore } from '../../../src/monitor/evidence/evidence-store.ts';
import type { RunSummary } from '../../../src/monitor/evidence/run-summary.ts';
import { type MetricsServer, startMetricsServer } from '../../../src/monitor/metrics-server.ts';
import { runsRoutes } from '../../../src/monitor/runs-routes.ts';
import { runThrough } from '../../support/evidence-fixtures.ts';

/**
 * /runs over HTTP, on kept runs in a real evidence directory: the list and its filters, a run's
 * page and files, the latest-run redirect alert links use, and the token (Bearer or Basic).
 */
const TOKEN = 's3cret-token';
let dir: string;
let server: MetricsServer;
let runs: { passed: RunSummary; failed: RunSummary; errored: RunSummary; other: RunSummary };
const bearer = { authorization: `Bearer ${TOKEN}` };
const basic = { authorization: `Basic ${Buffer.from(`oncall:${TOKEN}`).toString('base64')}` };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-runs-'));
  let clock = Date.parse('2026-12-08T01:00:00Z');
  const store = createEvidenceStore({
    dir,
    keep: 200,
    maxAgeMs: 86_400_000 * 3650,
    secrets: [],
    now: () => clock,
  });
  await store.open();
  const next = async (verdict: 'passed' | 'failed' | 'error', scenario?: string) => {
    const kept = await runThrough(store, verdict, new Date(clock), undefined, scenario);
    clock += 60_000;
    return kept!;
  };
  runs = {
    passed: await next('passed'),
    failed: await next('failed'),
    other: await next('failed', 'AC-03'),
    errored: await next('error'),
  };
  server = await startMetricsServer('127.0.0.1:0', {
    registry: new Registry(),
    health: () => ({ healthy: true, targets: {} }),
    token: TOKEN,
    runs: runsRoutes(store, 'https://monitor.example.com/cutover'),
  });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The status of a GET of this path exactly as written. */
function rawStatus(path: string): Promise<number> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, headers: bearer }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

const get = (path: string, headers: Record<string, string> = bearer) =>
  fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

describe('/runs', () => {
  it('asks a browser for the token with Basic, and takes it as a Bearer token or a Basic password', async () => {
    const none = await get('/runs', {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="cutover monitor"/);
    const wrong = await get('/runs', {
      authorization: `Basic ${Buffer.from('oncall:nope').toString('base64')}`,
    });
    expect(wrong.status).toBe(401);
    expect((await get('/runs', bearer)).status).toBe(200);
    expect((await get('/runs', basic)).status).toBe(200);
    expect((await get(`/runs/${runs.failed.id}/trace.zip`, {})).status).toBe(401);
    // /metrics takes the same token either way; /healthz stays open.
    expect((await get('/metrics', basic)).status).toBe(200);
    expect((await get('/healthz', {})).status).toBe(200);
  });

  it('lists the kept runs newest first, as JSON with absolute links, filtered by target, scenario and verdict', async () => {
    const all = (await (await get('/runs?format=json')).json()) as {
      runs: Array<RunSummary & { url: string }>;
    };
    expect(all.runs.map((r) => r.id)).toEqual([
      runs.errored.id,
      runs.other.id,
      runs.failed.id,
      runs.passed.id,
    ]);
    expect(all.runs[0]!.url).toBe(`https://monitor.example.com/cutover/runs/${runs.errored.id}/`);
    const byAccept = await get('/runs?scenario=AC-01&verdict=failed', {
      ...bearer,
      accept: 'application/json',
    });
    expect(((await byAccept.json()) as { runs: RunSummary[] }).runs.map((r) => r.id)).toEqual([
      runs.failed.id,
    ]);
    const page = await (await get('/runs?scenario=AC-03')).text();
    expect(page).toContain(`href="runs/${runs.other.id}/"`);
    expect(page).not.toContain(runs.failed.id);
    expect((await get('/runs?target=legacy&format=json').then((r) => r.json())) as unknown).toEqual({
      runs: [],
    });
    const bad = await get('/runs?verdict=broken');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('verdict: expected failed, error, passed, got "broken"');
  });

  it('serves a run page at /runs/<id>/, its files, and the trace as a download', async () => {
    const moved = await get(`/runs/${runs.failed.id}`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe(`${runs.failed.id}/`);
    const page = await get(`/runs/${runs.failed.id}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain(`href="../${runs.passed.id}/"`);
    const trace = await get(`/runs/${runs.failed.id}/trace.zip`, basic);
    expect(trace.headers.get('content-type')).toBe('application/zip');
    expect(trace.headers.get('content-disposition')).toBe(
      `attachment; filename="cutover-trace-${runs.failed.id}.zip"`,
    );
    expect(await trace.text()).toBe('PK trace');
    expect((await get(`/runs/${runs.failed.id}/screenshot.png`)).headers.get('content-type')).toBe(
      'image/png',
    );
    const json = await get(`/runs/${runs.failed.id}/?format=json`);
    expect(((await json.json()) as { verdict: string }).verdict).toBe('failed');
    // A passing run keeps no trace.
    expect((await get(`/runs/${runs.passed.id}/trace.zip`)).status).toBe(404);
  });

  it('redirects /runs/latest to the newest matching run, and says so when none matches', async () => {
    const latest = await get('/runs/latest?target=renewal&scenario=AC-01&verdict=failed', basic);
    expect(latest.status).toBe(302);
    expect(latest.headers.get('location')).toBe(`${runs.failed.id}/`);
    expect(new URL(latest.headers.get('location')!, `${server.url}/runs/latest`).pathname).toBe(
      `/runs/${runs.failed.id}/`,
    );
    const none = await get('/runs/latest?target=renewal&scenario=AC-02&verdict=failed');
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('no kept run matches target=renewal scenario=AC-02 verdict=failed');
  });

  it('reaches nothing outside the evidence directory', async () => {
    for (const path of [
      '/runs/..%2f..%2fetc%2fpasswd',
      `/runs/${runs.failed.id}/..%2f..%2f..%2fetc%2fpasswd`,
      `/runs/${runs.failed.id}/run.json`,
      '/runs/20261208T010000Z-renewal-ac-01-0000/index.html',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
    }
    // Sent as written (fetch would resolve the dots): nothing of the disk, nor another route.
    for (const path of [
      `/runs/${runs.failed.id}/../../../etc/passwd`,
      '/runs/../metrics',
      `/runs/${runs.failed.id}/./index.html`,
    ]) {
      expect(await rawStatus(path), path).toBe(404);
    }
  });
});
