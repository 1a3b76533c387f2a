import { execFile } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../../src/cli/commands/schema.ts';
import { projectWith } from '../../config/validate-project.ts';
import { REPO_ROOT } from '../../support/repo.ts';

const run = promisify(execFile);
const root = REPO_ROOT;
const bin = join(root, 'bin', 'cutover.js');

async function cutover(args: string[], cwd = root, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('cutover validate', () => {
  it('accepts the shipped config, scenarios and monitors with a one-line summary and exit 0', async () => {
    const { code, stdout } = await cutover(['validate']);
    expect(code).toBe(0);
    const [summary, ...files] = stdout.trim().split('\n');
    expect(summary).toMatch(/^✓ cutover\.config\.ts: 3 targets, \d+ scenarios, \d+ monitors? — valid$/);
    // The files the scenarios attach are stated with their sizes.
    expect(files).toEqual([
      '  scenarios/em-01-embedded-quote.yaml input.drawing: scenarios/fixtures/drawing-a100.pdf (616 bytes)',
    ]);
  });

  it('lists every problem of a broken scenario with file and path, exits 2, and submits nothing', async () => {
    const dir = await projectWith('many-problems');
    try {
      const { code, stdout, stderr } = await cutover(['validate'], dir, { TEST_HUBSPOT_TOKEN: 'x' });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n').filter(Boolean)).toEqual([
        '4 problems in 1 file:',
        '  scenarios/broken.yaml:5:19: input.company: unknown placeholder {{markr}} (did you mean {{marker}}?)',
        '  scenarios/broken.yaml:5:37: input.fax: "fax" is not a field of form "contact" (fields: "company", "name", "email", "consent")',
        '  scenarios/broken.yaml:8:27: expect.notification.within: expected a duration like "90s" or "5m", got number 90',
        '  scenarios/broken.yaml:9:18: expect.crm.within: expected a duration like "90s" or "5m", got "5 min"',
        'Nothing was submitted.',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints machine-readable problems with --json', async () => {
    const dir = await projectWith('unknown-key');
    try {
      const { code, stdout } = await cutover(['validate', '--json'], dir, { TEST_HUBSPOT_TOKEN: 'x' });
      expect(code).toBe(2);
      expect(JSON.parse(stdout).problems[1]).toEqual({
        file: 'scenarios/broken.yaml',
        path: 'expct',
        line: 6,
        column: 1,
        message: 'unknown key "expct" (did you mean "expect"?)',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('warns of a check that cannot fail and exits 0; --strict makes it an error, exit 2', async () => {
    const dir = await projectWith(undefined);
    try {
      await cp(join(root, 'test', 'fixtures', 'warnings', 'absence-unseen'), dir, { recursive: true });
      const env = { TEST_HUBSPOT_TOKEN: 'x' };
      const plain = await cutover(['validate'], dir, env);
      expect(plain.code).toBe(0);
      expect(plain.stdout.trim()).toBe(
        '✓ cutover.config.ts: 3 targets, 3 scenarios, 1 monitor — valid, 1 warning',
      );
      expect(plain.stderr).toContain(
        'warning: scenarios/ac-09-invalid-email.yaml:11:8: expect.crm: cannot fail: the hubspot CRM probe',
      );
      const strict = await cutover(['validate', '--strict'], dir, env);
      expect(strict.code).toBe(2);
      expect(strict.stdout).toBe('');
      expect(strict.stderr).toContain('Invalid with --strict');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await cutover(['validat'])).code).toBe(2);
    expect((await cutover(['validate', '--nope'])).code).toBe(2);
  });
});

describe('cutover schema', () => {
  it('prints the JSON Schema of scenario files, which rejects unknown keys', async () => {
    const { code, stdout } = await cutover(['schema', 'scenario']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'form', 'input', 'expect']));
  });

  it('ships schemas/ in step with the code, and every shipped scenario points its editor at it', async () => {
    for (const name of ['config', 'scenario', 'monitor', 'report'] as const) {
      expect(await readFile(join(root, 'schemas', `${name}.schema.json`), 'utf8')).toBe(schemaText(name));
    }
    const { stdout } = await run('git', ['ls-files', 'scenarios/*.yaml'], { cwd: root });
    const files = stdout.split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      expect(await readFile(join(root, file), 'utf8')).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/schemas\/scenario\.schema\.json\n/,
      );
    }
  });

  it('writes schema files with --write', async () => {
    const dir = await projectWith(undefined);
    try {
      const { code } = await cutover(['schema', '--write', 'out'], dir);
      expect(code).toBe(0);
      expect(JSON.parse(await readFile(join(dir, 'out', 'monitor.schema.json'), 'utf8')).title).toMatch(
        /monitor/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
