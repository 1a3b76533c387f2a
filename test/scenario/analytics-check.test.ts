import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkAnalytics } from '../../src/scenario/checks/analytics-check.ts';
import { capture, checkContext } from '../support/check-fixtures.ts';

const context = (settle: number) => checkContext({ within: 120_000, absence: 15_000, settle });

describe('checkAnalytics', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out one settle window for all exact counts together, not one window per expected event', async () => {
    const settle = 2_000;
    const captures = new Map([
      ['ga4', capture('ga4', [{ name: 'page_view' }, { name: 'generate_lead' }])],
      ['datalayer', capture('datalayer', [{ name: 'generate_lead' }])],
      ['other', capture('other', [{ name: 'sign_up' }])],
    ]);
    let verdict: string | undefined;
    const checking = checkAnalytics(
      captures,
      {
        within: 60_000,
        events: [
          { name: 'generate_lead', source: 'ga4', count: 1 },
          { name: 'generate_lead', source: 'datalayer', count: 1 },
          { name: 'sign_up', source: 'other', count: 1 },
        ],
      },
      context(settle),
    ).then((r) => {
      verdict = r.verdict;
    });
    // One settle window, plus at most one poll step of the back-off (≤ 3 s), in virtual time.
    await vi.advanceTimersByTimeAsync(settle + 3_000);
    expect(verdict).toBe('passed');
    await checking;
  });
});
