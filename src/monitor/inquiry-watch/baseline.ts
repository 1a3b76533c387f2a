import { alignDown, type CountWindow, HOUR_MS, WEEK_MS } from './windows.ts';

/**
 * The baseline: how many real inquiries an hour usually brings, for this hour of the week. It is
 * the median of the counts of the same hour 1, 2, … `weeks` weeks ago (exactly 7×24 h back, so a
 * daylight-saving change shifts it by an hour for a week). The median, not the mean: one holiday
 * or one campaign spike among four weeks moves it little.
 */

export function hourStartOf(t: number): number {
  return alignDown(t, HOUR_MS);
}

/**
 * The same hour of the week (or the same window of `lengthMs` starting at `start`) in each of the
 * last `weeks` weeks, most recent first.
 */
export function baselineWindows(start: number, weeks: number, lengthMs = HOUR_MS): CountWindow[] {
  return Array.from({ length: weeks }, (_, i) => {
    const from = start - (i + 1) * WEEK_MS;
    return { from: new Date(from), to: new Date(from + lengthMs) };
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Expected real inquiries in the hour starting at `hourStart`, from `count` over the history. */
export async function hourBaseline(
  hourStart: number,
  weeks: number,
  count: (window: CountWindow) => Promise<number>,
): Promise<number> {
  const counts: number[] = [];
  // One window after the other: a CRM's search API allows a few requests a second.
  for (const window of baselineWindows(hourStart, weeks)) counts.push(await count(window));
  return median(counts);
}
