import { describe, expect, it } from 'vitest';
import { type CheckResult, overallVerdict, type Verdict } from '../../src/scenario/case-result.ts';
import { settled } from '../../src/scenario/checks/check-window.ts';

const checks = (...verdicts: Verdict[]): CheckResult[] =>
  verdicts.map((verdict, i) => ({
    check: (['submit', 'notification', 'crm', 'analytics'] as const)[i]!,
    verdict,
    reason: '',
    details: [],
    findings: [],
    startedAt: '2026-11-26T00:00:00.000Z',
    endedAt: '2026-11-26T00:00:01.000Z',
  }));

describe('overallVerdict: one verdict per case', () => {
  it('is failed when any check failed, even if another could not find out', () => {
    expect(overallVerdict(checks('passed', 'error', 'failed', 'passed'))).toBe('failed');
  });

  it('is error when nothing failed but a check could not find out', () => {
    expect(overallVerdict(checks('passed', 'passed', 'error', 'skipped'))).toBe('error');
  });

  it('is passed when every check passed or was skipped', () => {
    expect(overallVerdict(checks('passed', 'passed', 'skipped', 'skipped'))).toBe('passed');
  });

  it('is skipped only when every check was skipped', () => {
    expect(overallVerdict(checks('skipped', 'skipped', 'skipped', 'skipped'))).toBe('skipped');
  });
});

describe('settled: when an exact count can be trusted', () => {
  const settle = 2_000;
  const now = Date.now();

  it('without an exact count, the first item is enough', () => {
    expect(settled(0, undefined, undefined, settle)).toBe(false);
    expect(settled(1, undefined, now, settle)).toBe(true);
  });

  it('an exact count reached just now keeps watching for a second, unwanted item', () => {
    expect(settled(1, 1, Date.now(), settle)).toBe(false);
  });

  it('an exact count held for the settle time is settled', () => {
    expect(settled(1, 1, Date.now() - settle, settle)).toBe(true);
  });

  it('more than expected is settled at once: the verdict cannot get better', () => {
    expect(settled(2, 1, Date.now(), settle)).toBe(true);
  });

  it('fewer than expected is never settled', () => {
    expect(settled(1, 2, Date.now() - 10 * settle, settle)).toBe(false);
    expect(settled(0, 1, undefined, settle)).toBe(false);
  });
});
