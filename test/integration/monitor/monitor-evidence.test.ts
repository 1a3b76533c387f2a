import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../../src/demo/index.ts';
import { launchTestChromium } from '../../support/chromium.ts';
import { configAgainst } from '../../support/demo-rig.ts';
import {
  type MonitorProcess,
  type MonitorRecord,
  REPO_ROOT,
  startMonitor,
} from '../../support/monitor-process.ts';
import { waitFor } from '../../support/prometheus-tools.ts';

/**
 * What an on-call engineer opens from a page: a failing demo case under `cutover monitor` keeps
 * its evidence — a page with the screenshot, the mail as received and the trace — listed at /runs,
 * reachable by /runs/latest, behind the metrics token; and no secret in any of it. The secret
 * canary is the CRM token itself: the demo world accepts only it, so every case sends it.
 */
const CANARY = `pat-canary-${randomBytes(6).toString('hex')}`;
const TOKEN = `tok-${randomBytes(6).toString('hex')}`;
const CRM_TOKEN_ENV = 'CUTOVER_TEST_CRM_TOKEN';
const EXTERNAL = 'http://oncall.example.test/cutover';
const execFileAsync = promisify(execFile);

let world: DemoWorld;
let projectDir: string;
let evidenceDir: string;
let monitor: MonitorProcess;
let base: string;
let browser: Browser;
let passedFirst: MonitorRecord;
let failed: MonitorRecord;

const cases = () => monitor.records.filter((r) => r.event === 'case');
const bearer = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  world = await startDemoWorld({ defects: false, crmToken: CANARY });
  projectDir = join(REPO_ROOT, '.cutover', `test-evidence-${randomBytes(4).toString('hex')}`);
  evidenceDir = join(projectDir, 'evidence');
  await mkdir(projectDir, { recursive: true });
  const configFile = join(projectDir, 'cutover.config.ts');
  const monitorFile = join(projectDir, 'renewal.yaml');
  await writeFile(configFile, await configAgainst(world, CRM_TOKEN_ENV));
  await writeFile(
    monitorFile,
    [
      'target: renewal',
      'scenarios: [AC-01]',
      'interval: 3s',
      'sla: { submit: 10s, notification: 10s, crm: 10s }',
      'listen: 127.0.0.1:0',
      // The monitor file's own place for them (the flags --evidence-dir and --external-url win).
      `externalUrl: ${EXTERNAL}/`,
      `evidence: { dir: ${JSON.stringify(evidenceDir)}, keep: 50, maxAge: 1d }`,
      '',
    ].join('\n'),
  );
  monitor = startMonitor(
    [
      '-c',
      configFile,
      '--scenarios',
      join(REPO_ROOT, 'scenarios'),
      monitorFile,
      '--grace',
      '5s',
      '--lang',
      'ja',
    ],
    { env: { [CRM_TOKEN_ENV]: CANARY, CUTOVER_METRICS_TOKEN: TOKEN }, evidenceDirInFile: true },
  );
  base = (await monitor.waitForRecord((r) => r.event === 'listening', 90_000)).url!.replace(/\/metrics$/, '');
  browser = await launchTestChromium();
  // A passing case first (what a failure is compared with), then the auto-reply loses a field.
  passedFirst = await monitor.waitForRecord((r) => r.event === 'case' && r.verdict === 'passed', 120_000);
  world.faults.set({ autoReplyFieldLost: true });
  failed = await monitor.waitForRecord(
    (r) => r.event === 'case' && r.verdict === 'failed' && cases().indexOf(r) > cases().indexOf(passedFirst),
    120_000,
  );
  world.faults.clear();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await monitor?.dispose();
  await world?.stop();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

