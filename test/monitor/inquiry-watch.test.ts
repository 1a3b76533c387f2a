import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { WatchLogRecord } from '../../src/monitor/case-log.ts';
import {
  baselineWindows,
  type CountWindow,
  createInquiryWatch,
  dueWindows,
  HOUR_MS,
  hourBaseline,
  median,
  WatchMetrics,
  WEEK_MS,
} from '../../src/monitor/inquiry-watch/index.ts';

const T = Date.parse('2026-12-01T10:00:00Z'); // a Tuesday, 19:00 in Tokyo

async function sample(registry: Registry, name: string, source: string): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values as Array<{ labels: Record<string, string>; value: number }> | undefined)?.find(
    (v) => v.labels.source === source,
  )?.value;
}

/** A system that holds real inquiries at these times and counts those in a window. */
function history(times: number[]) {
  const calls: CountWindow[] = [];
  return {
    calls,
    count: async (window: CountWindow) => {
      calls.push(window);
      return times.filter((t) => t >= window.from.getTime() && t < window.to.getTime()).length;
    },
  };
}

describe('windows and baseline', () => {
  it('counts each window on the clock grid once, after it has settled', () => {
    const every = 5 * 60_000;
    expect(dueWindows(T, T + every + 3000, every, 2000)).toEqual([
      { from: new Date(T), to: new Date(T + every) },
    ]);
    // Not yet settled: the window that just closed waits for the CRM's search lag.
    expect(dueWindows(T, T + every + 3000, every, 5000)).toEqual([]);
    expect(dueWindows(T, T + 3 * every, every, 0).map((w) => w.to.getTime())).toEqual([
      T + every,
      T + 2 * every,
      T + 3 * every,
    ]);
  });

  it('the baseline of an hour is the median of the same hour of the week over the last weeks', async () => {
    expect(baselineWindows(T, 4).map((w) => w.from.getTime())).toEqual(
      [1, 2, 3, 4].map((k) => T - k * WEEK_MS),
    );
    // 8, 10, 12 inquiries in that hour in three ordinary weeks, 0 in a holiday week.
    const counts = [8, 10, 0, 12];
    const times = counts.flatMap((n, k) =>
      Array.from({ length: n }, (_, i) => T - (k + 1) * WEEK_MS + (i * HOUR_MS) / n),
    );
    // Inquiries in other hours do not count toward this one.
    times.push(T - WEEK_MS + HOUR_MS, T - WEEK_MS - 1);
    expect(await hourBaseline(T, 4, history(times).count)).toBe(9);
    expect(median([3])).toBe(3);
    expect(median([])).toBe(0);
  });
});

