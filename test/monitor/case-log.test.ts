import { describe, expect, it } from 'vitest';
import { caseLogRecord, formatLogRecord } from '../../src/monitor/case-log.ts';
import { caseResult } from '../support/evidence-fixtures.ts';

describe('the case log', () => {
  const at = new Date('2026-12-08T01:04:05Z');
  const url = 'https://ops.example.com/cutover/runs/20261208T010405Z-renewal-ac-01-3f9a/';

  it('carries a failed run’s id and page: a field each in JSON, the link at the end of the line', () => {
    const record = caseLogRecord(caseResult('failed', at), {
      run: '20261208T010405Z-renewal-ac-01-3f9a',
      url,
    });
    expect(JSON.parse(JSON.stringify(record))).toMatchObject({
      event: 'case',
      verdict: 'failed',
      run: '20261208T010405Z-renewal-ac-01-3f9a',
      url,
    });
    expect(formatLogRecord(record)).toMatch(
      /notification \(autoreply\) failed: .*電話番号.* · evidence https:\/\/ops\.example\.com\/cutover\/runs\/20261208T010405Z-renewal-ac-01-3f9a\/$/,
    );
  });

  it('names the run alone when its page is served nowhere (--once without --external-url)', () => {
    const record = caseLogRecord(caseResult('error', at), { run: '20261208T010405Z-renewal-ac-01-3f9a' });
    expect(record).not.toHaveProperty('url');
    expect(formatLogRecord(record)).toMatch(/ · evidence 20261208T010405Z-renewal-ac-01-3f9a$/);
  });

  it('a passing run carries neither', () => {
    const record = caseLogRecord(caseResult('passed', at));
    expect(record).not.toHaveProperty('run');
    expect(formatLogRecord(record)).not.toContain('evidence');
  });
});
