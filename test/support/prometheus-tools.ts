import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { inspect } from 'node:util';

/**
 * The real Prometheus, Alertmanager and Pushgateway (the Debian packages) for the monitor's
 * tests: each on 127.0.0.1 on a free port, with a temp dir of its own, ready (GET /-/ready
 * answers 200) before it is returned, and stopped by its PID. A missing binary is an error
 * with the install hint: the tests that need one fail, they are never skipped.
 */

export const PROMETHEUS_INSTALL_HINT =
  'apt-get install --no-install-recommends prometheus prometheus-alertmanager prometheus-pushgateway ' +
  '(or: npx cutover doctor --install --tests)';

export interface PromServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash) */
  url: string;
  port: number;
  pid: number;
  /** The server's temp dir (config, storage); removed by stop(). */
  dir: string;
  /** What the server wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM by PID, SIGKILL after a timeout, then the temp dir is removed. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How long the server may take to answer /-/ready (default 30 s: a busy machine). */
  readyTimeoutMs?: number;
  /** More command-line flags, e.g. ['--log.level=debug']. */
  extraArgs?: string[];
}

/**
 * Prometheus with this config (written to prometheus.yml) and extra files beside it (rule files
 * named relative to the config). Alerts are re-sent to Alertmanager every `alertResendDelay`
 * (default 1s, Prometheus's own default is 1m): the first send of a firing alert can come before
 * the Alertmanager is discovered, and is then dropped until the next resend.
 */