describe('the evidence of a failing case under the monitor', () => {
  it('logs the failed run with its id and its page at the external URL; a passing run with neither', () => {
    expect(failed.run).toMatch(/^\d{8}T\d{6}Z-renewal-ac-01-[0-9a-f]{4}$/);
    expect(failed.url).toBe(`${EXTERNAL}/runs/${failed.run as string}/`);
    expect(passedFirst.run).toBeUndefined();
    expect(passedFirst.url).toBeUndefined();
  });

  it('says where its pages are in cutover_monitor_info, for the links alerts build', async () => {
    const metrics = await (await fetch(`${base}/metrics`, { headers: bearer })).text();
    expect(metrics).toMatch(
      new RegExp(`^cutover_monitor_info\\{version="[^"]+",external_url="${EXTERNAL}"\\} 1$`, 'm'),
    );
  });

  it('keeps a folder for the failure and only the last passing run, and lists them newest first', async () => {
    const folders = (await readdir(evidenceDir)).filter((f) => !f.startsWith('.'));
    expect(folders).toContain(failed.run);
    expect(await readdir(join(evidenceDir, failed.run as string))).toEqual(
      expect.arrayContaining(['index.html', 'result.json', 'run.json', 'screenshot.png', 'trace.zip']),
    );
    const listed = (await (await fetch(`${base}/runs?format=json`, { headers: bearer })).json()) as {
      runs: Array<{ id: string; verdict: string; url: string; lastPassed?: string }>;
    };
    const ids = listed.runs.map((r) => r.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(listed.runs.filter((r) => r.verdict === 'passed').length).toBeLessThanOrEqual(2);
    const entry = listed.runs.find((r) => r.id === failed.run)!;
    expect(entry).toMatchObject({ verdict: 'failed', url: failed.url });
    // The JSON is data whatever the pages' language: its summary in the English it is stored in.
    expect((entry as { summary?: string }).summary).toMatch(/^notification \(autoreply\) failed: /);
    // Each passing run replaced the one before, except the one this failure compares with.
    expect(listed.runs.find((r) => r.id === entry.lastPassed)?.verdict).toBe('passed');
    expect(folders.length).toBe(listed.runs.length);
    const onlyFailed = (await (
      await fetch(`${base}/runs?target=renewal&scenario=AC-01&verdict=failed&format=json`, {
        headers: bearer,
      })
    ).json()) as { runs: Array<{ verdict: string }> };
    expect(onlyFailed.runs.length).toBeGreaterThan(0);
    expect(onlyFailed.runs.every((r) => r.verdict === 'failed')).toBe(true);
  });

  it('a passing run after the fix updates the last passing run and keeps no failure folder', async () => {
    const from = cases().length;
    const passedAgain = await waitFor(
      () =>
        cases()
          .slice(from)
          .find((r) => r.verdict === 'passed'),
      { what: 'a passing case after the fault was cleared', timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(passedAgain.run).toBeUndefined();
    const passing = await waitFor(
      async () => {
        const { runs } = (await (
          await fetch(`${base}/runs?verdict=passed&format=json`, { headers: bearer })
        ).json()) as { runs: Array<{ id: string; endedAt: string }> };
        return runs[0] && runs[0].endedAt === passedAgain.time ? runs : undefined;
      },
      { what: 'the newest passing run listed', timeoutMs: 10_000 },
    );
    expect(passing[0]!.id > (failed.run as string)).toBe(true);
  }, 180_000);

  it('asks for the token: 401 without it, 200 with it as Bearer and as a Basic password', async () => {
    const none = await fetch(`${base}/runs`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic realm="cutover monitor"');
    expect((await fetch(`${base}/runs`, { headers: bearer })).status).toBe(200);
    const basic = `Basic ${Buffer.from(`oncall:${TOKEN}`).toString('base64')}`;
    expect((await fetch(`${base}/runs`, { headers: { authorization: basic } })).status).toBe(200);
  });

  it('opened in Chromium from the alert link: screenshot shown, mail body shown, trace downloadable', async () => {
    // As from an alert's link: the browser is asked for the token (Basic) and goes to the newest failure.
    const context = await browser.newContext({ httpCredentials: { username: 'oncall', password: TOKEN } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${base}/runs/latest?target=renewal&scenario=AC-01&verdict=failed`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toMatch(/^\/runs\/\d{8}T\d{6}Z-renewal-ac-01-[0-9a-f]{4}\/$/);
      const id = (await page.locator('#run-id').textContent())!;
      expect(id >= (failed.run as string)).toBe(true);
      // In the language --lang asked for: what went wrong rendered from the findings, in Japanese.
      const wentWrong = await page.locator('#run-summary').textContent();
      expect(wentWrong).toContain('電話番号');
      expect(wentWrong).toContain('通知メール（autoreply）が不合格:');
      expect(await page.locator('#evidence > h2').textContent()).toBe('証跡・判定理由・後片付け');
      const screenshot = page.locator('img.screenshot');
      await expect
        .poll(() => screenshot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      // The auto-reply as received: its HTML in the sandboxed frame, the sales mail's fields in the page.
      const autoreply = page.locator('section[data-check="notification"][data-channel="autoreply"]');
      const frame = await autoreply.locator('iframe.mail-html').elementHandle();
      const body = await (await frame!.contentFrame())!.locator('body').textContent();
      expect(body).toContain('株式会社テスト商事');
      expect(
        await page.locator('section[data-check="notification"][data-channel=""]').textContent(),
      ).toContain('03-1234-5678');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#trace-link').click(),
      ]);
      expect(download.suggestedFilename()).toBe(`cutover-trace-${id}.zip`);
      const saved = join(projectDir, 'downloaded-trace.zip');
      await download.saveAs(saved);
      const bytes = await readFile(saved);
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(await zipEntries(saved)).toEqual(expect.arrayContaining(['trace.trace', 'trace.network']));
      // The last passing run, for comparison, is one click away.
      await page.locator('#last-passed a').click();
      await expect.poll(() => page.locator('h1 .badge').textContent()).toContain('合格');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('writes the secret canary (the CRM token every case sends) into no file: pages, JSON, screenshots, traces', async () => {
    const files = await walk(evidenceDir);
    expect(files.some((f) => f.endsWith('trace.zip'))).toBe(true);
    for (const file of files) {
      const contents = file.endsWith('.zip') ? await unzipAll(file) : await readFile(file, 'latin1');
      expect(contents.includes(CANARY), file).toBe(false);
      expect(contents.includes(encodeURIComponent(CANARY)), file).toBe(false);
    }
    expect(JSON.stringify(monitor.records)).not.toContain(CANARY);
  });
});

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

const UNZIP_HINT = 'unzip is not installed: apt-get install unzip';

async function zipEntries(file: string): Promise<string[]> {
  const { stdout } = await execFileAsync('zipinfo', ['-1', file]).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new Error(UNZIP_HINT) : error;
  });
  return stdout.split('\n').filter(Boolean);
}

/** Every entry of a zip, inflated and concatenated, to search as text. */
async function unzipAll(file: string): Promise<string> {
  const { stdout } = await execFileAsync('unzip', ['-p', file], {
    encoding: 'latin1',
    maxBuffer: 256 * 1024 * 1024,
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new Error(UNZIP_HINT) : error;
  });
  return stdout;
}
