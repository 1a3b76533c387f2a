import { describe, expect, it } from 'vitest';
import {
  type AcceptanceReport,
  buildReport,
  type Difference,
  DiffUsageError,
  diffExitCode,
  diffReports,
  hashText,
  renderDiffText,
} from '../../src/report/index.ts';
import type { CaseResult, CheckResult, Evidence, Finding } from '../../src/scenario/case-result.ts';
import { type FindingsTemplate, renderFindings } from '../../src/scenario/render-findings.ts';
import { fixtureCases } from './fixtures/cases.ts';
import { CONFIG_TEXT, RUNS, reportOf } from './helpers.ts';

const brief = (d: Difference) => `${d.kind} ${d.scenario} ${d.check} ${d.aspect}`;
const regressions = (ds: Difference[]) => ds.filter((d) => d.kind === 'regression').map(brief);
const changes = (ds: Difference[]) => ds.filter((d) => d.kind === 'change').map(brief);

describe('parity diff: the planted renewal defects', () => {
  const result = diffReports(reportOf(RUNS.legacy), reportOf(RUNS.renewalDefects));

  it('flags each defect as a regression on the right check and aspect, and nothing else', () => {
    expect(regressions(result.differences)).toEqual([
      'regression AC-01 notification verdict',
      'regression AC-01 notification fields.電話番号',
      'regression AC-01 crm verdict',
      'regression AC-01 crm fields.utm_source',
      'regression AC-01 crm fields.utm_medium',
      'regression AC-01 crm fields.utm_campaign',
      'regression AC-01 analytics verdict',
      'regression AC-01 analytics events.generate_lead[ga4].count',
      'regression AC-01 analytics events.generate_lead[datalayer].count',
      'regression AC-04 crm verdict',
    ]);
    expect(diffExitCode(result)).toBe(1);
    expect(result.summary).toMatchObject({ regressions: 10, changes: 3 });
    expect(result.summary.byCheck.crm).toEqual({ regressions: 5, changes: 0 });
  });

  it('states both sides and why, with run-specific values normalised', () => {
    const find = (aspect: string) => result.differences.find((d) => d.aspect === aspect)!;
    expect(find('fields.電話番号')).toMatchObject({
      title: '対象内のお問い合わせ（UTM付き）が営業通知・CRM・GA4 にすべて届く',
      baseline: '03-1234-5678',
      candidate: null,
      reason: 'missing on renewal; the check failed on it: 電話番号: expected "03-1234-5678", got no value',
    });
    expect(find('fields.utm_campaign')).toMatchObject({ baseline: '{marker}', candidate: null });
    // Each value quotes the line of the check that is about it, not only the check's first reason.
    expect(find('fields.utm_medium').reason).toBe(
      'missing on renewal; the check failed on it: utm_medium: expected "email", got no value',
    );
    expect(find('events.generate_lead[ga4].count')).toMatchObject({
      baseline: 1,
      candidate: 2,
      reason: 'more on renewal; the check failed on it: generate_lead (ga4): fired 2×; expected exactly 1',
    });
    expect(find('events.generate_lead[datalayer].count').reason).toBe(
      'more on renewal; the check failed on it: generate_lead (datalayer): fired 2×; expected exactly 1',
    );
    expect(find('fields.ページURL').reason).toBe('differs on renewal; the check failed on something else');
    expect(find('events.page_view[ga4].count').reason).toBe(
      'sent once per page: the number of pages differs',
    );
    const ac04 = result.differences.find((d) => d.scenario === 'AC-04')!;
    expect(ac04).toMatchObject({ check: 'crm', aspect: 'verdict', baseline: 'passed', candidate: 'error' });
    expect(ac04.reason).toBe('passed on legacy, error on renewal: HubSpot answered 401: token rejected');
  });

  it('keeps what a rebuild legitimately changes as changes: page paths, one more page view per confirmation step', () => {
    expect(changes(result.differences)).toEqual([
      'change AC-01 notification fields.ページURL',
      'change AC-01 analytics events.page_view[ga4].count',
      'change AC-02 analytics events.page_view[ga4].count',
    ]);
    const url = result.differences.find((d) => d.aspect === 'fields.ページURL')!;
    expect(url.baseline).toBe(
      '{origin}/contact/?utm_source=newsletter&utm_medium=email&utm_campaign={marker}',
    );
    expect(url.candidate).toBe(
      '{origin}/inquiry/?utm_source=newsletter&utm_medium=email&utm_campaign={marker}',
    );
  });
});

