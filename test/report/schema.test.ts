import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError } from '../../src/foundation/problems.ts';
import {
  type AcceptanceReport,
  type caseResultSchema,
  loadScreenshots,
  readReport,
  reportJsonSchema,
  reportSchema,
  summarise,
  writeReport,
} from '../../src/report/index.ts';
import type { CaseResult } from '../../src/scenario/case-result.ts';
import { type Json, RUNS, reportDir, reportOf } from './helpers.ts';

describe('the report model', () => {
  it('describes CaseResult exactly: the zod type and the engine type are mutually assignable', () => {
    type Parsed = z.infer<typeof caseResultSchema>;
    expectTypeOf<Parsed>().toExtend<CaseResult>();
    expectTypeOf<CaseResult>().toExtend<Parsed>();
    expectTypeOf<AcceptanceReport['cases'][number]>().toExtend<CaseResult>();
    expectTypeOf<CaseResult>().toExtend<AcceptanceReport['cases'][number]>();
  });

  it('counts the summary from the cases: per verdict and per check × verdict', () => {
    const report = reportOf(RUNS.legacy, RUNS.renewalDefects);
    expect(report.summary.cases).toBe(10);
    expect(report.summary.verdicts).toEqual({ passed: 6, failed: 1, error: 1, skipped: 2 });
    expect(report.summary.checks.crm).toEqual({ passed: 6, failed: 1, error: 1, skipped: 2 });
    expect(report.summary.checks.analytics).toEqual({ passed: 5, failed: 1, error: 0, skipped: 4 });
    expect(report.run.targets.map((t) => t.name)).toEqual(['legacy', 'renewal']);
    expect(report.run.durationMs).toBe(20 * 60_000 + 420_000);
    expect(report.run.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(summarise([])).toEqual({
      cases: 0,
      verdicts: { passed: 0, failed: 0, error: 0, skipped: 0 },
      checks: expect.objectContaining({ submit: { passed: 0, failed: 0, error: 0, skipped: 0 } }),
    });
  });

  it('validates what it builds, and rejects a wrong verdict, a short hash, an unknown evidence kind', () => {
    const report = reportOf(RUNS.legacy);
    expect(reportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
    const broken = structuredClone(report) as Json;
    broken.cases[0].checks[0].verdict = 'ok';
    broken.run.configHash = 'abc';
    broken.cases[1].checks[1].evidence = { kind: 'sms' };
    const issues = reportSchema.safeParse(broken).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(
      expect.arrayContaining([
        'cases.0.checks.0.verdict',
        'run.configHash',
        'cases.1.checks.1.evidence.kind',
      ]),
    );
  });
});

describe('the JSON Schema of report.json', () => {
  it('is published with $id and title, survives JSON, and accepts and rejects what the zod schema does', async () => {
    const schema = reportJsonSchema();
    expect(schema.$id).toBe('https://cutover.dev/schemas/report.schema.json');
    expect(schema.title).toMatch(/acceptance report/);
    const roundTripped = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    expect(roundTripped).toEqual(schema);

    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    const { json } = await writeReport(dir, reportOf(RUNS.legacy, RUNS.renewalDefects));
    const written = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(json, 'utf8')));
    const fromJsonSchema = z.fromJSONSchema(roundTripped as Parameters<typeof z.fromJSONSchema>[0]);
    expect(fromJsonSchema.safeParse(written).success).toBe(true);
    expect(reportSchema.safeParse(written).success).toBe(true);
    for (const mutate of [
      (r: Json) => {
        r.summary.verdicts.passed = -1;
      },
      (r: Json) => {
        r.cases[0].checks[0].verdict = 'ok';
      },
      (r: Json) => {
        delete r.run.targets;
      },
      (r: Json) => {
        r.cases[0].startedAt = 'yesterday';
      },
    ]) {
      const bad = structuredClone(written);
      mutate(bad);
      expect(fromJsonSchema.safeParse(bad).success).toBe(false);
      expect(reportSchema.safeParse(bad).success).toBe(false);
    }
  });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('readReport (what cutover diff reads)', () => {
  async function withFile(name: string, text: string): Promise<string> {
    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  it('reads a report written by writeReport back to the same value', async () => {
    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    const report = reportOf(RUNS.legacy);
    const { json } = await writeReport(dir, report);
    expect(await readReport(json)).toEqual(report);
  });

  it('names the file and the key path of every problem at once', async () => {
    const report = structuredClone(reportOf(RUNS.legacy)) as Json;
    report.cases[2].checks[0].verdict = 'ok';
    delete report.cases[0].marker;
    const file = await withFile('broken.json', JSON.stringify(report));
    const error = await readReport(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const problems = (error as InvalidInputError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file,
          path: 'cases[2].checks[0].verdict',
          message: expect.stringContaining('"ok"'),
        }),
        expect.objectContaining({
          file,
          path: 'cases[0].marker',
          message: expect.stringContaining('missing'),
        }),
      ]),
    );
    expect((error as Error).message).toContain(`${file}: cases[2].checks[0].verdict:`);
  });

  it('says plainly when the file is missing, is not JSON, or is another format version', async () => {
    const missing = await readReport('/nonexistent/report.json').catch((e: Error) => e.message);
    expect(missing).toBe('/nonexistent/report.json: no such file; expected the report.json of a cutover run');
    const notJson = await withFile('x.json', '{ "schemaVersion": 1,');
    expect(await readReport(notJson).catch((e: Error) => e.message)).toMatch(/x\.json: is not valid JSON/);
    const future = await withFile(
      'future.json',
      JSON.stringify({ ...reportOf(RUNS.legacy), schemaVersion: 3 }),
    );
    expect(await readReport(future).catch((e: Error) => e.message)).toBe(
      `${future}: schemaVersion: this report has format version 3; this cutover reads version 2`,
    );
    const other = await withFile('package.json', JSON.stringify({ name: 'x' }));
    expect(await readReport(other).catch((e: Error) => e.message)).toContain(
      'schemaVersion: missing; this does not look like a cutover report.json',
    );
  });

  it('refuses a report of format version 1 (no findings) as a whole, naming the file and what to run again', async () => {
    const old = structuredClone(reportOf(RUNS.legacy)) as Json;
    old.schemaVersion = 1;
    for (const c of old.cases) for (const k of c.checks) delete k.findings;
    const file = await withFile('report.json', JSON.stringify(old));
    const error = await readReport(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toHaveLength(1);
    expect((error as Error).message).toBe(
      `${file}: schemaVersion: this report has format version 1, written by an earlier cutover: it holds no findings, which the diff compares; run the pack on that target (cutover uat --target legacy) again with this cutover and diff the new report`,
    );
  });

  it('refuses to write a report that does not validate', async () => {
    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    const report = reportOf(RUNS.legacy);
    (report.cases[0] as { verdict: string }).verdict = 'green';
    await expect(writeReport(dir, report)).rejects.toThrow(/cases\[0\]\.verdict/);
  });
});

describe('screenshots in index.html', () => {
  it('inlines only real images inside the report directory', async () => {
    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    await writeFile(join(dir, 'fake.png'), '<svg onload=alert(1)>');
    const report = reportOf(RUNS.legacy);
    const paths = ['screenshots/AC-01-outcome.png', '../../etc/passwd', '/etc/hostname', 'fake.png'];
    report.cases.slice(0, 4).forEach((c, i) => {
      const submit = c.checks[0]!;
      submit.evidence = {
        kind: 'submit',
        outcome: 'accepted',
        url: c.target.url,
        fieldErrors: [],
        durationMs: 1,
        submissions: 1,
        screenshot: paths[i],
      };
    });
    const images = await loadScreenshots(dir, report);
    expect([...images.keys()]).toEqual(['screenshots/AC-01-outcome.png']);
  });
});
