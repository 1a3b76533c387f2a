/**
 * The `form` check (expect.form) and GA4 hit parameters, as data: what they find, how the report
 * names it, how the parity diff compares it, and how `cutover demo` judges the embedded build.
 */
import { describe, expect, it } from 'vitest';
import { judgeByFindings } from '../../src/cli/commands/demo-judge.ts';
import { PLANTED_EMBEDDED_DEFECTS } from '../../src/demo/index.ts';
import { buildReport, diffReports } from '../../src/report/index.ts';
import type { CaseResult, CheckResult } from '../../src/scenario/case-result.ts';
import { aspect, parseAspect } from '../../src/scenario/findings.ts';
import { formCheck } from '../../src/scenario/form-check.ts';

const at = new Date('2026-12-01T01:00:00.000Z');

describe('the form check', () => {
  it('passes on the values the page set itself, and names them', () => {
    const check = formCheck(
      { values: { prefecture: '東京都', newsletter: 'false' }, at },
      { prefecture: '東京都', newsletter: false },
    );
    expect(check).toMatchObject({
      check: 'form',
      verdict: 'passed',
      reason: 'the form held what was expected: prefecture "東京都", newsletter "false"',
      evidence: { kind: 'form', values: { prefecture: '東京都', newsletter: 'false' } },
    });
  });

  it('fails on a pre-ticked opt-in and an empty autofill, one finding each, and a field not on the page reads as none', () => {
    const check = formCheck(
      { values: { newsletter: 'true', prefecture: '', fax: undefined }, at },
      { newsletter: false, prefecture: '東京都', fax: { absent: true } },
    );
    expect(check.verdict).toBe('failed');
    expect(check.findings.map((f) => `${f.aspect} ${f.kind}`)).toEqual([
      'fields.newsletter differs',
      'fields.prefecture missing',
    ]);
    expect(check.reason).toBe('form newsletter: expected "false", got "true"; and 1 more: prefecture');
    expect(check.evidence).toMatchObject({ values: { fax: null } });
  });
});

describe('hit parameters of an analytics event', () => {
  it('have their own aspect, read back by parseAspect', () => {
    const key = aspect.eventHit('generate_lead', 'ga4', 'gcs');
    expect(key).toBe('events.generate_lead[ga4].hit.gcs');
    expect(parseAspect(key)).toEqual({
      is: 'event',
      name: 'generate_lead',
      source: 'ga4',
      part: 'hit',
      key: 'gcs',
    });
  });
});

function caseWith(id: string, target: string, checks: CheckResult[]): CaseResult {
  const failed = checks.some((c) => c.verdict === 'failed');
  return {
    scenario: { id, title: id, tags: [] },
    target: { name: target, url: `http://127.0.0.1/${target}`, production: false },
    marker: 'ct-20261201-abcdef',
    email: 'qa+ct-20261201-abcdef@example.com',
    verdict: failed ? 'failed' : 'passed',
    startedAt: at.toISOString(),
    endedAt: at.toISOString(),
    durationMs: 1,
    checks,
    cleanup: [],
  };
}

const reportOfCases = (cases: CaseResult[]) =>
  buildReport(cases, {
    id: 'run',
    version: '0.1.0',
    startedAt: at,
    endedAt: at,
    configFile: 'cutover.config.ts',
    configHash: 'x',
  });

describe('the form check in the parity diff and the demo judge', () => {
  const clean = formCheck({ values: { newsletter: 'false' }, at }, { newsletter: false });
  const preTicked = formCheck({ values: { newsletter: 'true' }, at }, { newsletter: false });

  it('a pre-ticked box on the candidate is a regression on fields.newsletter', () => {
    const diff = diffReports(
      reportOfCases([caseWith('EM-01', 'before', [clean])]),
      reportOfCases([caseWith('EM-01', 'after', [preTicked])]),
    );
    expect(
      diff.differences.filter((d) => d.kind === 'regression').map((d) => `${d.check} ${d.aspect}`),
    ).toEqual(['form verdict', 'form fields.newsletter']);
  });

  it('claims D8 from EM-01’s form finding, and calls any other failure a surprise', () => {
    const d8 = PLANTED_EMBEDDED_DEFECTS.filter((p) => p.defect === 'D8');
    const caught = judgeByFindings({
      report: reportOfCases([caseWith('EM-01', 'embedded', [preTicked])]),
      planted: d8,
    });
    expect(caught.catches.map((c) => c.caught)).toEqual([true]);
    expect(caught.surprises).toEqual([]);
    const other = formCheck({ values: { prefecture: '' }, at }, { prefecture: '東京都' });
    const surprised = judgeByFindings({
      report: reportOfCases([caseWith('EM-01', 'embedded', [other])]),
      planted: d8,
    });
    expect(surprised.surprises).toEqual([
      'planted defect D8 was not flagged on EM-01 form (fields.newsletter: the form check has no differs finding on it)',
      'unexpected failure on EM-01 form (embedded): fields.prefecture missing',
    ]);
  });
});
