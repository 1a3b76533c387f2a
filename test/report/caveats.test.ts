/**
 * A check whose expectation cannot fail carries the caveat in the report: as data in report.json
 * (`checks[].caveats`: kind, why, fix), next to the verdict in the HTML report, and in the
 * progress line of `cutover uat`.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Caveat } from '../../src/config/index.ts';
import {
  buildReport,
  hashText,
  readReport,
  renderReportHtml,
  reportJsonSchema,
  reportSchema,
  writeReport,
} from '../../src/report/index.ts';
import type { CaseResult } from '../../src/scenario/case-result.ts';
import { progressLines } from '../../src/uat/acceptance-reporter.ts';
import { fixtureCases } from './fixtures/cases.ts';
import { CONFIG_TEXT, RUNS, reportDir } from './helpers.ts';

const CAVEAT: Caveat = {
  kind: 'unseen',
  why: 'the hubspot CRM probe of target "legacy" finds records only by the synthetic email, and no input of this scenario carries it ({{email}}): a record the site wrote would carry the address typed instead, which the probe never looks for — the expected absence passes whatever the site does',
  fix: 'set markerField on that probe — the property the form’s free-text input lands in, e.g. "message" — and put {{marker}} in that input, e.g. message: "…（{{marker}}）"',
};

/** The legacy run, its AC-03 (an invalid email, crm: { none: true }) with the caveat on its CRM check. */
function casesWithCaveat(): CaseResult[] {
  return fixtureCases(RUNS.legacy).map((c) =>
    c.scenario.id === 'AC-03'
      ? { ...c, checks: c.checks.map((k) => (k.check === 'crm' ? { ...k, caveats: [CAVEAT] } : k)) }
      : c,
  );
}

function report(cases: CaseResult[]) {
  return buildReport(cases, {
    id: 'run-caveat',
    version: '0.1.0',
    startedAt: new Date('2026-11-26T01:00:00.000Z'),
    endedAt: new Date('2026-11-26T01:07:00.000Z'),
    configFile: 'cutover.config.ts',
    configHash: hashText(CONFIG_TEXT),
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('a check that cannot fail, in the report', () => {
  it('report.json keeps the caveat as data, and both the zod schema and the published JSON Schema accept it', async () => {
    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    const written = await writeReport(dir, report(casesWithCaveat()));
    const json = JSON.parse(await readFile(written.json, 'utf8'));
    const crm = json.cases
      .find((c: CaseResult) => c.scenario.id === 'AC-03')
      .checks.find((k: { check: string }) => k.check === 'crm');
    expect(crm.verdict).toBe('passed');
    expect(crm.caveats).toEqual([CAVEAT]);
    expect(reportSchema.safeParse(json).success).toBe(true);
    const fromJsonSchema = z.fromJSONSchema(
      JSON.parse(JSON.stringify(reportJsonSchema())) as Parameters<typeof z.fromJSONSchema>[0],
    );
    expect(fromJsonSchema.safeParse(json).success).toBe(true);
    expect(
      (await readReport(written.json)).cases.find((c) => c.scenario.id === 'AC-03')?.checks,
    ).toContainEqual(expect.objectContaining({ check: 'crm', caveats: [CAVEAT] }));
    const bad = structuredClone(json);
    bad.cases[0].checks[0].caveats = [{ kind: 'maybe', why: 'x', fix: 'y' }];
    expect(reportSchema.safeParse(bad).success).toBe(false);
  });

  it('the HTML report shows it next to the verdict, in the table and in the evidence with why and fix', () => {
    const page = renderReportHtml(report(casesWithCaveat()), { sha256: 'a'.repeat(64) });
    const row = page.slice(page.indexOf('data-scenario="AC-03"'));
    const cell = row.slice(
      row.indexOf('data-check="crm"'),
      row.indexOf('</td>', row.indexOf('data-check="crm"')),
    );
    expect(cell).toMatch(
      /<span class="badge v-passed">✓ passed<\/span> <span class="badge caveat" data-caveat="unseen" title="Cannot fail: the hubspot CRM probe of target &quot;legacy&quot; finds records only by the synthetic email[^"]*">⚠ cannot fail<\/span>/,
    );
    const evidence = row.slice(row.indexOf('<section class="check-evidence c-passed" data-check="crm"'));
    expect(evidence.slice(0, evidence.indexOf('</section>'))).toContain(
      '<p class="caveat" data-caveat="unseen">⚠ Cannot fail: the hubspot CRM probe of target &quot;legacy&quot; finds records only by the synthetic email, and no input of this scenario carries it ({{email}})',
    );
    expect(evidence).toContain('Fix: set markerField on that probe');
    // Only the flagged check says so.
    expect(page.match(/data-caveat="unseen">⚠/g)).toHaveLength(1);
    expect(page.match(/class="badge caveat"/g)).toHaveLength(2);
  });

  it('a report without caveats renders none', () => {
    const page = renderReportHtml(report(fixtureCases(RUNS.legacy)), { sha256: 'a'.repeat(64) });
    expect(page).not.toContain('data-caveat');
  });

  it('the progress line marks the check, and a line under it says why', () => {
    const ac03 = casesWithCaveat().find((c) => c.scenario.id === 'AC-03')!;
    const lines = progressLines(ac03);
    expect(lines[0]).toMatch(/ · crm ✓( \S+)* ⚠ cannot fail( ·|$)/);
    expect(lines.slice(1)).toEqual([`      ⚠ crm cannot fail: ${CAVEAT.why}`]);
    const plain = fixtureCases(RUNS.legacy).find((c) => c.scenario.id === 'AC-03')!;
    expect(progressLines(plain)).toHaveLength(1);
  });
});