describe('parity diff: no false alarms', () => {
  it('finds no difference at all between two runs of the same site (other markers, emails, ids, times, port)', () => {
    const a = reportOf(RUNS.legacy);
    const b = reportOf(RUNS.legacyAgain);
    expect(a.cases[0]!.marker).not.toBe(b.cases[0]!.marker);
    expect(a.cases[0]!.target.url).not.toBe(b.cases[0]!.target.url);
    const result = diffReports(a, b);
    expect(result.differences).toEqual([]);
    expect(diffExitCode(result)).toBe(0);
    expect(result.scenarios.compared).toEqual(['AC-01', 'AC-02', 'AC-03', 'AC-04', 'AC-06']);
  });

  it('reports no regression on the clean renewal', () => {
    const result = diffReports(reportOf(RUNS.legacy), reportOf(RUNS.renewalClean));
    expect(regressions(result.differences)).toEqual([]);
    expect(diffExitCode(result)).toBe(0);
  });

  it('classes a reworded subject as a change while the check still passes', () => {
    const result = diffReports(reportOf(RUNS.legacy), reportOf({ ...RUNS.renewalClean, newSubject: true }));
    const subject = result.differences.find((d) => d.aspect === 'subject')!;
    expect(subject).toMatchObject({
      check: 'notification',
      kind: 'change',
      baseline: '【お問い合わせ】株式会社テスト商事 様',
      candidate: '【Webお問い合わせ】株式会社テスト商事 様より',
    });
    expect(subject.reason).toMatch(/the check still passed$/);
    expect(diffExitCode(result)).toBe(0);
  });
});

/** One case of the legacy run with one check rewritten, as a one-target report. */
function single(target: 'legacy' | 'renewal', id: string, edit?: (c: CaseResult) => void): AcceptanceReport {
  const run = target === 'legacy' ? RUNS.legacy : RUNS.renewalClean;
  const c = structuredClone(fixtureCases(run).find((x) => x.scenario.id === id)!);
  edit?.(c);
  return buildReport([c], {
    version: '0.1.0',
    startedAt: run.start,
    endedAt: run.start,
    configFile: 'cutover.config.ts',
    configHash: hashText(CONFIG_TEXT),
  });
}

function setCheck(
  c: CaseResult,
  name: CheckResult['check'],
  patch: Partial<CheckResult>,
  evidence?: Evidence,
) {
  const i = c.checks.findIndex((k) => k.check === name);
  c.checks[i] = { ...c.checks[i]!, ...patch, ...(evidence ? { evidence } : {}) };
}

/** The check failed with these findings, worded as the engine words them. */
function failWith(c: CaseResult, name: CheckResult['check'], findings: Finding[], evidence?: Evidence) {
  const { reason, details } = renderFindings({ check: name, findings, evidence, email: c.email });
  setCheck(c, name, { verdict: 'failed', reason, details, findings }, evidence);
}

