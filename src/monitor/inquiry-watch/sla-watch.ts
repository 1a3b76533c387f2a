import type { SlaDefinition } from '../../config/index.ts';
import { businessDurationMs } from '../../foundation/business-time.ts';
import type { LeadFacts } from '../../probes/index.ts';
import type { WatchLogRecord } from '../case-log.ts';
import { cycleLoop } from '../cycle-loop.ts';
import { baselineWindows, hourStartOf } from './baseline.ts';
import type { SlaMetrics } from './sla-metrics.ts';
import { baselineShares, slaRound, windowShares } from './sla-round.ts';
import type { InquiryWatch } from './watch.ts';
import { type CountWindow, dueWindows, lastCountableEnd } from './windows.ts';

const DAY_MS = 86_400_000;

/** Reads the facts of the real leads received in a window (a CRM probe's `readLeads`, exclusions bound). */
export type ReadLeads = (window: CountWindow, signal: AbortSignal) => Promise<LeadFacts[]>;

export interface SlaWatchOptions {
  target: string;
  /** The CRM probe's name: the `source` label. */
  source: string;
  sla: SlaDefinition;
  /** Weeks behind the valid-share and completeness baselines (the watch's `weeks`). */
  weeks: number;
  readLeads: ReadLeads;
  /** How long after a window closes the CRM shows what happened in it (its search lag). */
  settleMs: number;
  metrics: SlaMetrics;
  log(record: WatchLogRecord): void;
  now?: () => number;
}

/** The same life cycle as the count's watch: start, one round, stop. */
export type SlaWatch = InquiryWatch;

/**
 * The sales SLA watch of one target: every `sla.every` (on the clock's grid) it reads the real
 * leads of the last `lookbackDays` from the CRM, adds the first responses and breaches of each
 * window that has closed since, and sets what is awaiting, the valid share and completeness at
 * its end; once an hour it reads the same window of the past weeks for their baseline. A round
 * the CRM cannot answer is caught up later, window by window, so nothing is lost or counted twice.
 */
export function createSlaWatch(options: SlaWatchOptions): SlaWatch {
  const now = options.now ?? Date.now;
  const { target, source, sla, metrics } = options;
  const stopping = new AbortController();
  const time = () => new Date(now()).toISOString();
  let readUpTo = lastCountableEnd(now(), sla.every, options.settleMs);
  let stateAt: number | undefined;
  let baselineHour: number | undefined;
  metrics.declare(
    target,
    source,
    businessDurationMs(sla.firstResponse.within, sla.calendar) / 1000,
    readUpTo,
  );

  const read = (from: number, to: number, signal: AbortSignal) =>
    options.readLeads({ from: new Date(from), to: new Date(to) }, signal);

  const advance = async (signal: AbortSignal): Promise<void> => {
    const due = dueWindows(readUpTo, now(), sla.every, options.settleMs);
    const end = due.at(-1)?.to.getTime() ?? readUpTo;
    if (due.length === 0 && stateAt === end) return;
    const leads = await read(end - sla.lookbackDays * DAY_MS, end, signal);
    let firstResponses = 0;
    let breaches = 0;
    for (const window of due) {
      const round = slaRound(sla, leads, window.from.getTime(), window.to.getTime());
      metrics.recordWindow(target, source, round);
      firstResponses += round.firstResponses.length;
      breaches += round.breaches;
    }
    const state = slaRound(sla, leads, end, end);
    readUpTo = end;
    stateAt = end;
    metrics.setState(target, state, end);
    metrics.setShares(target, windowShares(sla, leads, end - sla.window, end));
    const awaiting = Object.values(state.awaiting).reduce((a, b) => a + b, 0);
    options.log({
      time: time(),
      event: 'watch-sla',
      target,
      to: new Date(end).toISOString(),
      leads: leads.length,
      firstResponses,
      breaches,
      awaiting,
      overdue: state.overdue,
    });
  };

  const refreshBaseline = async (signal: AbortSignal): Promise<void> => {
    const hour = hourStartOf(readUpTo);
    if (baselineHour === hour) return;
    const start = readUpTo - sla.window;
    const past = [];
    // One window after the other: a CRM's API allows a few requests a second.
    for (const window of baselineWindows(start, options.weeks, sla.window)) {
      const leads = await read(window.from.getTime(), window.to.getTime(), signal);
      past.push(windowShares(sla, leads, window.from.getTime(), window.to.getTime()));
    }
    const baseline = baselineShares(sla, past);
    baselineHour = hour;
    metrics.setBaseline(target, baseline);
    options.log({
      time: time(),
      event: 'watch-sla-baseline',
      target,
      from: new Date(start).toISOString(),
      validRatio: baseline.validRatio ?? null,
    });
  };

  const failed = (error: unknown) =>
    options.log({
      time: time(),
      event: 'watch-error',
      target,
      source: 'sla',
      message: error instanceof Error ? error.message.split('\n')[0]! : String(error),
    });

  const tick = async (signal = stopping.signal): Promise<void> => {
    for (const step of [advance, refreshBaseline]) {
      try {
        await step(signal);
      } catch (error) {
        if (signal.aborted) return;
        failed(error);
      }
    }
  };

  const loop = cycleLoop({
    intervalMs: Math.max(1000, Math.min(sla.every / 4, 60_000)),
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
