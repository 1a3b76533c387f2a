import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initCommand } from '../../src/cli/commands/init.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import type { Output } from '../../src/cli/output.ts';
import { loadProject } from '../../src/config/index.ts';
import { REPO_ROOT } from '../support/repo.ts';
import { scripted } from './probe-draft.ts';

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

  it('refuses to overwrite, listing every file it would write and which exist, and writes nothing', async () => {
    const dir = await userProject('module');
    await writeFile(join(dir, 'cutover.config.ts'), '// ours\n');
    await mkdir(join(dir, 'scenarios'));
    await writeFile(join(dir, 'scenarios', 'ac-01-inquiry.yaml'), '# ours\n');
    await writeFile(join(dir, 'scenarios', 'ac-02-ours.yaml'), '# ours\n');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir }, output)).toBe(EXIT.invalid);
    expect(output.stderr).toEqual([
      'cutover init: 2 of the files it would write are in the way; every file it would write:',
      '  exists  cutover.config.ts',
      '  exists  scenarios/ac-01-inquiry.yaml',
      '  new     playwright.config.ts',
      '  kept    scenarios/ac-02-ours.yaml (not written by init: it stays, and stays part of the pack)',
      'Nothing was written. Run again with --force to replace the existing files.',
    ]);
    expect(await readFile(join(dir, 'cutover.config.ts'), 'utf8')).toBe('// ours\n');
    await expect(readFile(join(dir, 'playwright.config.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses when the project has its own Playwright config under another name', async () => {
    const dir = await userProject();
    await writeFile(join(dir, 'playwright.config.ts'), '// ours\n');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir }, output)).toBe(EXIT.invalid);
    expect(output.stderr).toContain(
      '  exists  playwright.config.ts (not written by init: Playwright would read it instead of playwright.config.mts)',
    );
    await expect(readFile(join(dir, 'cutover.config.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('replaces existing files with --force, saying which it replaced', async () => {
    const dir = await userProject('module');
    await writeFile(join(dir, 'cutover.config.ts'), '// ours\n');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir, force: true }, output)).toBe(EXIT.ok);
    expect(output.stdout).toEqual(
      expect.arrayContaining(['replaced cutover.config.ts', 'wrote scenarios/ac-01-inquiry.yaml']),
    );
    expect(await readFile(join(dir, 'cutover.config.ts'), 'utf8')).toMatch(/defineConfig/);
  });
});

describe('cutover init: the systems the site uses', () => {
  it('asks nothing without a terminal, nor with --yes', async () => {
    const never = async (question: string): Promise<string> => {
      throw new Error(`asked: ${question}`);
    };
    // vitest's stdin is no terminal: nothing is asked, the probes stay TODOs.
    const dir = await userProject('module');
    expect(await initCommand(undefined, { cwd: dir }, captured())).toBe(EXIT.ok);
    const dir2 = await userProject('module');
    expect(await initCommand(undefined, { cwd: dir2, yes: true, prompt: never }, captured())).toBe(EXIT.ok);
    expect(await readFile(join(dir2, 'cutover.config.ts'), 'utf8')).toBe(
      await readFile(join(dir, 'cutover.config.ts'), 'utf8'),
    );
  });

  it('drafts the staging target’s probes from the answers, each with every option it needs', async () => {
    const dir = await userProject('module');
    const ask = scripted([
      'slack',
      'kintone',
      'none',
      'C0INQUIRY',
      'https://our-site.cybozu.com',
      '42',
      '',
      '',
    ]);
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir, prompt: ask }, output)).toBe(EXIT.ok);
    const config = await readFile(join(dir, 'cutover.config.ts'), 'utf8');
    expect(config).toContain(
      "    //     notification: { use: 'slack', token: env('SLACK_TOKEN'), channel: 'C0INQUIRY' },",
    );
    expect(config).toContain(
      "    //     crm: {\n    //       use: 'kintone',\n    //       url: 'https://our-site.cybozu.com',\n    //       app: 42,",
    );
    expect(config).toContain("    //       token: env('KINTONE_TOKEN'),");
    expect(config).toContain('    //     // analytics: none');
    // The demo target still passes as is.
    const loaded = await loadProject({ cwd: dir, env: {} });
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it('an unknown probe name is a usage error naming the flag and the choices; nothing is written', async () => {
    const dir = await userProject('module');
    const output = captured();
    expect(await initCommand(undefined, { cwd: dir, crm: 'hubsopt' }, output)).toBe(EXIT.invalid);
    expect(output.stderr).toEqual([
      'cutover init: --crm: expected one of hubspot, salesforce, rest, kintone, or none; got "hubsopt"',
      'Nothing was read, submitted or written.',
    ]);
    await expect(readFile(join(dir, 'cutover.config.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('--all and --probe-submit need the URL of a form', async () => {
    const output = captured();
    expect(
      await initCommand(undefined, { cwd: await userProject(), all: true, probeSubmit: true }, output),
    ).toBe(EXIT.invalid);
    expect(output.stderr.slice(0, 2)).toEqual([
      'cutover init: --all: drafts from a form: give the URL of the form page',
      'cutover init: --probe-submit: submits a form: give the URL of the form page',
    ]);
  });
});
