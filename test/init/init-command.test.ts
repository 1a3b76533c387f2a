import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initCommand } from '../../src/cli/commands/init.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import type { Output } from '../../src/cli/output.ts';
import { loadProject } from '../../src/config/index.ts';
import { REPO_ROOT } from '../support/repo.ts';

/** `cutover init` without a URL, in a user's project: a starter that validates, and never a silent overwrite. */
const root = REPO_ROOT;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function userProject(type?: 'module' | 'commonjs'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-init-'));
  dirs.push(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'our-site', ...(type ? { type } : {}) }));
  // As `npm i -D cutover` leaves it, from this checkout.
  await mkdir(join(dir, 'node_modules'));
  await symlink(root, join(dir, 'node_modules', 'cutover'), 'dir');
  return dir;
}

function captured(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), color: false };
}

describe('cutover init (no URL)', () => {
  it('writes a config, a scenario and the Playwright config that validate together', async () => {
    const dir = await userProject('module');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir }, output)).toBe(EXIT.ok);
    expect(output.stdout).toEqual(
      expect.arrayContaining([
        'wrote cutover.config.ts',
        'wrote scenarios/ac-01-inquiry.yaml',
        'wrote playwright.config.ts',
      ]),
    );
    // The TODO is printed with the file and line where it stands.
    const todo = output.stdout.find((line) => /cutover\.config\.ts:\d+:/.test(line));
    const [, line] = /cutover\.config\.ts:(\d+):/.exec(todo ?? '') ?? [];
    const config = await readFile(join(dir, 'cutover.config.ts'), 'utf8');
    expect(config.split('\n')[Number(line) - 1]).toMatch(/TODO: your own site/);
    expect(await readFile(join(dir, 'scenarios', 'ac-01-inquiry.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/node_modules\/cutover\/schemas\/scenario\.schema\.json\n/,
    );
    const loaded = await loadProject({ cwd: dir, env: {} });
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
    expect(loaded.ok && Object.keys(loaded.project.config.config.targets)).toEqual(['demo']);
  });

  it('writes playwright.config.mts in a CommonJS project, where top-level await needs an ES module', async () => {
    const dir = await userProject();
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir }, output)).toBe(EXIT.ok);
    expect(output.stdout).toContain('wrote playwright.config.mts');
    const loaded = await loadProject({ cwd: dir, env: {} });
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it('refuses to overwrite, naming every file in the way, and writes nothing', async () => {
    const dir = await userProject('module');
    await writeFile(join(dir, 'cutover.config.ts'), '// ours\n');
    await mkdir(join(dir, 'scenarios'));
    await writeFile(join(dir, 'scenarios', 'ac-01-inquiry.yaml'), '# ours\n');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir }, output)).toBe(EXIT.invalid);
    expect(output.stderr).toEqual([
      'cutover init: cutover.config.ts already exists',
      'cutover init: scenarios/ac-01-inquiry.yaml already exists',
      'Nothing was written. Run again with --force to replace these files.',
    ]);
    expect(await readFile(join(dir, 'cutover.config.ts'), 'utf8')).toBe('// ours\n');
    await expect(readFile(join(dir, 'playwright.config.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses when the project has its own Playwright config under another name', async () => {
    const dir = await userProject();
    await writeFile(join(dir, 'playwright.config.ts'), '// ours\n');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir }, output)).toBe(EXIT.invalid);
    expect(output.stderr[0]).toBe('cutover init: playwright.config.ts already exists');
    await expect(readFile(join(dir, 'cutover.config.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('replaces existing files with --force', async () => {
    const dir = await userProject('module');
    await writeFile(join(dir, 'cutover.config.ts'), '// ours\n');
    expect(await initCommand(undefined, { cwd: dir, force: true }, captured())).toBe(EXIT.ok);
    expect(await readFile(join(dir, 'cutover.config.ts'), 'utf8')).toMatch(/defineConfig/);
  });
});
