/**
 * `cutover validate` and a monitor interval shorter than its worst-case cycle: a failing case
 * waits out its SLAs, so such cycles run back to back, are skipped and page late. A warning (exit 0)
 * that says which interval fits; an error with --strict.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { intervalFor } from '../../src/monitor/cycle-length.ts';

const env = { TEST_HUBSPOT_TOKEN: 'pat-na1-test' };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-interval-warning-'));
  await cp(join(import.meta.dirname, '..', 'fixtures', 'validate'), dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(monitor: string, options: { strict?: boolean; json?: boolean } = {}) {
  await writeFile(join(dir, 'monitors', 'production.yaml'), monitor);
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), color: false };
  const code = await validateCommand({ cwd: dir, env }, options, output);
  return { code, out, err };
}

const SHORT =
  'target: production\nscenarios: [AC-02]\ninterval: 20s\nsla: { notification: 1m, crm: 1m }\nproduction: true\n';

describe('cutover validate and a monitor interval', () => {
  it('warns when a failing cycle can take longer than the interval, and says which interval fits', async () => {
    const { code, out, err } = await validate(SHORT);
    expect(code).toBe(EXIT.ok);
    expect(err[0]).toBe('1 warning in 1 file:');
    expect(err[1]).toMatch(
      /^ {2}warning: monitors\/production\.yaml:3:11: interval: 20 s is shorter than a cycle can take when its cases fail \(each waits out its SLA\): AC-02 up to 2 min 17 s\. .* Fix: interval: 3m /,
    );
    expect(out).toEqual(['✓ cutover.config.ts: 3 targets, 2 scenarios, 1 monitor — valid, 1 warning']);
  });

  it('is an error with --strict, and listed with its kind in --json', async () => {
    expect((await validate(SHORT, { strict: true })).code).toBe(EXIT.invalid);
    const json = JSON.parse((await validate(SHORT, { json: true })).out.join('\n'));
    expect(json.warnings).toEqual([expect.objectContaining({ kind: 'interval', path: 'interval', line: 3 })]);
  });

  it('says nothing when the interval fits the worst-case cycle', async () => {
    const { code, err } = await validate(SHORT.replace('interval: 20s', 'interval: 5m'));
    expect(code).toBe(EXIT.ok);
    expect(err).toEqual([]);
  });

  it('rounds the advice up to 10 s, and to a minute past one minute', () => {
    expect([intervalFor(42_000), intervalFor(60_000), intervalFor(61_000), intervalFor(242_000)]).toEqual([
      '50s',
      '1m',
      '2m',
      '5m',
    ]);
  });
});
