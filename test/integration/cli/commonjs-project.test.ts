import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../../src/report/index.ts';
import { runCutover } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * A user's own project, as `npm i -D cutover` leaves it — but CommonJS (`"type": "commonjs"`, as
 * npm init writes it), with cutover.config.ts importing from 'cutover'. `cutover validate` and the
 * Playwright processes of `cutover uat` must load that config the same way: they do (both load it
 * as CommonJS, with tsx), so what validate accepts, uat runs.
 */
const root = REPO_ROOT;

const cutover = runCutover;

let project: string;
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'cutover-cjs-project-'));
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'our-site', private: true, type: 'commonjs' }, null, 2),
  );
  await mkdir(join(project, 'node_modules'));
  await symlink(root, join(project, 'node_modules', 'cutover'), 'dir');
  // The shipped config as a user would copy it: `import { defineConfig, … } from 'cutover'`.
  await cp(join(root, 'cutover.config.ts'), join(project, 'cutover.config.ts'));
  await mkdir(join(project, 'scenarios'));
  await cp(join(root, 'scenarios', 'ac-03-invalid-email.yaml'), join(project, 'scenarios', 'ac-03.yaml'));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('a CommonJS user project', () => {
  it('its config imports from cutover and is valid', async () => {
    expect(await readFile(join(project, 'cutover.config.ts'), 'utf8')).toMatch(/from 'cutover'/);
    const result = await cutover(['validate', '--monitors', 'none'], project);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^✓ cutover\.config\.ts: 3 targets, 1 scenario, 0 monitors — valid/);
    expect(result.code).toBe(0);
  });

  it('runs in Playwright the same way: cutover uat on the demo world passes', async () => {
    const result = await cutover(['uat', '--target', 'legacy', '--report-dir', 'reports/uat'], project);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Running 1 case (AC-03) on legacy');
    const report = await readReport(join(project, 'reports', 'uat', 'report.json'));
    expect(report.cases.map((c) => `${c.target.name} ${c.scenario.id} ${c.verdict}`)).toEqual([
      'legacy AC-03 passed',
    ]);
  }, 180_000);

  it('a config that can only be an ES module is refused by validate and by uat alike, saying why', async () => {
    await writeFile(
      join(project, 'esm-only.config.ts'),
      `const labels = await Promise.resolve({ company: '会社名' });\n${await readFile(join(project, 'cutover.config.ts'), 'utf8')}`,
    );
    for (const command of ['validate', 'uat']) {
      const result = await cutover([command, '-c', 'esm-only.config.ts', '--monitors', 'none'], project);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'esm-only.config.ts loads as CommonJS: the nearest package.json has no "type": "module"; to load it as an ES module, name it esm-only.config.mts or set "type": "module"',
      );
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  }, 60_000);
});
