import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputDirProblem, shardProblem, workersProblem } from '../../src/cli/usage.ts';
import { debugEnabled } from '../../src/foundation/index.ts';
import { errorLines, progressLines } from '../../src/uat/acceptance-reporter.ts';
import { caseFailure } from '../../src/uat/case-failure.ts';
import { fixtureCases } from '../report/fixtures/cases.ts';
import { RUNS } from '../report/helpers.ts';

describe('command-line values, checked before anything starts', () => {
  it.each(['1/1', '1/3', '3/3', '10/12'])('--shard %s is fine', (shard) => {
    expect(shardProblem(shard)).toBeUndefined();
  });
  it.each(['3/2', '0/0', '0/3', '1/0', 'abc', '2', '1/2/3', '-1/2', ''])('--shard %j is refused', (shard) => {
    expect(shardProblem(shard)?.flag).toBe('--shard');
    expect(shardProblem(shard)?.message).toContain(JSON.stringify(shard));
  });

  it.each(['1', '4', '50%', '100%'])('--workers %s is fine', (workers) => {
    expect(workersProblem(workers)).toBeUndefined();
  });
  it.each(['0', '-1', 'abc', '0%', '150%', '1.5', ''])('--workers %j is refused', (workers) => {
    expect(workersProblem(workers)?.flag).toBe('--workers');
  });

  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutover-usage-'));
    await writeFile(join(dir, 'file'), 'x');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an output directory may exist or not, but not be a file or under one', async () => {
    expect(await outputDirProblem('--report-dir', dir)).toBeUndefined();
    expect(await outputDirProblem('--report-dir', join(dir, 'new', 'deeper'))).toBeUndefined();
    expect(await outputDirProblem('--report-dir', join(dir, 'file'))).toEqual({
      flag: '--report-dir',
      message: `${join(dir, 'file')} is a file, not a directory`,
    });
    expect((await outputDirProblem('--out', join(dir, 'file', 'sub')))?.message).toContain(
      'part of the path is a file',
    );
  });
});

describe('what a failed case prints', () => {
  const renewal = fixtureCases(RUNS.renewalDefects);
  const failed = renewal.find((c) => c.scenario.id === 'AC-01')!;
  const passed = fixtureCases(RUNS.legacy).find((c) => c.scenario.id === 'AC-01')!;

  it('a passed case: one line with each check’s verdict and timing', () => {
    const lines = progressLines(passed);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ {2}✓ legacy {3}AC-01 {2}submit ✓ .* · notification ✓ .* · crm ✓ .* · analytics ✓/,
    );
  });

  it('a failed case: its name, then one line per check with verdict and reason — no diff, no stack', () => {
    const lines = progressLines(failed);
    expect(lines[0]).toMatch(/^ {2}✗ renewal {2}AC-01 {2}\S.*\(marker ct-/);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual(
      failed.checks.map(
        (c) => `${{ passed: '✓', failed: '✗', error: '!', skipped: '-' }[c.verdict]} ${c.check} ${c.verdict}`,
      ),
    );
    for (const check of failed.checks) {
      expect(lines.some((l) => l.includes(check.reason))).toBe(true);
    }
    expect(lines.join('\n')).not.toMatch(/^\s+at |Expected|Received|toEqual/m);
  });

  it('the error failing a Playwright test is the check lines alone: no assertion diff, no frames', () => {
    const error = caseFailure(failed, 'AC-01', 'renewal')!;
    const problems = failed.checks.filter((c) => c.verdict === 'failed' || c.verdict === 'error');
    expect(error.message.split('\n')).toEqual([
      `AC-01 on renewal (marker ${failed.marker}):`,
      ...problems.map((c) => `  ${c.check} ${c.verdict}: ${c.reason}`),
    ]);
    expect(error.stack).toBe(`Error: ${error.message}`);
    expect(caseFailure(passed, 'AC-01', 'legacy')).toBeUndefined();
  });

  it('an error outside the cases: its message, the stack only when debugging', () => {
    const error = {
      message: 'listen EADDRINUSE 127.0.0.1:8025',
      stack: 'Error: listen\n    at Server.listen (x.js:1:1)',
    };
    expect(errorLines(error)).toEqual(['cutover: listen EADDRINUSE 127.0.0.1:8025']);
  });

  it('debugging is on with --debug (CUTOVER_DEBUG=1) or DEBUG=cutover', () => {
    expect(debugEnabled({})).toBe(false);
    expect(debugEnabled({ CUTOVER_DEBUG: '1' })).toBe(true);
    expect(debugEnabled({ DEBUG: 'cutover' })).toBe(true);
    expect(debugEnabled({ DEBUG: 'pw:api,cutover:*' })).toBe(true);
    expect(debugEnabled({ DEBUG: 'pw:api' })).toBe(false);
    expect(debugEnabled({ DEBUG: 'cutoverish' })).toBe(false);
  });
});
