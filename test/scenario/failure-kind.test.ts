import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/scenario/case-result.ts';
import { checkFailure, failureKindOf } from '../../src/scenario/failure-kind.ts';
import type { Finding } from '../../src/scenario/findings.ts';

const at = '2026-12-01T10:00:00.000Z';

function failedCheck(check: CheckResult['check'], findings: Finding[]): CheckResult {
  return { check, verdict: 'failed', reason: '', details: [], findings, startedAt: at, endedAt: at };
}

describe('the kind of a failure, as on-call pages with it', () => {
  it('tells missing, wrong, late, unexpected and duplicate apart from the findings', () => {
    const kinds = (
      [
        { aspect: 'messages.count', kind: 'missing', expected: '1', actual: '0' },
        { aspect: 'records.count', kind: 'count', expected: '1', actual: '2' },
        { aspect: 'records.count', kind: 'count', expected: '2', actual: '1' },
        { aspect: 'messages.count', kind: 'unexpected', expected: '0', actual: '1' },
        { aspect: 'events.generate_lead[ga4].count', kind: 'unexpected', expected: '0', actual: '1' },
        { aspect: 'events.generate_lead[ga4].count', kind: 'missing', actual: '0' },
        { aspect: 'to', kind: 'differs', expected: 'sales@example.com', actual: 'info@example.com' },
        { aspect: 'fields.company', kind: 'differs', expected: '株式会社サンプル', actual: '(株)サンプル' },
        { aspect: 'fields.電話番号', kind: 'missing', expected: '03-1234-5678' },
        { aspect: 'fields.utm_source', kind: 'unexpected', match: 'absent', actual: 'x' },
        { aspect: 'body.charset', kind: 'mojibake', expected: 'ISO-2022-JP', actual: 'UTF-8' },
        { aspect: 'delay', kind: 'late', expected: '30000', actual: '45000' },
        { aspect: 'outcome', kind: 'missing', expected: 'accepted' },
        { aspect: 'outcome', kind: 'differs', expected: 'accepted', actual: 'rejected' },
      ] satisfies Finding[]
    ).map(failureKindOf);
    expect(kinds).toEqual([
      'missing',
      'duplicate',
      'missing',
      'unexpected',
      'unexpected',
      'missing',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'late',
      'missing',
      'wrong',
    ]);
  });

  it('names a check by its most telling finding, and words that finding first', () => {
    const late: Finding = { aspect: 'delay', kind: 'late', expected: '30000', actual: '45000' };
    const wrong: Finding = { aspect: 'fields.company', kind: 'differs', expected: 'A', actual: 'B' };
    expect(checkFailure(failedCheck('crm', [late, wrong]))).toEqual({
      kind: 'wrong',
      finding: 'CRM company: expected "A", got "B"; and 1 more: delay',
    });
    expect(checkFailure({ ...failedCheck('crm', [wrong]), verdict: 'error' })).toBeUndefined();
  });
});
