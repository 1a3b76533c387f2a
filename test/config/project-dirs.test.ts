import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject, projectDirs } from '../../src/config/index.ts';
import { projectWith } from './validate-project.ts';

/**
 * A user's project is wherever its config file is: run from anywhere else (a clone of cutover, a
 * monorepo root), `-c path/to/cutover.config.ts` reads that project's scenarios/ and monitors/ —
 * never the working directory's.
 */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('where a project’s files are', () => {
  it('takes scenarios/ and monitors/ next to the config file, relative to the working directory', () => {
    expect(projectDirs({ cwd: '/work/repo', config: '../site/cutover.config.ts' })).toEqual({
      config: '../site/cutover.config.ts',
      scenarios: '../site/scenarios',
      monitors: '../site/monitors',
    });
    expect(projectDirs({ cwd: '/work/site' })).toEqual({
      config: 'cutover.config.ts',
      scenarios: 'scenarios',
      monitors: 'monitors',
    });
  });

  it('keeps directories given on the command line as they are (from the working directory)', () => {
    expect(
      projectDirs({ cwd: '/w', config: 'site/cutover.config.ts', scenarios: 'pack', monitors: 'mon' }),
    ).toMatchObject({ scenarios: 'pack', monitors: 'mon' });
  });

  it('validates a project elsewhere without reading the working directory’s monitors', async () => {
    const project = await projectWith(undefined);
    const elsewhere = await mkdtemp(join(tmpdir(), 'cutover-elsewhere-'));
    dirs.push(project, elsewhere);
    // The working directory holds a monitor for a target the project does not define.
    await mkdir(join(elsewhere, 'monitors'));
    await writeFile(join(elsewhere, 'monitors', 'other.yaml'), 'target: renewal\nscenarios: [AC-01]\n');
    const result = await loadProject({
      cwd: elsewhere,
      config: join(project, 'cutover.config.ts'),
      env: { TEST_HUBSPOT_TOKEN: 'pat-na1-test' },
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.project.scenarios.length).toBeGreaterThan(0);
  });
});