describe('the real-inquiry watch', () => {
  it('exposes counts per window and the baseline, and logs numbers only', async () => {
    let now = T + 30_000;
    const times = [T + 61_000, T + 62_000, T + 125_000, T - WEEK_MS + 10, T - 2 * WEEK_MS + 10];
    const crm = history(times);
    const registry = new Registry();
    const log: WatchLogRecord[] = [];
    const watch = createInquiryWatch({
      target: 'renewal',
      sources: [{ source: 'crm', count: crm.count, settleMs: 1000 }],
      everyMs: 60_000,
      weeks: 2,
      metrics: new WatchMetrics(registry),
      log: (r) => log.push(r as WatchLogRecord),
      now: () => now,
    });
    expect(await sample(registry, 'cutover_real_inquiries_total', 'crm')).toBe(0);
    await watch.tick();
    expect(await sample(registry, 'cutover_real_inquiries_baseline', 'crm')).toBe(1);
    expect(await sample(registry, 'cutover_real_inquiries_total', 'crm')).toBe(0);
    now = T + 181_500;
    await watch.tick();
    // Windows [T, T+60s), [T+60s, T+120s) and [T+120s, T+180s): the one open at start counts too
    // (a watch before a restart never counted it: it had not closed).
    expect(await sample(registry, 'cutover_real_inquiries_total', 'crm')).toBe(3);
    await watch.tick();
    expect(await sample(registry, 'cutover_real_inquiries_total', 'crm')).toBe(3);
    expect(
      log.filter((r) => r.event === 'watch-count').map((r) => r.event === 'watch-count' && r.count),
    ).toEqual([0, 2, 1]);
    await watch.stop();
  });

  it('takes the baseline of each hour of the week when that hour begins', async () => {
    let now = T + 30_000;
    // The same weekday a week before: 2 inquiries at 10:xx, 7 at 11:xx.
    const times = [
      ...[1, 2].map((i) => T - WEEK_MS + i * 60_000),
      ...[1, 2, 3, 4, 5, 6, 7].map((i) => T + HOUR_MS - WEEK_MS + i * 60_000),
    ];
    const registry = new Registry();
    const crm = history(times);
    const watch = createInquiryWatch({
      target: 'renewal',
      sources: [{ source: 'crm', count: crm.count, settleMs: 0 }],
      everyMs: 5 * 60_000,
      weeks: 1,
      metrics: new WatchMetrics(registry),
      log: () => {},
      now: () => now,
    });
    await watch.tick();
    expect(await sample(registry, 'cutover_real_inquiries_baseline', 'crm')).toBe(2);
    now = T + 30 * 60_000;
    await watch.tick();
    // Same hour: not fetched again.
    expect(crm.calls.filter((w) => w.to.getTime() - w.from.getTime() === HOUR_MS)).toHaveLength(1);
    now = T + HOUR_MS + 1000;
    await watch.tick();
    expect(await sample(registry, 'cutover_real_inquiries_baseline', 'crm')).toBe(7);
    await watch.stop();
  });

  it('a restarted watch does not count again what the one before it counted', async () => {
    const times = [T + 61_000, T + 62_000, T + 125_000, T + 185_000];
    let total = 0;
    const run = async (start: number, end: number) => {
      let now = start;
      const registry = new Registry();
      const watch = createInquiryWatch({
        target: 'renewal',
        sources: [{ source: 'notification', count: history(times).count, settleMs: 0 }],
        everyMs: 60_000,
        weeks: 1,
        metrics: new WatchMetrics(registry),
        log: () => {},
        now: () => now,
      });
      now = end;
      await watch.tick();
      total += (await sample(registry, 'cutover_real_inquiries_total', 'notification')) ?? 0;
      await watch.stop();
    };
    await run(T + 1000, T + 130_000); // counts [T, T+60s) and [T+60s, T+120s): 0 + 2
    await run(T + 130_000, T + 200_000); // restarted: [T+120s, T+180s) only: 1
    // Every inquiry of the closed windows once; T+185s is in a window not closed yet.
    expect(total).toBe(3);
  });

  it('a window that cannot be counted is counted on a later round, and the error names no one', async () => {
    let now = T + 1000;
    let down = true;
    const registry = new Registry();
    const log: WatchLogRecord[] = [];
    const watch = createInquiryWatch({
      target: 'renewal',
      sources: [
        {
          source: 'crm',
          count: async (w) => {
            if (down) throw new Error('HubSpot answered 500');
            return w.from.getTime() === T + 60_000 ? 4 : 0;
          },
          settleMs: 0,
        },
      ],
      everyMs: 60_000,
      weeks: 1,
      metrics: new WatchMetrics(registry),
      log: (r) => log.push(r as WatchLogRecord),
      now: () => now,
    });
    now = T + 121_000;
    await watch.tick();
    expect(log.filter((r) => r.event === 'watch-error')).toHaveLength(2);
    expect(await sample(registry, 'cutover_real_inquiries_total', 'crm')).toBe(0);
    // Counting lags: what the NotCounted alert reads (and the drop alert holds back on).
    expect(await sample(registry, 'cutover_real_inquiries_counted_until_timestamp_seconds', 'crm')).toBe(
      T / 1000,
    );
    down = false;
    await watch.tick();
    expect(await sample(registry, 'cutover_real_inquiries_total', 'crm')).toBe(4);
    expect(await sample(registry, 'cutover_real_inquiries_counted_until_timestamp_seconds', 'crm')).toBe(
      (T + 120_000) / 1000,
    );
    await watch.stop();
  });
});