describe('parity diff: rules', () => {
  it('a validation the baseline had and the candidate lost: outcome and the field error are regressions', () => {
    const candidate = single('renewal', 'AC-03', (c) =>
      failWith(
        c,
        'submit',
        [{ aspect: 'outcome', kind: 'differs', expected: 'rejected', actual: 'accepted' }],
        {
          kind: 'submit',
          outcome: 'accepted',
          url: 'http://127.0.0.1:41002/inquiry/complete/',
          fieldErrors: [],
          durationMs: 1800,
          submissions: 1,
        },
      ),
    );
    const result = diffReports(single('legacy', 'AC-03'), candidate);
    expect(regressions(result.differences)).toEqual([
      'regression AC-03 submit verdict',
      'regression AC-03 submit outcome',
      'regression AC-03 submit fieldErrors.email',
    ]);
  });

  it('a mail where none is expected is a regression; a value the failing check names is one too', () => {
    const candidate = single('renewal', 'AC-02', (c) => {
      failWith(
        c,
        'notification',
        [{ aspect: 'messages.count', kind: 'unexpected', expected: '0', actual: '1', withinMs: 30_000 }],
        {
          kind: 'notification',
          messages: [
            {
              id: 'm1',
              receivedAt: c.startedAt,
              to: ['sales@demo.cutover.test'],
              subject: 'x',
              fields: {},
              excerpt: '',
            },
          ],
        },
      );
      const crm = c.checks.find((k) => k.check === 'crm')!;
      if (crm.evidence?.kind === 'crm')
        crm.evidence.records[0]!.fields.lifecyclestage = 'marketingqualifiedlead';
      failWith(c, 'crm', [
        {
          aspect: 'fields.lifecyclestage',
          kind: 'differs',
          match: 'equals',
          expected: 'other',
          actual: 'marketingqualifiedlead',
        },
      ]);
      expect(c.checks.find((k) => k.check === 'crm')!.reason).toBe(
        'CRM lifecyclestage: expected "other", got "marketingqualifiedlead"',
      );
    });
    const result = diffReports(single('legacy', 'AC-02'), candidate);
    expect(regressions(result.differences)).toEqual([
      'regression AC-02 notification verdict',
      'regression AC-02 notification messages.count',
      'regression AC-02 crm verdict',
      'regression AC-02 crm fields.lifecyclestage',
    ]);
  });

  it('a different value the checks did not ask about is a change; a new CRM field is a change', () => {
    const candidate = single('renewal', 'AC-02', (c) => {
      const crm = c.checks.find((k) => k.check === 'crm')!;
      if (crm.evidence?.kind !== 'crm') throw new Error('fixture');
      crm.evidence.records[0]!.fields.company = '東京テスト大学（学生）';
      crm.evidence.records[0]!.fields.hs_analytics_source = 'DIRECT_TRAFFIC';
    });
    const result = diffReports(single('legacy', 'AC-02'), candidate);
    expect(result.differences.map(brief)).toEqual([
      'change AC-02 crm fields.company',
      'change AC-02 crm fields.hs_analytics_source',
      'change AC-02 analytics events.page_view[ga4].count',
    ]);
    expect(result.differences[1]).toMatchObject({
      baseline: null,
      candidate: 'DIRECT_TRAFFIC',
      reason: 'new on renewal; the check still passed',
    });
  });

  it('a case the candidate did not run is a regression; a new one is a change', () => {
    const baseline = reportOf(RUNS.legacy);
    const candidate = reportOf(RUNS.legacyAgain);
    candidate.cases = candidate.cases.filter((c) => c.scenario.id !== 'AC-03');
    const extra = structuredClone(candidate.cases[0]!);
    extra.scenario.id = 'AC-07';
    candidate.cases.push(extra);
    const result = diffReports(baseline, candidate);
    expect(result.differences.map(brief)).toEqual(['regression AC-03 case case', 'change AC-07 case case']);
    expect(result.scenarios).toMatchObject({ onlyInBaseline: ['AC-03'], onlyInCandidate: ['AC-07'] });
    expect(diffExitCode(result)).toBe(1);
  });

  it('a report with several targets is compared by the target named; unnamed or unknown is a usage error', () => {
    const both = reportOf(RUNS.legacy, RUNS.renewalDefects);
    expect(() => diffReports(both, both)).toThrow(DiffUsageError);
    expect(() => diffReports(both, both)).toThrow(
      'the baseline report holds targets "legacy", "renewal"; name the one to compare (baselineTarget)',
    );
    expect(() => diffReports(both, both, { baselineTarget: 'legacy', candidateTarget: 'staging' })).toThrow(
      'the candidate report has no target "staging"; it holds "legacy", "renewal"',
    );
    const result = diffReports(both, both, { baselineTarget: 'legacy', candidateTarget: 'renewal' });
    expect(regressions(result.differences)).toHaveLength(10);
    expect(result.baseline).toMatchObject({ target: 'legacy', url: 'http://127.0.0.1:41001' });
    expect(result.candidate).toMatchObject({ target: 'renewal', url: 'http://127.0.0.1:41003' });
  });
});

