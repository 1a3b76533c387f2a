import type { CheckName } from '../case-result.ts';

/** The downstream checks: what the site did after the final click. */
export type DownstreamCheck = Exclude<CheckName, 'submit'>;

/** What a scenario says of a downstream system, as the loader normalises it (scenario.schema.ts). */
export interface Expected {
  /** Expected absence: nothing may arrive (also what `count: 0` and `records: 0` mean once loaded). */
  none?: true;
  /** Exactly this many items (at least 1); absent: at least one. */
  count?: number;
  within?: number;
}

/** The config's timing defaults every check reads. */
export interface CheckDefaults {
  within: number;
  absence: number;
  settle: number;
  grace: number;
}

/**
 * When a downstream check decides, the one rule every check, the case deadline and the final read
 * use. Something that must arrive is waited for until its SLA (the monitor's, else the scenario's
 * `within`, else the default) and, for mail and records, a grace period after it, so that what
 * comes late is reported late rather than missing. An expected absence keeps its own window (the
 * scenario's `within`, else `absence`) and no grace: a rejected inquiry must leave nothing within
 * seconds, not be waited on for the whole SLA. Once the expected items are there the check keeps
 * watching for `settle`, for a duplicate or a field written a moment later.
 */
export interface CheckWindow {
  absence: boolean;
  /** The SLA, or the absence window. */
  slaMs: number;
  /** How long past the SLA the check still watches. */
  graceMs: number;
  settleMs: number;
}

export function checkWindow(
  check: DownstreamCheck,
  expected: Pick<Expected, 'none' | 'within'>,
  defaults: CheckDefaults,
  sla?: number,
): CheckWindow {
  const absence = expected.none === true;
  const slaMs = absence ? (expected.within ?? defaults.absence) : (sla ?? expected.within ?? defaults.within);
  // Mail and records found after the SLA are late, not missing; a hit the browser never sent is missing.
  const graceMs = absence || check === 'analytics' ? 0 : defaults.grace;
  return { absence, slaMs, graceMs, settleMs: defaults.settle };
}

/** Epoch ms at which the check's last read happens, for a case whose last final click was at `lastT0`. */
export function deadlineOf(window: CheckWindow, lastT0: number): number {
  return lastT0 + window.slaMs + window.graceMs;
}

/** How long after the last final click the check may still be reading: its deadline and one settle window. */
export function windowLengthMs(window: CheckWindow): number {
  return window.slaMs + window.graceMs + window.settleMs;
}

/** How many items a check waits for: none for an absence, the exact count, else at least one. */
export function awaitedCount(expected: Pick<Expected, 'none' | 'count'>): number {
  return expected.none ? 0 : (expected.count ?? 1);
}

/**
 * Exact counts wait a little after they are reached, so a second, unwanted item (a double
 * conversion, a duplicate mail) is still seen; "at least one" is done at the first.
 */
export function settled(
  found: number,
  expected: number | undefined,
  reachedAt: number | undefined,
  settleMs: number,
): boolean {
  if (expected === undefined) return found >= 1;
  if (found > expected) return true;
  return found === expected && reachedAt !== undefined && Date.now() - reachedAt >= settleMs;
}
