import { en, type Messages } from '../foundation/i18n/index.ts';
import type { TimestampKind } from '../probes/index.ts';

export type { TimestampKind };

/**
 * Delays as measured, with their resolution. A downstream system stamps an item with its own
 * clock at its own resolution (IMAP INTERNALDATE and Salesforce CreatedDate: whole seconds,
 * kintone's 作成日時: whole minutes, truncated); cutover knows t0 and its own reads, in
 * milliseconds on its own clock. So a delay is an interval, not a number, and two kinds of
 * evidence bound it:
 *
 * - the stamp: the item arrived in [stamp, stamp + resolution) — where the system's clock agrees
 *   with ours and its resolution is what it declares;
 * - cutover's own observations, which need no trust in another clock: the item came after the
 *   final click (a delay is never negative), after the start of the last read that did not return
 *   it (less the source's search lag), and no later than the first read or push that did.
 *
 * The interval is the intersection of the two. When they do not meet — the stamp says the item
 * was there before a read that did not find it, or after cutover had seen it, or before the click —
 * the source's clock is coarser than declared or skewed: the observed bounds win and the delay
 * says so (`stampContradicted`). Either way the interval contains the truth.
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
  /** What gave the lower bound: the stamp, a read of cutover's that did not find it yet, or the click itself. */
  lowerFrom?: 'stamp' | 'read' | 'click';
  /** The stamp contradicts what cutover observed (a coarser or skewed clock): the bounds are cutover's own. */
  stampContradicted?: true;
}

/** What cutover itself observed of an item, on its own clock (epoch ms). */
export interface Observed {
  /** When cutover first saw the item (the read that returned it, a push, the probe's own sighting). */
  seenAt?: number;
  /** The start of the last read that did not return it: it was not there (or not yet listed) then. */
  missedAt?: number;
  /** How long after it exists the source may still not list it (a search index's lag). */
  lagMs?: number;
}

/**
 * @param t0 the final click, epoch ms (cutover's clock)
 * @param stamp the system's own time of the item
 * @param observed what cutover saw of it: bounds that need no trust in the system's clock
 */
export function measureDelay(t0: number, stamp: Date, kind: TimestampKind, observed: Observed = {}): Delay {
  const stampLower = stamp.getTime() - t0;
  // A stamp truncated to its resolution: the true time is below stamp + resolution. Cutover's own
  // clock (a capture) stamps the moment itself.
  const stampUpper = kind.clock === 'cutover' ? stampLower : stampLower + Math.max(0, kind.resolutionMs - 1);
  const readLower =
    observed.missedAt === undefined
      ? Number.NEGATIVE_INFINITY
      : observed.missedAt - (observed.lagMs ?? 0) - t0;
  const seenUpper = observed.seenAt === undefined ? Number.POSITIVE_INFINITY : observed.seenAt - t0;
  const observedLower = Math.max(0, readLower);
  const lowerFrom = readLower > 0 ? 'read' : 'click';

  const lower = Math.max(stampLower, observedLower);
  const upper = Math.min(stampUpper, seenUpper);
  const base = { resolutionMs: kind.resolutionMs, source: kind.source };
  if (lower <= upper) {
    return {
      ...base,
      ms: upper,
      lowerMs: lower,
      upperMs: upper,
      upperFrom: upper === stampUpper ? 'stamp' : 'seen',
      lowerFrom: lower === stampLower ? 'stamp' : lowerFrom,
    };
  }
  // The stamp and cutover's observations do not meet: trust what cutover saw. Without a sighting
  // (never in a check, which always saw its item) the stamp's upper bound is all there is.
  const bound = Number.isFinite(seenUpper) ? seenUpper : Math.max(observedLower, stampUpper);
  return {
    ...base,
    ms: bound,
    lowerMs: Math.min(observedLower, bound),
    upperMs: bound,
    upperFrom: Number.isFinite(seenUpper) ? 'seen' : 'stamp',
    lowerFrom,
    stampContradicted: true,
  };
}

export type SlaJudgement = 'within' | 'late' | 'straddles';

/** Within: certainly on time. Late: certainly not. Straddles: the SLA lies inside the interval. */
export function judgeSla(delay: Delay, slaMs: number): SlaJudgement {
  if (delay.upperMs <= slaMs) return 'within';
  if (delay.lowerMs > slaMs) return 'late';
  return 'straddles';
}

/**
 * "0.3 s (±1 s, IMAP INTERNALDATE; between 0 ms and 0.3 s)", "182 ms (HubSpot createdAt)"; a stamp
 * that contradicts cutover's reads says so.
 */
export function formatDelay(delay: Delay): string {
  const width = delay.upperMs - delay.lowerMs;
  if (width <= 1 && !delay.stampContradicted) return `${seconds(delay.ms)} (${delay.source})`;
  const interval = `between ${seconds(delay.lowerMs)} and ${seconds(delay.upperMs)}`;
  return `${seconds(delay.ms)} (${resolutionOf(delay)}, ${delay.source}; ${interval}${contradiction(delay)})`;
}

/**
 * For reasons: "194 ms" when exact, "0.3 s (±1 s, IMAP INTERNALDATE)" when the stamp is coarser;
 * a contradicted stamp says so in the catalog's words (default English).
 */
export function shortDelay(delay: Delay, m: Messages = en): string {
  if (delay.upperMs - delay.lowerMs <= 1 && !delay.stampContradicted) return seconds(delay.ms);
  const note = delay.stampContradicted ? m.finding.contradicted(delay.source) : '';
  return `${seconds(delay.ms)} (${resolutionOf(delay)}, ${delay.source}${note})`;
}

function resolutionOf(delay: Pick<Delay, 'resolutionMs'>): string {
  return delay.resolutionMs >= 1000 ? `±${seconds(delay.resolutionMs)}` : `±${delay.resolutionMs} ms`;
}

/** Said wherever a contradicted stamp's delay is shown. */
export function contradiction(delay: Pick<Delay, 'stampContradicted' | 'source'>): string {
  return delay.stampContradicted
    ? `: the ${delay.source} stamp contradicts cutover's own reads — its clock is coarser than declared or skewed, or the system listed the item only later — so the interval is what cutover observed`
    : '';
}

/** The finding data of a delay judged late (see findings.ts `range`). */
export function rangeOf(delay: Delay): {
  lowerMs: number;
  upperMs: number;
  resolutionMs: number;
  source: string;
  stampContradicted?: true;
} {
  return {
    lowerMs: delay.lowerMs,
    upperMs: delay.upperMs,
    resolutionMs: delay.resolutionMs,
    source: delay.source,
    ...(delay.stampContradicted ? { stampContradicted: true as const } : {}),
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
