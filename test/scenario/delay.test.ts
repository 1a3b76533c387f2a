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
      expect(delay.upperMs - delay.lowerMs).toBe(999);
      expect(delay.ms).toBe(delay.upperMs);
    },
  );

  it('shows a stamp truncated below t0 as the negative it is, with the explanation', () => {
    // Arrived 200 ms after a click at .700: stamped 12:00:00, 700 ms before the click.
    const delay = measureDelay(T0, truncated(200), INTERNALDATE);
    expect(delay.lowerMs).toBe(-700);
    expect(formatDelay(delay)).toBe(
      '299 ms (±1 s, IMAP INTERNALDATE; between −700 ms and 299 ms: the IMAP INTERNALDATE stamp is truncated or its clock is behind)',
    );
  });

  it('narrows the upper bound with the moment cutover saw the item (a push observed)', () => {
    const delay = measureDelay(T0, truncated(300), INTERNALDATE, T0 + 320);
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
    expect(measureDelay(T0, new Date(T0 + 45), CAPTURE, T0 + 400)).toMatchObject({
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
