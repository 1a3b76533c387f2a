import type { TimestampKind } from '../probes/index.ts';

export type { TimestampKind };

/**
 * Delays as measured, with their resolution. A downstream system stamps an item with its own
 * clock at its own resolution (IMAP INTERNALDATE and Salesforce CreatedDate: whole seconds,
 * truncated); cutover knows t0 and when it first saw the item, both in milliseconds on its own
 * clock. So a delay is an interval, not a number:
 *
 * - from below, the system's stamp: the item arrived at or after `stamp` (truncation), so the
 *   delay is at least `stamp − t0` — negative when the stamp was truncated below t0 or the
 *   system's clock is behind ours, and then shown as such, never clamped;
 * - from above, the stamp plus its resolution, and the moment cutover saw the item (a push
 *   observed, a read that returned it): the delay is at most the smaller of the two.
 *
 * The reported figure (`ms`, and what the monitor's histograms record) is the upper bound — never
 * rounded in the lenient direction. An SLA is judged on the interval: within when the upper bound
 * is within it, late when the lower bound is past it, and when the SLA lies inside the interval the
 * conservative rule applies: late, with the reason saying it may have been on time.
 */

export interface Delay {
  /** The figure reported and judged: the upper bound. */
  ms: number;
  lowerMs: number;
  upperMs: number;
  /** The system stamp's resolution. */
  resolutionMs: number;
  /** What stamped the item, e.g. "IMAP INTERNALDATE". */
  source: string;
  /** What gave the upper bound: the stamp and its resolution, or cutover seeing the item. */
  upperFrom: 'stamp' | 'seen';
}

/**
 * @param t0 the final click, epoch ms (cutover's clock)
 * @param stamp the system's own time of the item
 * @param seenAt when cutover first saw the item (epoch ms, its own clock), if known
 */
export function measureDelay(t0: number, stamp: Date, kind: TimestampKind, seenAt?: number): Delay {
  const lowerMs = stamp.getTime() - t0;
  if (kind.clock === 'cutover') {
    return {
      ms: lowerMs,
      lowerMs,
      upperMs: lowerMs,
      resolutionMs: kind.resolutionMs,
      source: kind.source,
      upperFrom: 'stamp',
    };
  }
  // A stamp truncated to its resolution: the true time is below stamp + resolution.
  const fromStamp = lowerMs + Math.max(0, kind.resolutionMs - 1);
  const fromSeen = seenAt === undefined ? Number.POSITIVE_INFINITY : seenAt - t0;
  // Seen before the stamp says it arrived: the system's clock is ahead of ours; keep the stamp.
  const useSeen = fromSeen < fromStamp && fromSeen >= lowerMs;
  const upperMs = useSeen ? fromSeen : fromStamp;
  return {
    ms: upperMs,
    lowerMs,
    upperMs,
    resolutionMs: kind.resolutionMs,
    source: kind.source,
    upperFrom: useSeen ? 'seen' : 'stamp',
  };
}

export type SlaJudgement = 'within' | 'late' | 'straddles';

/** Within: certainly on time. Late: certainly not. Straddles: the SLA lies inside the interval. */
export function judgeSla(delay: Delay, slaMs: number): SlaJudgement {
  if (delay.upperMs <= slaMs) return 'within';
  if (delay.lowerMs > slaMs) return 'late';
  return 'straddles';
}

/** "0.3 s (±1 s, IMAP INTERNALDATE)", "182 ms (HubSpot createdAt)", "between −0.7 s and 0.3 s …". */
export function formatDelay(delay: Delay): string {
  const width = delay.upperMs - delay.lowerMs;
  if (width <= 1) return `${seconds(delay.ms)} (${delay.source})`;
  const resolution =
    delay.resolutionMs >= 1000 ? `±${seconds(delay.resolutionMs)}` : `±${delay.resolutionMs} ms`;
  const interval =
    delay.lowerMs < 0
      ? `between ${seconds(delay.lowerMs)} and ${seconds(delay.upperMs)}: the ${delay.source} stamp is truncated or its clock is behind`
      : `between ${seconds(delay.lowerMs)} and ${seconds(delay.upperMs)}`;
  return `${seconds(delay.ms)} (${resolution}, ${delay.source}; ${interval})`;
}

/** For reasons: "194 ms" when exact, "0.3 s (±1 s, IMAP INTERNALDATE)" when the stamp is coarser. */
export function shortDelay(delay: Delay): string {
  if (delay.upperMs - delay.lowerMs <= 1) return seconds(delay.ms);
  const resolution =
    delay.resolutionMs >= 1000 ? `±${seconds(delay.resolutionMs)}` : `±${delay.resolutionMs} ms`;
  return `${seconds(delay.ms)} (${resolution}, ${delay.source})`;
}

/** The finding data of a delay judged late (see findings.ts `range`). */
export function rangeOf(delay: Delay): {
  lowerMs: number;
  upperMs: number;
  resolutionMs: number;
  source: string;
} {
  return {
    lowerMs: delay.lowerMs,
    upperMs: delay.upperMs,
    resolutionMs: delay.resolutionMs,
    source: delay.source,
  };
}

function seconds(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  const minutes = Math.floor(abs / 60_000);
  const rest = Math.round((abs % 60_000) / 1000);
  return `${sign}${minutes} min${rest ? ` ${rest} s` : ''}`;
}
