import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCutover } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * A signed-off report is never replaced by accident: a Playwright run that runs no test (a listing,
 * a grep that matches nothing) leaves it byte for byte; a real run that replaces it keeps it in
 * report.prev/ beside the new one.
 */
const run = promisify(execFile);
const PLAYWRIGHT = join(REPO_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const FILES = ['report.json', 'index.html', 'junit.xml'] as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-report-kept-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bytes(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of FILES) out[name] = (await readFile(join(folder, name))).toString('base64');
  return out;
}

/** `npx playwright test …` in the user's project, as they would type it (cutover's config, this report dir). */
function playwright(args: string[]) {
  return run(process.execPath, [PLAYWRIGHT, 'test', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CUTOVER_REPORT_DIR: dir, NO_COLOR: '1' },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe('listing tests never touches a report', () => {
  it('a real run, then playwright test --list and a grep that matches nothing: the report stays byte-identical; the next real run keeps it in report.prev/', async () => {
    const first = await runCutover(
      ['uat', '--target', 'legacy', '--grep', 'AC-03', '--report-dir', dir],
      REPO_ROOT,
    );
    expect(first.code, first.stderr).toBe(0);
    const signed = await bytes(dir);

    const listing = await playwright(['--list']);
    expect(listing.stdout).toMatch(/AC-03/);
    expect(await bytes(dir)).toEqual(signed);

    const nothing = await playwright(['--grep', 'NO-SUCH-SCENARIO']);
    expect(nothing.code).not.toBe(0);
    expect(await bytes(dir)).toEqual(signed);
    expect(existsSync(join(dir, 'report.prev'))).toBe(false);

    const second = await runCutover(
      ['uat', '--target', 'legacy', '--grep', 'AC-03', '--report-dir', dir],
      REPO_ROOT,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`The previous report was moved to ${join(dir, 'report.prev')}`);
    expect(await bytes(join(dir, 'report.prev'))).toEqual(signed);
    expect((await bytes(dir))['report.json']).not.toBe(signed['report.json']);
  }, 300_000);
});
