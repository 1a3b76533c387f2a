/**
 * How `cutover demo` judges its own run: each planted defect counts as caught only when the
 * parity diff shows a regression on its aspect (and, where the scenario asserts it, the renewal's
 * check has a finding on it) — read from data, on crafted reports, without running the demo.
 */
import { describe, expect, it } from 'vitest';
import { judgeDemo } from '../../src/cli/commands/demo-judge.ts';
import { PLANTED_DEFECTS } from '../../src/demo/index.ts';
import { type AcceptanceReport, diffReports } from '../../src/report/index.ts';
import type { CaseResult, Finding } from '../../src/scenario/case-result.ts';
import { parseAspect } from '../../src/scenario/findings.ts';
import { renderFindings } from '../../src/scenario/render-findings.ts';
import { RUNS, reportOf } from '../report/helpers.ts';

/** The fixtures hold AC-01 to AC-04 and AC-06: the planted catches they can show are AC-01's. */
const AC01 = PLANTED_DEFECTS.filter((p) => p.scenario === 'AC-01');
/** The renewal with D1–D3 planted on AC-01, its CRM token accepted (no unrelated error). */
const PLANTED = { ...RUNS.renewalDefects, crmUnauthorised: false };

function judge(renewal: AcceptanceReport, planted = AC01) {
  const legacy = reportOf(RUNS.legacy);
  return judgeDemo({ legacy, renewal, diff: diffReports(legacy, renewal), planted });
}

const caught = (j: ReturnType<typeof judge>) =>
  j.catches.map(
    (c) => `${c.caught ? '✓' : '✗'} ${c.planted.defect} ${c.planted.scenario} ${c.planted.check}`,
  );

/** Rewrites AC-01's notification: the mail's body fields, and the findings the check failed with. */
function ac01Mail(
  report: AcceptanceReport,
  edit: (fields: Record<string, string>) => void,
  findings: Finding[],
): AcceptanceReport {
  const c = report.cases.find((x) => x.scenario.id === 'AC-01') as CaseResult;
  const mail = c.checks.find((k) => k.check === 'notification')!;
  if (mail.evidence?.kind !== 'notification') throw new Error('fixture');
  edit(mail.evidence.messages[0]!.fields);
  const words = renderFindings({ check: 'notification', findings, email: c.email });
  Object.assign(mail, { verdict: 'failed', findings, ...words });
  c.verdict = 'failed';
  return report;
}

const missing = (label: string, expected: string): Finding => ({
  aspect: `fields.${label}`,
  kind: 'missing',
  match: 'equals',
  expected,
});

describe("cutover demo's judge", () => {
  it('claims every planted defect the diff and the findings show, and finds nothing else', () => {
    const j = judge(reportOf(PLANTED));
    expect(caught(j)).toEqual(['✓ D1 AC-01 notification', '✓ D2 AC-01 crm', '✓ D3 AC-01 analytics']);
    expect(j.surprises).toEqual([]);
  });

  it('does not claim D1 for another AC-01 notification defect: a lost 会社名 line, the 電話番号 line intact', () => {
    const renewal = ac01Mail(
      reportOf(PLANTED),
      (fields) => {
        fields.電話番号 = '03-1234-5678';
        delete fields.会社名;
      },
      [missing('会社名', '株式会社テスト商事')],
    );
    const j = judge(renewal);
    expect(caught(j)).toEqual(['✗ D1 AC-01 notification', '✓ D2 AC-01 crm', '✓ D3 AC-01 analytics']);
    expect(j.catches[0]!.unseen).toEqual([
      'fields.電話番号: no regression',
      'fields.電話番号: the notification check has no missing finding on it',
    ]);
    expect(j.surprises).toEqual([
      'planted defect D1 was not flagged on AC-01 notification (fields.電話番号: no regression; fields.電話番号: the notification check has no missing finding on it)',
      'unexpected regression on AC-01 notification: passed → failed (fields.会社名 missing)',
      'unexpected regression on AC-01 notification fields.会社名',
    ]);
  });

  it('claims D1 alongside a second notification defect, but reports that one as a surprise', () => {
    const renewal = ac01Mail(
      reportOf(PLANTED),
      (fields) => {
        delete fields.会社名;
      },
      [missing('会社名', '株式会社テスト商事'), missing('電話番号', '03-1234-5678')],
    );
    const j = judge(renewal);
    expect(caught(j)[0]).toBe('✓ D1 AC-01 notification');
    expect(j.surprises).toEqual([
      'unexpected regression on AC-01 notification: passed → failed (fields.会社名 missing)',
      'unexpected regression on AC-01 notification fields.会社名',
    ]);
  });

  it('a planted aspect that regressed while the check failed on something else is no catch by the check', () => {
    // The 電話番号 line is gone (the diff sees it), but the check reports only a late mail.
    const renewal = ac01Mail(reportOf(PLANTED), () => {}, [
      { aspect: 'delay', kind: 'late', expected: '30000', actual: '45000' },
    ]);
    const j = judge(renewal);
    expect(caught(j)[0]).toBe('✗ D1 AC-01 notification');
    expect(j.catches[0]!.unseen).toEqual([
      'fields.電話番号: the notification check has no missing finding on it',
    ]);
    expect(j.surprises).toContain(
      'unexpected regression on AC-01 notification: passed → failed (delay late)',
    );
  });

  it('with nothing planted (--clean): a clean renewal passes; any regression is a surprise', () => {
    expect(judge(reportOf(RUNS.renewalClean), [])).toEqual({ catches: [], surprises: [] });
    const j = judge(reportOf(RUNS.renewalDefects), []);
    expect(j.surprises).toContain('unexpected regression on AC-01 notification fields.電話番号');
    expect(j.surprises).toContain('unexpected regression on AC-04 crm: passed → error');
  });

  it('the legacy build must pass every check', () => {
    const legacy = reportOf(RUNS.renewalDefects);
    const renewal = reportOf(PLANTED);
    const j = judgeDemo({ legacy, renewal, diff: diffReports(legacy, renewal), planted: [] });
    expect(j.surprises[0]).toBe('the legacy build did not pass every check');
  });
});

describe('the planted defects (src/demo/defects.ts)', () => {
  it('name their aspects in the grammar of the findings, and each defect D1–D4 at least once', () => {
    for (const p of PLANTED_DEFECTS)
      for (const a of p.aspects) expect(parseAspect(a).is, a).not.toBe('other');
    expect([...new Set(PLANTED_DEFECTS.map((p) => p.defect))]).toEqual(['D1', 'D2', 'D3', 'D4']);
  });
});
