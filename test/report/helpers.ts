import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AcceptanceReport, buildReport, hashText } from '../../src/report/index.ts';
import { type FixtureRun, fixtureCases, SCREENSHOT } from './fixtures/cases.ts';

/** Parsed JSON or XML that a test reads and breaks on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: tests poke at parsed documents freely, that is their point
export type Json = any;

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const CONFIG_TEXT = "import { defineConfig } from 'cutover';\nexport default defineConfig({});\n";

/** The legacy site, the clean renewal, and the renewal with the planted defects, as in the demo. */
export const RUNS = {
  legacy: { target: 'legacy', port: 41_001, start: '2026-11-26T01:00:00.000Z', seed: 'a' },
  legacyAgain: { target: 'legacy', port: 52_002, start: '2026-11-27T03:30:00.000Z', seed: 'b' },
  renewalClean: { target: 'renewal', port: 41_002, start: '2026-11-26T01:10:00.000Z', seed: 'c' },
  renewalDefects: {
    target: 'renewal',
    port: 41_003,
    start: '2026-11-26T01:20:00.000Z',
    seed: 'd',
    defects: true,
    crmUnauthorised: true,
  },
} satisfies Record<string, FixtureRun>;

export function reportOf(...runs: FixtureRun[]): AcceptanceReport {
  const cases = runs.flatMap(fixtureCases);
  const starts = runs.map((r) => Date.parse(r.start));
  return buildReport(cases, {
    id: `run-${runs.map((r) => r.seed).join('')}`,
    version: '0.1.0',
    startedAt: new Date(Math.min(...starts)),
    endedAt: new Date(Math.max(...starts) + 420_000),
    configFile: 'cutover.config.ts',
    configHash: hashText(CONFIG_TEXT),
  });
}

/** A fresh report directory holding the outcome screenshot where the evidence says it is. */
export async function reportDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-report-'));
  await mkdir(join(dir, dirname(SCREENSHOT)), { recursive: true });
  await copyFile(join(FIXTURES, 'outcome.png'), join(dir, SCREENSHOT));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
