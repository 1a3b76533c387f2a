import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OUT } from '../../src/cli/commands/demo.ts';
import { defaultPlaces, type ReportPlace } from '../../src/cli/commands/show-report/locate.ts';
import { desktopOpener } from '../../src/cli/commands/show-report/open-browser.ts';
import { type ShowReportOptions, showReportCommand } from '../../src/cli/commands/show-report.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { commandLine } from '../../src/cli/main.ts';
import { type AcceptanceReport, writeReport } from '../../src/report/index.ts';
import { DEFAULT_REPORT_DIR } from '../../src/uat/env.ts';
import { SCREENSHOT } from '../report/fixtures/cases.ts';
import { FIXTURES, RUNS, reportOf } from '../report/helpers.ts';

/**
 * `cutover show-report`: the acceptance report served read-only on 127.0.0.1 until stopped, or its
 * summary printed. Every server binds 127.0.0.1 on a free port and is stopped by its test; no
 * browser opens (the opener is injected).
 */

const SECRET = 'outside the report directory: never served';
let root: string;
let single: string;
let demo: string;
const legacy = reportOf(RUNS.legacy);
const renewal = reportOf(RUNS.renewalDefects);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cutover-show-report-'));
  // Beside the report directories: what a path traversal would reach.
  await writeFile(join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(join(root, 'secret.txt'), SECRET);
  single = join(root, 'acceptance');
  await mkdir(join(single, 'screenshots'), { recursive: true });
  await copyFile(join(FIXTURES, 'outcome.png'), join(single, SCREENSHOT));
  await writeReport(single, legacy);
  // Links that lead out of the directory are not followed.
  await symlink(join(root, 'secret.txt'), join(single, 'leak.txt'));
  await symlink(root, join(single, 'up'));
  demo = join(root, 'demo');
  await writeReport(join(demo, 'legacy'), legacy);
  await writeReport(join(demo, 'renewal'), renewal);
  await writeFile(join(demo, 'diff.html'), '<!doctype html><title>parity diff</title>');
  await writeFile(join(demo, 'diff.json'), '{}');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Shown {
  out: string[];
  err: string[];
  opened: string[];
  /** The URL printed, once the server listens. */
  url: Promise<string>;
  done: Promise<number>;
  stop(): void;
}

const running: Shown[] = [];
afterEach(async () => {
  for (const shown of running.splice(0)) {
    shown.stop();
    await shown.done;
  }
});

function show(path: string | undefined, options: ShowReportOptions = {}): Shown {
  const out: string[] = [];
  const err: string[] = [];
  const opened: string[] = [];
  const controller = new AbortController();
  let ready: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    ready = resolve;
  });
  const done = showReportCommand(
    path,
    {
      host: '127.0.0.1',
      signal: controller.signal,
      openBrowser: async (page) => {
        opened.push(page);
        return true;
      },
      onReady: ready,
      ...options,
    },
    { out: (text) => out.push(text), err: (text) => err.push(text), color: false },
  );
  const shown: Shown = {
    out,
    err,
    opened,
    url: Promise.race([
      url,
      done.then((code) => {
        throw new Error(`show-report ended with ${code} before serving: ${err.join('\n')}`);
      }),
    ]),
    done,
    stop: () => controller.abort(),
  };
  running.push(shown);
  return shown;
}

