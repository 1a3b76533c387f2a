import { describe, expect, it } from 'vitest';
import { formatDelay, judgeSla, measureDelay, type TimestampKind } from '../../src/scenario/delay.ts';

const INTERNALDATE: TimestampKind = { source: 'IMAP INTERNALDATE', resolutionMs: 1000, clock: 'system' };
const CREATED_AT: TimestampKind = { source: 'HubSpot createdAt', resolutionMs: 1, clock: 'system' };
const CAPTURE: TimestampKind = { source: 'capture', resolutionMs: 1, clock: 'cutover' };

const T0 = Date.parse('2026-12-01T12:00:00.700Z');
/** What a server with whole-second stamps writes for an arrival at `ms` after t0 (truncated). */
const truncated = (ms: number) => new Date(Math.floor((T0 + ms) / 1000) * 1000);

describe('a delay measured from a whole-second stamp', () => {
  it.each([200, 300, 950, 2000, 11_999, 12_000])(
    'contains the true delay (%i ms) and reports its upper bound, never lower than the truth',
    (trueMs) => {
      const delay = measureDelay(T0, truncated(trueMs), INTERNALDATE);
      expect(delay.lowerMs).toBeLessThanOrEqual(trueMs);
      expect(delay.upperMs).toBeGreaterThanOrEqual(trueMs);
      // The stamp's second, less what lies before the click.
      expect(delay.upperMs - delay.lowerMs).toBe(Math.min(999, delay.upperMs));
      expect(delay.ms).toBe(delay.upperMs);
    },
  );

  it('never reports a negative bound: an item cannot arrive before the click that caused it', () => {
    // Arrived 200 ms after a click at .700: stamped 12:00:00, 700 ms before the click.
    const delay = measureDelay(T0, truncated(200), INTERNALDATE);
    expect(delay).toMatchObject({ lowerMs: 0, upperMs: 299, lowerFrom: 'click', upperFrom: 'stamp' });
    expect(formatDelay(delay)).toBe('299 ms (±1 s, IMAP INTERNALDATE; between 0 ms and 299 ms)');
  });

  it('narrows the upper bound with the moment cutover saw the item (a push observed)', () => {
    const delay = measureDelay(T0, truncated(300), INTERNALDATE, { seenAt: T0 + 320 });
    expect(delay).toMatchObject({ lowerMs: 300, upperMs: 320, ms: 320, upperFrom: 'seen' });
    expect(formatDelay(delay)).toBe('320 ms (±1 s, IMAP INTERNALDATE; between 300 ms and 320 ms)');
  });

  it('a site whose mail took 12 s is not reported as 11.6 s', () => {
    const delay = measureDelay(T0, truncated(12_000), INTERNALDATE);
    expect(delay.ms).toBeGreaterThanOrEqual(12_000);
  });
});

describe('a delay measured from a millisecond stamp or on cutover’s own clock', () => {
  it('is exact to the millisecond', () => {
    expect(measureDelay(T0, new Date(T0 + 182), CREATED_AT)).toMatchObject({
      lowerMs: 182,
      upperMs: 182,
      ms: 182,
    });
    expect(formatDelay(measureDelay(T0, new Date(T0 + 182), CREATED_AT))).toBe('182 ms (HubSpot createdAt)');
    expect(measureDelay(T0, new Date(T0 + 45), CAPTURE, { seenAt: T0 + 400 })).toMatchObject({
      lowerMs: 45,
      upperMs: 45,
    });
  });
});

describe('judging an SLA on the interval', () => {
  const sla = 5000;
  it('is within when the upper bound is, late when the lower bound is past it', () => {
    expect(judgeSla(measureDelay(T0, truncated(3000), INTERNALDATE), sla)).toBe('within');
    expect(judgeSla(measureDelay(T0, truncated(6500), INTERNALDATE), sla)).toBe('late');
  });

  it('straddles when the SLA lies inside the interval (the conservative rule then calls it late)', () => {
    // True 4.6 s: stamped 12:00:05, interval [4.3 s, 5.299 s] around the 5 s SLA.
    expect(judgeSla(measureDelay(T0, truncated(4600), INTERNALDATE), sla)).toBe('straddles');
  });
});

describe('a delay from a coarse clock, bounded by cutover’s own reads', () => {
  const MINUTES: TimestampKind = { source: 'kintone 作成日時', resolutionMs: 60_000, clock: 'system' };
  /** kintone writes 作成日時 truncated to the minute. */
  const minute = (ms: number) => new Date(Math.floor((T0 + ms) / 60_000) * 60_000);

  it.each([
    // [true delay, last read that missed it, first read that saw it] — a record queued 20–40 s.
    [35_700, 34_000, 36_100],
    [20_300, 19_000, 22_000],
    // Written across the minute boundary after the click: stamp 12:01:00, t0 12:00:00.700.
    [59_400, 58_000, 60_500],
    [59_200, 57_900, 59_900],
  ])('contains the truth (%i ms) and is never negative', (trueMs, missed, seen) => {
    const delay = measureDelay(T0, minute(trueMs), MINUTES, { missedAt: T0 + missed, seenAt: T0 + seen });
    expect(delay.lowerMs).toBeGreaterThanOrEqual(0);
    expect(delay.lowerMs).toBeLessThanOrEqual(trueMs);
    expect(delay.upperMs).toBeGreaterThanOrEqual(trueMs);
    expect(delay.upperMs).toBeLessThanOrEqual(seen);
  });

  it('the field report: a 1 s resolution assumed for a minute clock — the stamp contradicts the reads, which win', () => {
    // Written 35.7 s after the click, stamped at the minute (5.7 s after it); the REST probe took it as 1 s.
    const assumed: TimestampKind = { source: 'REST createdAt', resolutionMs: 1000, clock: 'system' };
    const stamp = new Date(T0 + 5_700);
    const delay = measureDelay(T0, stamp, assumed, { missedAt: T0 + 34_000, seenAt: T0 + 36_100 });
    expect(delay).toMatchObject({ lowerMs: 34_000, upperMs: 36_100, stampContradicted: true });
    expect(formatDelay(delay)).toContain('contradicts cutover');
  });

  it('a clock behind cutover’s (a stamp before the click) is corrected by the reads, not shown negative', () => {
    const delay = measureDelay(T0, new Date(T0 - 16_200), CREATED_AT, {
      missedAt: T0 + 1_000,
      seenAt: T0 + 2_500,
    });
    expect(delay).toMatchObject({ lowerMs: 1_000, upperMs: 2_500, stampContradicted: true });
  });

  it('a search index that lags writes weakens the lower bound from a read by its lag', () => {
    const delay = measureDelay(T0, new Date(T0 + 4_000), CREATED_AT, {
      missedAt: T0 + 5_000,
      seenAt: T0 + 8_000,
      lagMs: 3_000,
    });
    // Not found at 5 s, but the index lags 3 s: created after 2 s; the stamp (4 s) stands.
    expect(delay).toMatchObject({ lowerMs: 4_000, upperMs: 4_000 });
    expect(delay.stampContradicted).toBeUndefined();
  });
});
