import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grepRegExp, loadUatProject, selectCases } from '../../../src/uat/uat-project.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * `cutover uat --grep` decides before Playwright starts whether anything matches. That decision
 * must be Playwright's own: for each grep, the cases cutover selects are exactly the tests
 * `playwright test --list` lists (project name, spec file, describe, id, title and tags).
 */
const run = promisify(execFile);
const root = REPO_ROOT;

let reportDir: string;
beforeAll(async () => {
  reportDir = await mkdtemp(join(tmpdir(), 'cutover-grep-'));
});
afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true });
});

async function listed(grep: string): Promise<string[]> {
  const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
  const result = await run(process.execPath, [cli, 'test', '--list', '--grep', grep], {
    cwd: root,
    env: { ...process.env, CUTOVER_REPORT_DIR: reportDir },
  }).catch((error: { stdout: string }) => error);
  return [...result.stdout.matchAll(/^\s+\[(\S+)\] › .* › (\S+) .*$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

describe.concurrent('the cases cutover uat selects are the tests Playwright runs', {
  timeout: 120_000,
}, () => {
  it.each([
    'AC-01',
    'AC-0[12]',
    '^legacy',
    'renewal AC-05',
    '@validation',
    'cutover.spec.ts legacy',
    '/AC-0[34]/',
    'UTM',
    '@target:renewal',
    'NOMATCH',
  ])('--grep %s', async (grep) => {
    const project = await loadUatProject({ resolve: false, env: { ...process.env } });
    const selected = selectCases(project, grepRegExp(grep))
      .map((c) => `${c.target} ${c.scenario.value.id}`)
      .sort();
    expect(selected).toEqual(await listed(grep));
  });
});
