import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../src/browser/index.ts';
import { PLANTED_DEFECTS, PLANTED_EMBEDDED_DEFECTS } from '../../../src/demo/index.ts';
import { hashText, readReport, reportSchema } from '../../../src/report/index.ts';
import { packBudgetMs } from '../../support/budget.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * The README's main job, end to end: `cutover demo` in real Chromium on the embedded demo world,
 * through the same Playwright Test path as `cutover uat`.
 */
const run = promisify(execFile);
const root = REPO_ROOT;
const bin = join(root, 'bin', 'cutover.js');

async function cutover(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Budgets from the pack's own deadlines (test/support/budget.ts): `cutover demo` runs both builds
// at once with 3 workers each; the sharded run is two `cutover uat` runs of two cases, one worker.
const DEMO_BUDGET_MS = await packBudgetMs({ workers: 3 });
const SHARDS_BUDGET_MS = await packBudgetMs({ workers: 1, runs: 2, grep: /AC-0[34]/ });

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'cutover-demo-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('cutover demo (planted renewal defects on)', () => {
  let result: Awaited<ReturnType<typeof cutover>>;
  beforeAll(async () => {
    result = await cutover(['demo', '--out', join(out, 'defects')]);
  }, DEMO_BUDGET_MS);

  it('runs to the end and exits 0 because it found exactly the documented defects', () => {
    expect(result.stderr).not.toMatch(/cutover demo: /);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('As documented: every planted defect, and nothing else.');
    // The embedded build's defects, each caught by its scenario's own check.
    for (const p of PLANTED_EMBEDDED_DEFECTS)
      expect(result.stdout).toContain(`✓ ${p.defect} ${p.scenario} ${p.check.padEnd(12)} ${p.what}`);
  });

  it('prints progress per case with verdicts and delays, and the file paths', () => {
    expect(result.stdout).toMatch(/✓ legacy\s+AC-01\s+submit ✓ .*notification ✓ .*\/ SLA 30 s/);
    // A failed case: its name, then one line per check with verdict and reason.
    expect(result.stdout).toMatch(
      /✗ renewal\s+AC-01 .*\n(?: {6}.*\n)*? {6}✗ notification\s+failed .*電話番号/,
    );
    expect(result.stdout).not.toMatch(/Expected|Received|toEqual|^\s+at /m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toContain(join(out, 'defects', 'diff.html'));
  });

  it('flags each planted defect as a regression on the right check and aspect, and nothing else', async () => {
    const diff = JSON.parse(await readFile(join(out, 'defects', 'diff.json'), 'utf8'));
    const regressions = diff.differences.filter((d: { kind: string }) => d.kind === 'regression') as Array<{
      scenario: string;
      check: string;
      aspect: string;
    }>;
    const key = (scenario: string, check: string, aspect: string) => `${scenario} ${check} ${aspect}`;
    const planted = new Set(
      PLANTED_DEFECTS.flatMap((p) => p.aspects.map((a) => key(p.scenario, p.check, a))),
    );
    const plantedChecks = new Set(
      PLANTED_DEFECTS.filter((p) => p.seenBy === 'check').map((p) => `${p.scenario} ${p.check}`),
    );
    // Every planted aspect is a regression; the only other regressions are the verdicts of the
    // checks the scenarios' own expectations catch them with.
    expect(
      [
        ...new Set(
          regressions.filter((d) => d.aspect !== 'verdict').map((d) => key(d.scenario, d.check, d.aspect)),
        ),
      ].sort(),
    ).toEqual([...planted].sort());
    expect(
      regressions
        .filter((d) => d.aspect === 'verdict')
        .map((d) => `${d.scenario} ${d.check}`)
        .sort(),
    ).toEqual([...plantedChecks].sort());
  });

  it('writes a report.json that validates against its schema, on both targets', async () => {
    for (const target of ['legacy', 'renewal']) {
      const text = await readFile(join(out, 'defects', target, 'report.json'), 'utf8');
      const parsed = reportSchema.safeParse(JSON.parse(text));
      expect(parsed.success, JSON.stringify(parsed.error?.issues?.slice(0, 3))).toBe(true);
      const report = await readReport(join(out, 'defects', target, 'report.json'));
      expect(report.summary.cases).toBe(6);
      expect(report.run.targets.map((t) => t.name)).toEqual([target]);
    }
  });

  it('writes a junit.xml whose counts match the report', async () => {
    const report = await readReport(join(out, 'defects', 'renewal', 'report.json'));
    const xml = new XMLParser({ ignoreAttributes: false }).parse(
      await readFile(join(out, 'defects', 'renewal', 'junit.xml'), 'utf8'),
    );
    const suites = [xml.testsuites.testsuite].flat();
    const total = (key: string) =>
      suites.reduce((sum: number, s: Record<string, string>) => sum + Number(s[key] ?? 0), 0);
    expect(total('@_tests')).toBe(report.summary.cases);
    expect(total('@_failures')).toBe(report.summary.verdicts.failed);
    expect(total('@_failures')).toBe(2);
  });

  it('writes an index.html that shows the summary, the SHA-256 of report.json and the evidence in Chromium', async () => {
    const dir = join(out, 'defects', 'renewal');
    const sha = hashText(await readFile(join(dir, 'report.json')));
    expect(
      (await readdir(join(dir, 'evidence'))).filter((f) => f.endsWith('.png')).length,
    ).toBeGreaterThanOrEqual(6);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'index.html')}`);
      await expect.poll(() => page.getByText(sha).count()).toBeGreaterThan(0);
      await expect
        .poll(() => page.getByText('対象内のお問い合わせ（UTM付き）').first().isVisible())
        .toBe(true);
      await expect
        .poll(() => page.getByText('電話番号: expected "03-1234-5678", got no value').first().count())
        .toBeGreaterThan(0);
      const widths = await page
        .locator('img')
        .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
      expect(widths.length).toBeGreaterThanOrEqual(6);
      expect(Math.min(...widths)).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});

describe('cutover demo --clean (planted defects off)', () => {
  it(
    'finds no regression, and exits 0',
    async () => {
      const result = await cutover(['demo', '--clean', '--out', join(out, 'clean')]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('As documented: no regressions on the clean renewal.');
      const diff = JSON.parse(await readFile(join(out, 'clean', 'diff.json'), 'utf8'));
      expect(diff.summary.regressions).toBe(0);
      const renewal = await readReport(join(out, 'clean', 'renewal', 'report.json'));
      expect(renewal.summary.verdicts).toEqual({ passed: 6, failed: 0, error: 0, skipped: 0 });
    },
    DEMO_BUDGET_MS,
  );
});

describe('sharded UAT', () => {
  it(
    'runs each shard on its own and merges the shards into one acceptance report',
    async () => {
      const shards = join(out, 'shards');
      const grep = ['--grep', 'AC-0[34]'];
      const first = await cutover(['uat', ...grep, '--shard', '1/2', '--report-dir', join(shards, 's1')]);
      const second = await cutover(['uat', ...grep, '--shard', '2/2', '--report-dir', join(shards, 's2')]);
      expect([first.code, second.code]).toEqual([0, 0]);
      const one = await readReport(join(shards, 's1', 'report.json'));
      const two = await readReport(join(shards, 's2', 'report.json'));
      expect(one.summary.cases + two.summary.cases).toBe(4);
      expect(one.summary.cases).toBeGreaterThan(0);

      await run('mkdir', ['-p', join(shards, 'blobs')]);
      for (const s of ['s1', 's2']) {
        for (const zip of await readdir(join(shards, s, 'blob')))
          await run('cp', [join(shards, s, 'blob', zip), join(shards, 'blobs')]);
      }
      const merged = await cutover(['merge', join(shards, 'blobs'), '--report-dir', join(shards, 'merged')]);
      expect(merged.code).toBe(0);
      const report = await readReport(join(shards, 'merged', 'report.json'));
      expect(report.cases.map((c) => `${c.target.name} ${c.scenario.id}`).sort()).toEqual([
        'legacy AC-03',
        'legacy AC-04',
        'renewal AC-03',
        'renewal AC-04',
      ]);
    },
    SHARDS_BUDGET_MS,
  );
});