export function startPrometheus(
  options: {
    configYaml: string;
    extraFiles?: Record<string, string>;
    alertResendDelay?: string;
  } & StartOptions,
): Promise<PromServer> {
  const binary = requireBinary('Prometheus', ['prometheus']);
  return startServer({
    name: 'prometheus',
    binary,
    files: { 'prometheus.yml': options.configYaml, ...options.extraFiles },
    args: (port, dir) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--rules.alert.resend-delay=${options.alertResendDelay ?? '1s'}`,
      ...(options.extraArgs ?? []),
    ],
    readyTimeoutMs: options.readyTimeoutMs,
  });
}

/** Alertmanager with this config (alertmanager.yml) and extra files beside it (templates), clustering off. */
export function startAlertmanager(
  options: { configYaml: string; extraFiles?: Record<string, string> } & StartOptions,
): Promise<PromServer> {
  const binary = requireBinary('Alertmanager', ['prometheus-alertmanager', 'alertmanager']);
  return startServer({
    name: 'alertmanager',
    binary,
    files: { 'alertmanager.yml': options.configYaml, ...options.extraFiles },
    args: (port, dir) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...(options.extraArgs ?? []),
    ],
    readyTimeoutMs: options.readyTimeoutMs,
  });
}

/** A Pushgateway; its persistence file lives in its temp dir (the Debian default is under /var/lib). */
export function startPushgateway(options: StartOptions = {}): Promise<PromServer> {
  const binary = requireBinary('Pushgateway', ['prometheus-pushgateway', 'pushgateway']);
  return startServer({
    name: 'pushgateway',
    binary,
    files: {},
    args: (port, dir) => [
      `--web.listen-address=127.0.0.1:${port}`,
      `--persistence.file=${join(dir, 'pushgateway.data')}`,
      ...(options.extraArgs ?? []),
    ],
    readyTimeoutMs: options.readyTimeoutMs,
  });
}

// Queries and polling --------------------------------------------------------------------------

/**
 * The Prometheus config the alerting tests run: a 1 s scrape and evaluation of the monitor's job
 * `cutover` at `scrape` (host:port), the given rule files, and an Alertmanager when given.
 */
export function prometheusConfig(options: {
  ruleFiles: string[];
  scrape: string;
  alertmanager?: string;
}): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    `rule_files: [${options.ruleFiles.join(', ')}]`,
    ...(options.alertmanager
      ? ['alerting:', '  alertmanagers:', `    - static_configs: [{ targets: ['${options.alertmanager}'] }]`]
      : []),
    'scrape_configs:',
    '  - job_name: cutover',
    `    static_configs: [{ targets: ['${options.scrape}'] }]`,
    '',
  ].join('\n');
}

export interface VectorSample {
  metric: Record<string, string>;
  /** The sample value as a number (NaN, +Inf and -Inf included). */
  value: number;
  /** Unix seconds of the evaluation. */
  time: number;
}

/** An instant query through /api/v1/query; the result must be a vector (not a scalar or matrix). */
export async function query(promUrl: string, expr: string): Promise<VectorSample[]> {
  const url = new URL('/api/v1/query', promUrl);
  url.searchParams.set('query', expr);
  const response = await fetch(url);
  const text = await response.text();
  let body: {
    status?: string;
    error?: string;
    data?: {
      resultType?: string;
      result?: Array<{ metric: Record<string, string>; value: [number, string] }>;
    };
  };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `query ${expr}: Prometheus answered ${response.status} with no JSON: ${text.slice(0, 300)}`,
    );
  }
  if (!response.ok || body.status !== 'success') {
    throw new Error(
      `query ${expr}: Prometheus answered ${response.status}: ${body.error ?? text.slice(0, 300)}`,
    );
  }
  if (body.data?.resultType !== 'vector') {
    throw new Error(`query ${expr}: expected a vector, got ${body.data?.resultType}`);
  }
  return (body.data.result ?? []).map((sample) => ({
    metric: sample.metric,
    value: Number(sample.value[1]),
    time: sample.value[0],
  }));
}

export interface WaitForOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Default 250 ms. */
  intervalMs?: number;
  /** What is awaited, for the timeout message, e.g. "the alert CutoverDown to fire". */
  what: string;
}

/**
 * Calls `fn` until it returns a truthy value, and returns that value. A throw counts as "not yet"
 * (and is remembered). On timeout the error names what was awaited and the last value or error.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, options: WaitForOptions): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let last: { value?: unknown; error?: unknown } = {};
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  const lastText =
    'error' in last
      ? `last error: ${last.error instanceof Error ? last.error.message : inspect(last.error)}`
      : `last value: ${inspect(last.value, { depth: 6, breakLength: 120 })}`;
  throw new Error(
    `timed out after ${timeoutMs} ms (${attempts} tries) waiting for ${options.what}; ${lastText}`,
  );
}

// The Prometheus text format -------------------------------------------------------------------

export interface MetricSample {
  /** The sample's name as written (e.g. cutover_run_duration_seconds_bucket). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses the Prometheus text exposition format (0.0.4) into samples: comments and blank lines
 * skipped, label values unescaped (\\, \" and \n), label order irrelevant, optional timestamps dropped.
 */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fail = (why: string) => new Error(`metrics line ${index + 1}: ${why}: ${line}`);
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw fail('no metric name');
    let at = name.length;
    const labels: Record<string, string> = {};
    if (line[at] === '{') {
      at++;
      for (;;) {
        while (line[at] === ' ' || line[at] === ',') at++;
        if (line[at] === '}') {
          at++;
          break;
        }
        const label = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(at))?.[0];
        if (!label) throw fail(`bad label name at column ${at + 1}`);
        at += label.length;
        while (line[at] === ' ') at++;
        if (line[at] !== '=' || line[at + 1] !== '"') throw fail(`expected ="…" after ${label}`);
        at += 2;
        let value = '';
        for (;;) {
          const c = line[at];
          if (c === undefined) throw fail(`unterminated value of ${label}`);
          at++;
          if (c === '"') break;
          if (c === '\\') {
            const next = line[at++];
            value += next === 'n' ? '\n' : (next ?? '');
          } else value += c;
        }
        labels[label] = value;
      }
    }
    const [valueText] = line.slice(at).trim().split(/\s+/);
    if (valueText === undefined || valueText === '') throw fail('no value');
    const value = parseSampleValue(valueText);
    if (value === undefined) throw fail(`bad value ${valueText}`);
    samples.push({ name, labels, value });
  }
  return samples;
}

/** The samples named `name` whose labels include every label of `labels` (others may be present). */
export function samplesOf(
  samples: MetricSample[],
  name: string,
  labels: Record<string, string> = {},
): MetricSample[] {
  return samples.filter(
    // As in Prometheus, an empty value matches a series without the label.
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => (s.labels[key] ?? '') === value),
  );
}

function parseSampleValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

// Starting and stopping ------------------------------------------------------------------------

interface ServerSpec {
  name: string;
  binary: string;
  /** Files written into the temp dir before start, by relative path. */
  files: Record<string, string>;
  args(port: number, dir: string): string[];
  readyTimeoutMs?: number;
}

const BIND_ATTEMPTS = 5;
const BIND_ERROR = /address already in use/i;
const STOP_TIMEOUT_MS = 5_000;
/** Every server started here and not yet stopped: killed if the test process exits without stop(). */
const live = new Set<ChildProcess>();
/** Temp dirs not yet removed: removed if the test process exits without stop(). */
const dirs = new Set<string>();
let exitHookInstalled = false;

async function startServer(spec: ServerSpec): Promise<PromServer> {
  installExitHook();
  const dir = await mkdtemp(join(tmpdir(), `cutover-${spec.name}-`));
  dirs.add(dir);
  try {
    for (const [path, content] of Object.entries(spec.files)) {
      const file = join(dir, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    let lastFailure = '';
    for (let attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      const port = await freePort();
      const started = await startOnce(spec, port, dir);
      if (started.ok) return started.server;
      lastFailure = started.why;
      // Another process took the port between the probe and the bind: try another one.
      if (!started.bindFailure) break;
    }
    throw new Error(`${spec.name} (${spec.binary}) did not start: ${lastFailure}`);
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

async function startOnce(
  spec: ServerSpec,
  port: number,
  dir: string,
): Promise<{ ok: true; server: PromServer } | { ok: false; bindFailure: boolean; why: string }> {
  const child = spawn(spec.binary, spec.args(port, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      output += `\n${error.message}`;
      live.delete(child);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await stopChild(child, exited);
      await removeDir(dir);
    })();
    return stopping;
  };
  let ready = await waitReady(url, exited, spec.readyTimeoutMs ?? 30_000);
  if (ready === true) {
    // A 200 may come from another server that took the port first (tests run in parallel) while
    // ours failed to bind: ours must still be running a moment later, without a bind error.
    await sleep(300);
    if (child.exitCode !== null || child.signalCode !== null || BIND_ERROR.test(output))
      ready = 'another process answered on the port; this one did not bind';
  }
  if (ready !== true) {
    await stopChild(child, exited);
    const bindFailure = BIND_ERROR.test(output);
    return { ok: false, bindFailure, why: `${ready} on ${url}\n${output.slice(-3_000)}` };
  }
  return {
    ok: true,
    server: { url, port, pid: child.pid!, dir, output: () => output, stop },
  };
}

/** true once GET /-/ready answers 200; otherwise why not (exited, timed out). */
async function waitReady(url: string, exited: Promise<void>, timeoutMs: number): Promise<true | string> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (gone) return 'the process exited';
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return true;
      last = `/-/ready answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  return `not ready within ${timeoutMs} ms (${last})`;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await exited;
    return;
  }
  signal(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signal(child.pid!, 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) if (child.pid !== undefined) signal(child.pid, 'SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A port that was free a moment ago (the caller retries if someone takes it before the bind). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The first of `names` found as an executable on PATH (absolute paths are taken as given). */
export function findBinary(names: string[], path = process.env.PATH ?? ''): string | undefined {
  for (const name of names) {
    if (name.includes('/')) {
      if (isExecutable(name)) return name;
      continue;
    }
    for (const dir of path.split(delimiter)) {
      if (!dir) continue;
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function requireBinary(what: string, names: string[]): string {
  const found = findBinary(names);
  if (!found) {
    throw new Error(
      `${what} is needed for this test but none of ${names.join(', ')} is on PATH: install it with ${PROMETHEUS_INSTALL_HINT}`,
    );
  }
  return found;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
