import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeRun, runAndJudgeRun } from '../../../src/cli/commands/uat.ts';
import type { Output } from '../../../src/cli/output.ts';
import { buildReport, hashText, writeReport } from '../../../src/report/index.ts';
import { RUNS, reportOf } from '../../report/helpers.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * The exit code speaks for this run alone: a report an earlier run left is removed before the run,
 * so a run that dies before writing can never be judged by it; and Playwright's own failure is
 * never masked by a report that looks fine.
 */
const run = promisify(execFile);
const root = REPO_ROOT;
const bin = join(root, 'bin', 'cutover.js');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cutover-fresh-report-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function captured(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (t) => lines.push(t), color: false };
}

let dirs = 0;
/** A report directory holding a report: every case passed (legacy), or some failed (renewal's defects). */
async function dirWith(kind: 'passed' | 'failed' | 'empty'): Promise<string> {
  const dir = join(tmp, `r${++dirs}`);
  const report =
    kind === 'empty'
      ? buildReport([], {
          version: '0.1.0',
          startedAt: new Date(),
          endedAt: new Date(),
          configFile: 'cutover.config.ts',
          configHash: hashText(''),
        })
      : reportOf(kind === 'passed' ? RUNS.legacy : RUNS.renewalDefects);
  if (kind === 'passed') expect(report.summary.verdicts.failed + report.summary.verdicts.error).toBe(0);
  if (kind === 'failed') expect(report.summary.verdicts.failed).toBeGreaterThan(0);
  await writeReport(dir, report);
  return dir;
}

describe('judging a run by its report and by Playwright’s exit code', () => {
  it('0 only when cases ran, every check passed, and Playwright agrees', async () => {
    expect((await judgeRun(await dirWith('passed'), 0, captured())).code).toBe(0);
    expect((await judgeRun(await dirWith('failed'), 1, captured())).code).toBe(1);
  });

  it('a report with no case is "nothing ran": 2, never 0', async () => {
    const output = captured();
    expect((await judgeRun(await dirWith('empty'), 0, output)).code).toBe(2);
    expect(output.lines.join('\n')).toContain('no case ran');
  });

  it('Playwright’s own failure is not masked by a passing report', async () => {
    const output = captured();
    // 1 with every case passed: a global setup error, a worker that crashed outside the cases.
    expect((await judgeRun(await dirWith('passed'), 1, output)).code).toBe(3);
    expect(output.lines.join('\n')).toContain(
      'Playwright exited with 1 although every case in the report passed',
    );
    expect((await judgeRun(await dirWith('passed'), 3, captured())).code).toBe(3);
    expect((await judgeRun(await dirWith('passed'), 134, captured())).code).toBe(3);
    // A failure the report holds stays a failure.
    expect((await judgeRun(await dirWith('failed'), 134, captured())).code).toBe(1);
  });

  it('an interrupted run is 130/143 whatever report it left', async () => {
    expect((await judgeRun(await dirWith('passed'), 130, captured())).code).toBe(130);
    expect((await judgeRun(await dirWith('passed'), 143, captured())).code).toBe(143);
  });

  it('no report: 3', async () => {
    const output = captured();
    expect((await judgeRun(join(tmp, 'nothing-here'), 1, output)).code).toBe(3);
    expect(output.lines.join('\n')).toMatch(/Playwright exited with 1 and wrote no acceptance report/);
  });
});

describe('a report left by an earlier run', () => {
  it('is removed before the run: a run that dies before writing is not judged by it (not 0)', async () => {
    const dir = await dirWith('passed');
    await mkdir(join(dir, 'evidence'), { recursive: true });
    const dies = join(tmp, 'dies.config.mjs');
    await writeFile(dies, "throw new Error('this run dies before it writes a report');\n");
    const output = captured();
    const verdict = await runAndJudgeRun({ reportDir: dir, playwrightConfig: dies }, output);
    expect(verdict.code).not.toBe(0);
    expect(verdict.code).toBe(3);
    for (const stale of ['report.json', 'index.html', 'junit.xml', 'evidence']) {
      expect(existsSync(join(dir, stale)), stale).toBe(false);
    }
  }, 60_000);

  it('cutover merge whose merge fails leaves no report and exits 3, not the earlier report’s 0', async () => {
    const dir = await dirWith('passed');
    const blobs = join(tmp, 'garbage-blobs');
    await mkdir(blobs, { recursive: true });
    await writeFile(join(blobs, 'report-1.zip'), 'this is not a zip file');
    const result = await run(process.execPath, [bin, 'merge', blobs, '--report-dir', dir], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('wrote no acceptance report');
    await expect(readFile(join(dir, 'report.json'))).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
