/**
 * Count windows on a fixed grid: [k·every, (k+1)·every) in epoch time. A window is counted once,
 * after it has closed and the source has had `settleMs` to show what was created in it (a CRM
 * search index lags writes). Because the grid comes from the clock and not from the process, a
 * restarted watch counts the same windows the same way: it starts with the first window that
 * closes after it started, so nothing is counted twice.
 */
export interface CountWindow {
  from: Date;
  to: Date;
}

export const HOUR_MS = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR_MS;

export function alignDown(t: number, everyMs: number): number {
  return Math.floor(t / everyMs) * everyMs;
}

/** The end of the last window that may be counted at `now`. */
export function lastCountableEnd(now: number, everyMs: number, settleMs: number): number {
  return alignDown(now - settleMs, everyMs);
}

/** Windows ending after `countedUpTo`, up to the last countable one, oldest first. */
export function dueWindows(
  countedUpTo: number,
  now: number,
  everyMs: number,
  settleMs: number,
): CountWindow[] {
  const windows: CountWindow[] = [];
  const end = lastCountableEnd(now, everyMs, settleMs);
  for (let to = countedUpTo + everyMs; to <= end; to += everyMs) {
    windows.push({ from: new Date(to - everyMs), to: new Date(to) });
  }
  return windows;
}
