/**
 * `cutover diff` with a report written before findings (format version 1): refused, exit 2,
 * naming the file and saying what to run again — never a diff that would guess from sentences.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Output } from '../../src/cli/output.ts';
import { type Json, RUNS, reportOf } from './helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-old-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function captured(): Output & { text: () => string } {
  const lines: string[] = [];
  return {
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    color: false,
    text: () => lines.join('\n'),
  };
}

it('cutover diff refuses a format-1 baseline with exit 2 and says to run the pack on it again', async () => {
  const old = structuredClone(reportOf(RUNS.legacy)) as Json;
  old.schemaVersion = 1;
  for (const c of old.cases) for (const k of c.checks) delete k.findings;
  const baseline = join(dir, 'legacy.json');
  const candidate = join(dir, 'renewal.json');
  await writeFile(baseline, JSON.stringify(old));
  await writeFile(candidate, JSON.stringify(reportOf(RUNS.renewalDefects)));
  const output = captured();
  expect(await main(['diff', baseline, candidate], output)).toBe(2);
  expect(output.text()).toContain(
    `${baseline}: schemaVersion: this report has format version 1, written by an earlier cutover`,
  );
  expect(output.text()).toContain('cutover uat --target legacy');
  expect(output.text()).not.toContain('regression');
});
