import type { WatchSource } from '../../config/index.ts';
import type { WatchLogRecord } from '../case-log.ts';
import { cycleLoop } from '../cycle-loop.ts';
import { hourBaseline, hourStartOf } from './baseline.ts';
import type { WatchMetrics } from './watch-metrics.ts';
import { type CountWindow, dueWindows, lastCountableEnd } from './windows.ts';

/** Counts real inquiries in one window of one system (a probe's `countCreated`, exclusions bound). */
export type CountRealInquiries = (window: CountWindow, signal: AbortSignal) => Promise<number>;

export interface WatchedSource {
  source: WatchSource;
  count: CountRealInquiries;
  /** How long after a window closes its count is taken (the CRM's search lag). */
  settleMs: number;
}

export interface InquiryWatchOptions {
  target: string;
  sources: WatchedSource[];
  everyMs: number;
  weeks: number;
  metrics: WatchMetrics;
  log(record: WatchLogRecord): void;
  now?: () => number;
}

export interface InquiryWatch {
  /** Fetches the baseline, then counts every window that closes from now on. */
  start(): void;
  /** One round: the baseline if this hour has none yet, then every due window. */
  tick(signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real-inquiry watch of one target: every window of `everyMs` (on the clock's grid) it counts
 * the real inquiries each source received and adds them to cutover_real_inquiries_total; when an
 * hour begins (and at start) it sets cutover_real_inquiries_baseline for that hour of the week
 * from the same source's history. A window that
 * cannot be counted (the CRM is down) is counted on a later round, so the counter catches up
 * instead of showing a drop that did not happen. Only numbers are logged.
 */
export function createInquiryWatch(options: InquiryWatchOptions): InquiryWatch {
  const now = options.now ?? Date.now;
  const { target, everyMs, weeks, metrics } = options;
  const stopping = new AbortController();
  const time = () => new Date(now()).toISOString();
  const countedUpTo = new Map<WatchSource, number>();
  /** The hour each source's baseline gauge is for: each hour of the week has its own. */
  const baselineHour = new Map<WatchSource, number>();
  metrics.declare(
    target,
    options.sources.map((s) => s.source),
    everyMs,
  );
  for (const { source, settleMs } of options.sources) {
    countedUpTo.set(source, lastCountableEnd(now(), everyMs, settleMs));
    metrics.setCountedUntil(target, source, countedUpTo.get(source)!);
  }

  const failed = (source: WatchSource, error: unknown) =>
    options.log({
      time: time(),
      event: 'watch-error',
      target,
      source,
      message: error instanceof Error ? error.message.split('\n')[0]! : String(error),
    });

  const refreshBaseline = async (watched: WatchedSource, signal: AbortSignal): Promise<void> => {
    const hour = hourStartOf(now());
    if (baselineHour.get(watched.source) === hour) return;
    const perHour = await hourBaseline(hour, weeks, (window) => watched.count(window, signal));
    baselineHour.set(watched.source, hour);
    metrics.setBaseline(target, watched.source, perHour);
    options.log({
      time: time(),
      event: 'watch-baseline',
      target,
      source: watched.source,
      hour: new Date(hour).toISOString(),
      perHour,
    });
  };

  const countDue = async (watched: WatchedSource, signal: AbortSignal): Promise<void> => {
    const from = countedUpTo.get(watched.source)!;
    for (const window of dueWindows(from, now(), everyMs, watched.settleMs)) {
      const count = await watched.count(window, signal);
      metrics.recordCount(target, watched.source, count, window.to.getTime());
      countedUpTo.set(watched.source, window.to.getTime());
      options.log({
        time: time(),
        event: 'watch-count',
        target,
        source: watched.source,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        count,
      });
    }
  };

  const tick = async (signal = stopping.signal): Promise<void> => {
    await Promise.all(
      options.sources.map(async (watched) => {
        try {
          await refreshBaseline(watched, signal);
        } catch (error) {
          if (signal.aborted) return;
          failed(watched.source, error);
        }
        try {
          await countDue(watched, signal);
        } catch (error) {
          if (signal.aborted) return;
          failed(watched.source, error);
        }
      }),
    );
  };

  // Rounds at a fraction of the window, so a window is counted soon after it has settled.
  const loop = cycleLoop({
    intervalMs: Math.max(1000, Math.min(everyMs / 4, 60_000)),
    cycle: () => tick(),
    onSkipped: () => {},
    now,
  });

  return {
    start: () => loop.start(),
    tick,
    async stop() {
      stopping.abort();
      await loop.stop();
    },
  };
}