/** A request with the path exactly as written: fetch and URL would resolve `..` before sending. */
function rawGet(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; agent?: Agent } = {},
): Promise<{ status: number; type?: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent ?? false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function capture(path: string | undefined, options: ShowReportOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await showReportCommand(
    path,
    { openBrowser: async () => true, ...options },
    { out: (text) => out.push(text), err: (text) => err.push(text), color: false },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function counts(report: AcceptanceReport): string {
  const v = report.summary.verdicts;
  return `${report.summary.cases} cases: ${v.passed} passed, ${v.failed} failed, ${v.error} error`;
}

describe('cutover show-report: serving a report directory', () => {
  it('serves index.html at / and the report’s files with their content types, prints the URL and opens it once', async () => {
    const shown = show(single);
    const url = await shown.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(shown.out[0]).toBe(`Serving the acceptance report ${single} at ${url}`);
    expect(shown.out.join('\n')).toContain(`legacy: ${counts(legacy)}`);
    expect(shown.out.join('\n')).toContain('Press Ctrl-C to stop.');
    expect(shown.opened).toEqual([url]);

    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await index.text();
    expect(html).toBe(await readFile(join(single, 'index.html'), 'utf8'));
    expect(await (await fetch(`${url}index.html`)).text()).toBe(html);

    const json = await fetch(`${url}report.json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('cache-control')).toBe('no-store');
    expect(await json.json()).toEqual(JSON.parse(await readFile(join(single, 'report.json'), 'utf8')));

    const junit = await fetch(`${url}junit.xml`);
    expect(junit.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await junit.text()).toContain('<testsuites');

    const png = await fetch(`${url}${SCREENSHOT}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer())).toEqual(await readFile(join(FIXTURES, 'outcome.png')));

    const head = await fetch(`${url}report.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
  });

  it.each([
    '/../package.json',
    '/../secret.txt',
    '/../../secret.txt',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/..%2fpackage.json',
    '/..%2Fsecret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%5c%2e%2e%5csecret.txt',
    '/screenshots/../../secret.txt',
    '/screenshots/%2e%2e/%2e%2e/secret.txt',
    '//../secret.txt',
    '/.%2e/secret.txt',
    '/%252e%252e/secret.txt',
    // The absolute path of the file, encoded: replaced below (the directory exists only then).
    '/<absolute>',
    '/leak.txt',
    '/up/secret.txt',
    '/up/package.json',
  ])('never serves a file outside the directory: %s', async (path) => {
    const url = await show(single).url;
    const answer = await rawGet(
      url,
      path.replace('<absolute>', encodeURIComponent(join(root, 'secret.txt'))),
    );
    expect([400, 403, 404]).toContain(answer.status);
    expect(answer.body).not.toContain(SECRET);
  });

  it('decodes the path once: an encoded name inside the directory is served (the control of the above)', async () => {
    const url = await show(single).url;
    expect((await rawGet(url, `/${SCREENSHOT.replace('/', '%2F')}`)).status).toBe(200);
    expect((await rawGet(url, `/screenshots/./${SCREENSHOT.split('/')[1]}`)).status).toBe(200);
    expect((await rawGet(url, '/report%2Ejson?download=1#x')).type).toBe('application/json; charset=utf-8');
  });

  it('lists no directory, refuses undecodable paths and anything but GET and HEAD', async () => {
    const url = await show(single).url;
    expect((await rawGet(url, '/screenshots/')).status).toBe(404);
    expect((await rawGet(url, '/screenshots')).status).toBe(404);
    expect((await rawGet(url, '/nothing.html')).status).toBe(404);
    expect((await rawGet(url, '/%zz')).status).toBe(400);
    expect((await rawGet(url, '/a%00b')).status).toBe(400);
    expect((await rawGet(url, '/report.json', { method: 'POST' })).status).toBe(405);
    expect((await rawGet(url, '/report.json', { method: 'DELETE' })).status).toBe(405);
  });

  it('on 127.0.0.1, answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const url = await show(single).url;
    const port = new URL(url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await rawGet(url, '/report.json', { headers: { host } })).status).toBe(200);
    }
    const rebound = await rawGet(url, '/report.json', { headers: { host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('schemaVersion');
  });

  it('stops on abort with exit 0 — open keep-alive connections too — and listens no more', async () => {
    const shown = show(single);
    const url = await shown.url;
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await rawGet(url, '/report.json', { agent })).status).toBe(200);
      shown.stop();
      const started = Date.now();
      expect(await shown.done).toBe(EXIT.ok);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(shown.out.at(-1)).toBe('Report server stopped.');
      await expect(fetch(`${url}report.json`)).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it('--no-open only prints the URL; where no browser can open, it says to open the URL', async () => {
    const quiet = show(single, { open: false });
    await quiet.url;
    expect(quiet.opened).toEqual([]);
    expect(quiet.out.join('\n')).not.toContain('No desktop browser');

    const headless = show(single, { openBrowser: async () => false });
    await headless.url;
    expect(headless.out.join('\n')).toContain('No desktop browser to open here: open the URL above');
  });

  it('--port serves on that port; a taken port is a usage error (exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const result = await capture(single, { host: '127.0.0.1', port: String(taken) });
      expect(result.code).toBe(EXIT.invalid);
      expect(result.err).toContain(`cannot listen on 127.0.0.1:${taken}: the port is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    expect(await show(single, { port: String(free) }).url).toBe(`http://127.0.0.1:${free}/`);
  });

  it.each([
    ['--port', { port: '65536' }],
    ['--port', { port: 'http' }],
    ['--port', { port: '-1' }],
    ['--host', { host: '' }],
  ])('refuses a bad %s (exit 2) before serving', async (flag, options) => {
    const result = await capture(single, options);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.err).toMatch(new RegExp(`^cutover show-report: ${flag}: expected`));
  });

  it('given report.json or index.html, serves their directory', async () => {
    for (const file of ['report.json', 'index.html']) {
      const shown = show(join(single, file));
      const url = await shown.url;
      expect(shown.out[0]).toBe(`Serving the acceptance report ${single} at ${url}`);
      expect((await fetch(`${url}report.json`)).status).toBe(200);
    }
  });

  it('a directory of reports (cutover demo’s): / links each report and the parity diff, each served', async () => {
    const shown = show(demo);
    const url = await shown.url;
    expect(shown.out.join('\n')).toContain(`${url}legacy/`);
    expect(shown.out.join('\n')).toContain(`renewal: ${counts(renewal)}`);
    expect(shown.out.join('\n')).toContain(`${url}diff.html`);
    const index = await fetch(url);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await index.text();
    expect(page).toContain('href="legacy/"');
    expect(page).toContain('href="renewal/"');
    expect(page).toContain('href="diff.html"');
    expect(page).not.toMatch(/<script/i);
    expect(await (await fetch(`${url}legacy/`)).text()).toBe(
      await readFile(join(demo, 'legacy', 'index.html'), 'utf8'),
    );
    expect((await fetch(`${url}diff.html`)).status).toBe(200);
  });

  it('given diff.html, serves its directory and opens that page', async () => {
    const shown = show(join(demo, 'diff.html'));
    const url = await shown.url;
    expect(url).toMatch(/\/diff\.html$/);
    expect(shown.opened).toEqual([url]);
  });

  it('escapes what it lists: a report directory’s name is text, not markup', async () => {
    const set = join(root, 'set');
    await writeReport(join(set, '<img src=x onerror=alert(1)>'), legacy);
    const page = await (await fetch(await show(set).url)).text();
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;/');
  });
});

describe('cutover show-report: which report', () => {
  const places = (): ReportPlace[] => [
    { dir: single, writer: 'cutover uat', flag: '--report-dir' },
    { dir: demo, writer: 'cutover demo', flag: '--out' },
  ];

  it('looks where cutover uat, Playwright Test (CUTOVER_REPORT_DIR) and cutover demo write: their own defaults', () => {
    const program = commandLine({ out: () => {}, err: () => {}, color: false }, () => {});
    const option = (command: string, flag: string) =>
      program.commands.find((c) => c.name() === command)!.options.find((o) => o.long === flag)!.defaultValue;
    expect(option('uat', '--report-dir')).toBe(DEFAULT_REPORT_DIR);
    expect(option('merge', '--report-dir')).toBe(DEFAULT_REPORT_DIR);
    expect(option('demo', '--out')).toBe(DEMO_OUT);
    expect(defaultPlaces({}).map((p) => p.dir)).toEqual([DEFAULT_REPORT_DIR, DEMO_OUT]);
    expect(defaultPlaces({ CUTOVER_REPORT_DIR: 'out/uat' }).map((p) => p.dir)).toEqual([
      DEFAULT_REPORT_DIR,
      'out/uat',
      DEMO_OUT,
    ]);
    expect(defaultPlaces({ CUTOVER_REPORT_DIR: `./${DEFAULT_REPORT_DIR}` })).toHaveLength(2);
  });

  it('without DIR, shows the newest of them', async () => {
    const setTime = async (files: string[], seconds: number) => {
      for (const file of files) await utimes(file, seconds, seconds);
    };
    const demoReports = [join(demo, 'legacy', 'report.json'), join(demo, 'renewal', 'report.json')];
    await setTime([join(single, 'report.json')], 1_800_000_000);
    await setTime(demoReports, 1_800_000_100);
    expect((await capture(undefined, { print: true, places: places() })).out).toContain(
      `Acceptance report: ${join(demo, 'renewal', 'index.html')}`,
    );
    await setTime([join(single, 'report.json')], 1_800_000_200);
    const printed = await capture(undefined, { print: true, places: places() });
    expect(printed.out.split('\n')[0]).toBe(`Acceptance report: ${join(single, 'index.html')}`);
    expect(printed.out).not.toContain(demo);
  });

  it('no report anywhere: exit 2, naming where it looked and the commands that write one', async () => {
    const none = [
      { dir: join(root, 'none', 'acceptance'), writer: 'cutover uat', flag: '--report-dir' },
      { dir: join(root, 'none', 'demo'), writer: 'cutover demo', flag: '--out' },
    ];
    const result = await capture(undefined, { places: none });
    expect(result.code).toBe(EXIT.invalid);
    expect(result.out).toBe('');
    expect(result.err).toContain(`no acceptance report in ${none[0]!.dir} or ${none[1]!.dir}`);
    expect(result.err).toContain(`cutover uat (into ${none[0]!.dir})`);
    expect(result.err).toContain(`cutover demo (into ${none[1]!.dir})`);
  });

  it('a DIR without a report: exit 2, naming it and how to write one there', async () => {
    const missing = join(root, 'missing');
    const gone = await capture(missing);
    expect(gone.code).toBe(EXIT.invalid);
    expect(gone.err).toContain(`no acceptance report at ${missing}: no such file or directory`);
    expect(gone.err).toContain(`cutover uat --report-dir ${missing}, or cutover demo --out ${missing}`);

    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    const printed = await capture(empty, { print: true });
    expect(printed.code).toBe(EXIT.invalid);
    expect(printed.err).toContain(`no acceptance report in ${empty}`);

    const file = await capture(join(root, 'secret.txt'));
    expect(file.code).toBe(EXIT.invalid);
    expect(file.err).toContain('is not an acceptance report');
  });

  it('after an interrupted run (no report, Playwright’s own there), points at Playwright’s report', async () => {
    const interrupted = join(root, 'interrupted');
    await mkdir(join(interrupted, 'playwright'), { recursive: true });
    await writeFile(join(interrupted, 'playwright', 'index.html'), '<!doctype html>');
    const result = await capture(interrupted);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.err).toContain(`npx playwright show-report ${join(interrupted, 'playwright')}`);
  });
});

describe('cutover show-report --print', () => {
  it('prints where the HTML is, the run, the counts and each case — and serves nothing', async () => {
    const result = await capture(single, { print: true, openBrowser: async () => expect.fail('opened') });
    expect(result.code).toBe(EXIT.ok);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe(`Acceptance report: ${join(single, 'index.html')}`);
    expect(lines[1]).toMatch(
      /^ {2}run 2026-11-26 01:00:00 UTC \(\d+ min\), cutover 0\.1\.0, config cutover\.config\.ts$/,
    );
    expect(lines[2]).toBe(`  legacy: ${counts(legacy)}, ${legacy.summary.verdicts.skipped} skipped`);
    for (const c of legacy.cases) {
      expect(result.out).toMatch(new RegExp(`^ {4}. legacy +${c.scenario.id} `, 'm'));
    }
    // A case that checked nothing says why, instead of an empty line.
    expect(result.out).toMatch(/^ {4}- legacy +AC-06 +skipped · not checked: /m);
    expect(result.out).toContain(`also ${join(single, 'report.json')}`);
    expect(result.out).not.toContain('http://');
  });

  it('a failed case prints each check with its verdict and reason, as cutover uat did', async () => {
    const result = await capture(join(demo, 'renewal', 'report.json'), { print: true });
    expect(result.code).toBe(EXIT.ok);
    const failed = renewal.cases.find((c) => c.verdict === 'failed')!;
    for (const check of failed.checks) expect(result.out).toContain(check.reason);
  });

  it('of a directory of reports: each report, then the parity diff', async () => {
    const result = await capture(demo, { print: true });
    expect(result.code).toBe(EXIT.ok);
    const heads = result.out.split('\n').filter((line) => !line.startsWith(' '));
    expect(heads).toEqual([
      `Acceptance report: ${join(demo, 'legacy', 'index.html')}`,
      `Acceptance report: ${join(demo, 'renewal', 'index.html')}`,
      `Parity diff: ${join(demo, 'diff.html')}`,
    ]);
  });

  it('a report.json this cutover cannot read: exit 2, the problem named with the file', async () => {
    const old = join(root, 'old');
    await mkdir(old, { recursive: true });
    await writeFile(join(old, 'report.json'), JSON.stringify({ ...legacy, schemaVersion: 1 }));
    const result = await capture(old, { print: true });
    expect(result.code).toBe(EXIT.invalid);
    expect(result.err).toContain(
      `${join(old, 'report.json')}: schemaVersion: this report has format version 1`,
    );
  });
});

describe('the desktop’s browser opener', () => {
  const url = 'http://127.0.0.1:9323/';
  it.each([
    ['linux', { DISPLAY: ':0' }, { command: 'xdg-open', args: [url] }],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, { command: 'xdg-open', args: [url] }],
    ['freebsd', { DISPLAY: ':0' }, { command: 'xdg-open', args: [url] }],
    ['darwin', {}, { command: 'open', args: [url] }],
    ['win32', {}, { command: 'cmd', args: ['/c', 'start', '""', url] }],
  ] as const)('%s %o: %o', (platform, env, opener) => {
    expect(desktopOpener(url, platform, env)).toEqual(opener);
  });

  it.each([
    ['linux', {}],
    ['linux', { SSH_CONNECTION: '10.0.0.2 52000 10.0.0.1 22' }],
    ['darwin', { SSH_CONNECTION: '10.0.0.2 52000 10.0.0.1 22' }],
    ['linux', { DISPLAY: ':0', CI: 'true' }],
    ['darwin', { CI: '1' }],
  ] as const)('none on %s %o: the URL is printed instead', (platform, env) => {
    expect(desktopOpener(url, platform, env)).toBeUndefined();
  });
});
