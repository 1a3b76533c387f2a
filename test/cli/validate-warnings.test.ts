/**
 * `cutover validate` and the warnings of expectations that cannot fail: printed, marked
 * `warning`, with file, line and key path; exit 0 for warnings alone, 2 with `--strict` (CI);
 * `--json` lists them apart from the problems, each with its kind.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const env = { TEST_HUBSPOT_TOKEN: 'pat-na1-test' };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-validate-warnings-'));
  await cp(join(fixtures, 'validate'), dir, { recursive: true });
  await cp(join(fixtures, 'warnings', 'absence-unseen'), dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(options: { json?: boolean; strict?: boolean }) {
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), color: false };
  const code = await validateCommand({ cwd: dir, env }, options, output);
  return { code, out, err };
}

const WARNING =
  '  warning: scenarios/ac-09-invalid-email.yaml:11:8: expect.crm: cannot fail: the hubspot CRM probe of target "legacy" finds records only by the synthetic email';

describe('cutover validate with a check that cannot fail', () => {
  it('prints the warning and exits 0: warnings alone stop nothing', async () => {
    const { code, out, err } = await validate({});
    expect(code).toBe(EXIT.ok);
    expect(err[0]).toBe('1 warning in 1 file:');
    expect(err[1]).toContain(WARNING);
    expect(err[1]).toContain('. Fix: set markerField on that probe');
    expect(err).toHaveLength(2);
    expect(out).toEqual(['✓ cutover.config.ts: 3 targets, 3 scenarios, 1 monitor — valid, 1 warning']);
  });

  it('--strict makes the warning an error: exit 2, for CI', async () => {
    const { code, out, err } = await validate({ strict: true });
    expect(code).toBe(EXIT.invalid);
    expect(out).toEqual([]);
    expect(err[1]).toContain(WARNING);
    expect(err.at(-1)).toBe('Invalid with --strict, which makes warnings errors (1 warning).');
  });

  it('--json lists the warnings apart from the problems, with their kind; valid is false only with --strict', async () => {
    const plain = await validate({ json: true });
    expect(plain.code).toBe(EXIT.ok);
    const json = JSON.parse(plain.out.join('\n'));
    expect(json.valid).toBe(true);
    expect(json.problems).toEqual([]);
    expect(json.warnings).toEqual([
      {
        file: 'scenarios/ac-09-invalid-email.yaml',
        path: 'expect.crm',
        line: 11,
        column: 8,
        kind: 'unseen',
        message: expect.stringMatching(/^cannot fail: the hubspot CRM probe .* Fix: set markerField/),
      },
    ]);
    const strict = await validate({ json: true, strict: true });
    expect(strict.code).toBe(EXIT.invalid);
    expect(JSON.parse(strict.out.join('\n'))).toMatchObject({ valid: false, problems: [] });
  });
});