describe('parity diff: it reads the findings, never the sentences', () => {
  /** Every failed check of a report worded by another template, its findings untouched. */
  function reworded(report: AcceptanceReport): AcceptanceReport {
    const shouting: FindingsTemplate = ({ findings }) => {
      const details = findings.map((f) => `!! ${f.kind.toUpperCase()} ${f.aspect} !!`);
      return { reason: `PROBLEMS: ${details.join(' / ')}`, details };
    };
    const copy = structuredClone(report);
    for (const c of copy.cases)
      for (const k of c.checks) {
        if (k.findings.length === 0) continue;
        const words = renderFindings({ ...k, email: c.email }, shouting);
        k.reason = words.reason;
        k.details = words.details;
      }
    return copy;
  }

  it('a reworded reason sentence changes nothing in the diff', () => {
    const candidate = reportOf(RUNS.renewalDefects);
    const other = reworded(candidate);
    const mail = (r: AcceptanceReport) => r.cases[0]!.checks.find((k) => k.check === 'notification')!;
    expect(mail(other).reason).toBe('PROBLEMS: !! MISSING fields.電話番号 !!');
    expect(mail(other).findings).toEqual(mail(candidate).findings);
    const before = diffReports(reportOf(RUNS.legacy), candidate);
    const after = diffReports(reportOf(RUNS.legacy), other);
    expect(after).toEqual(before);
    expect(regressions(after.differences)).toHaveLength(10);
  });

  it('a sentence that names a value is no failure on it; a finding about it is', () => {
    const candidate = single('renewal', 'AC-01', (c) => {
      const mail = c.checks.find((k) => k.check === 'notification')!;
      if (mail.evidence?.kind !== 'notification') throw new Error('fixture');
      mail.evidence.messages[0]!.fields.会社名 = '株式会社テスト商会';
      failWith(c, 'notification', [
        {
          aspect: 'fields.会社名',
          kind: 'differs',
          match: 'equals',
          expected: '株式会社テスト商事',
          actual: '株式会社テスト商会',
        },
      ]);
      // Words that name another value than the finding does: nothing may read them.
      Object.assign(c.checks.find((k) => k.check === 'notification')!, {
        reason: 'notification ページURL: expected the legacy page, got another',
        details: ['ページURL: expected the legacy page, got another'],
      });
    });
    const result = diffReports(single('legacy', 'AC-01'), candidate);
    expect(regressions(result.differences)).toEqual([
      'regression AC-01 notification verdict',
      'regression AC-01 notification fields.会社名',
    ]);
    const find = (aspect: string) => result.differences.find((d) => d.aspect === aspect)!;
    expect(find('fields.会社名').reason).toBe(
      'differs on renewal; the check failed on it: 会社名: expected "株式会社テスト商事", got "株式会社テスト商会"',
    );
    expect(find('fields.ページURL')).toMatchObject({
      kind: 'change',
      reason: 'differs on renewal; the check failed on something else',
    });
    // The verdict's reason is worded from the findings too, not quoted from the report.
    expect(find('verdict').reason).toBe(
      'passed on legacy, failed on renewal: notification 会社名: expected "株式会社テスト商事", got "株式会社テスト商会"',
    );
  });

  it('names the message a finding is about when there are several, and matches it by position', () => {
    const twoMails = (c: CaseResult, phone: string | undefined) => {
      const mail = c.checks.find((k) => k.check === 'notification')!;
      if (mail.evidence?.kind !== 'notification') throw new Error('fixture');
      const first = mail.evidence.messages[0]!;
      const second = structuredClone(first);
      second.id = `${first.id}2`;
      if (phone === undefined) delete second.fields.電話番号;
      else second.fields.電話番号 = phone;
      mail.evidence.messages.push(second);
    };
    const baseline = single('legacy', 'AC-01', (c) => twoMails(c, '03-1234-5678'));
    const candidate = single('renewal', 'AC-01', (c) => {
      twoMails(c, undefined);
      failWith(c, 'notification', [
        { aspect: 'fields.電話番号', kind: 'missing', match: 'equals', expected: '03-1234-5678', item: 2 },
      ]);
    });
    const result = diffReports(baseline, candidate);
    const phone = result.differences.filter((d) => d.aspect === 'fields.電話番号');
    expect(phone).toEqual([
      expect.objectContaining({ item: 2, kind: 'regression', baseline: '03-1234-5678', candidate: null }),
    ]);
    expect(phone[0]!.reason).toBe(
      'missing on renewal; the check failed on it: #2 電話番号: expected "03-1234-5678", got no value',
    );
    expect(renderDiffText(result)).toContain('messages[2].fields.電話番号');
  });
});
