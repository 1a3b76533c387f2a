import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsCapture, AnalyticsEvent } from '../../src/probes/probe.ts';
import { checkAnalytics } from '../../src/scenario/checks/analytics-check.ts';
import type { CheckContext } from '../../src/scenario/checks/check-context.ts';

/** A capture that already holds its events and never sees another. */
function captureOf(source: string, names: string[]): AnalyticsCapture {
  const events: AnalyticsEvent[] = names.map((name) => ({
    name,
    params: {},
    utm: {},
    at: new Date(),
    source,
    raw: '',
  }));
  return {
    events: () => [...events],
    changed: ({ signal }) =>
      new Promise<void>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    detach: async () => {},
  };
}

function context(settle: number): CheckContext {
  const t0 = Date.now();
  return {
    identity: { marker: 'ct-20261126-abcdef', email: 'qa+ct-20261126-abcdef@example.com', t0: new Date(t0) },
    lastT0: t0,
    submissions: 1,
    signal: new AbortController().signal,
    defaults: { within: 120_000, absence: 15_000, settle, grace: 0 },
  };
}

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
      ['ga4', captureOf('ga4', ['page_view', 'generate_lead'])],
      ['datalayer', captureOf('datalayer', ['generate_lead'])],
      ['other', captureOf('other', ['sign_up'])],
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
