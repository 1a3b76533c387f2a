import type { TimestampKind } from '../../probes/index.ts';
import type { CheckResult, Evidence, Grounds } from '../case-result.ts';
import { measureDelay } from '../delay.ts';
import type { Finding } from '../findings.ts';
import { readUntil } from '../wait-loop.ts';
import {
  type CheckContext,
  errorResult,
  failedResult,
  groundedResult,
  lateFinding,
} from './check-context.ts';
import { awaitedCount, checkWindow, deadlineOf, type Expected, settled } from './check-window.ts';

/**
 * The one skeleton of the checks that wait for items a downstream system receives — mail and chat
 * posts, CRM records: find this case's items, keep reading until the expected number has settled
 * (or the window closes), then judge — absence, nothing, a wrong number, wrong content, late — and
 * hand the items on as evidence and for cleanup. What differs between systems is the spec.
 */
export interface ItemCheckSpec<T extends { id: string }> {
  check: 'notification' | 'crm';
  probe: { name: string; timestamps: TimestampKind; searchLagMs?: number };
  /**
   * A read that does not return an item proves it was not there yet (less `searchLagMs`): true for
   * CRM APIs; not for mail, where an IMAP session learns of new messages only when it syncs.
   */
  missesProveAbsence: boolean;
  expected: Expected;
  ctx: CheckContext;
  /** This case's items, in the order they are judged and shown. */
  read(signal: AbortSignal): Promise<T[]>;
  /** Push sources: resolves when something new may have arrived. */
  changed?(signal: AbortSignal): Promise<void>;
  /** The system's own receive or creation time. */
  stampOf(item: T): Date;
  /** When the probe saw the item arrive (an IDLE push, a search answer), if earlier than the read. */
  observedAt?(item: T): Date | undefined;
  /**
   * Beyond the count settling, what must hold before the check may stop early, given when the first
   * item was seen (the CRM: fields converged, the search index caught up); and when that may turn
   * true with nothing new read.
   */
  ready?(items: T[], firstSeenAt: number): boolean;
  readyAt?(items: T[], firstSeenAt: number): number | undefined;
  /** The item and the final click its delay counts from. */
  delayOf(items: T[]): { t0: number; item: T };
  /** What the items show wrong, once their number is right. */
  findings(items: T[]): Finding[];
  evidence(items: T[]): Evidence;
  /** What a pass rests on (its reason is rendered from it). */
  grounds(items: T[]): Grounds;
  /** The aspect of the items' number (`messages.count`, `records.count`). */
  countAspect: string;
  /** Rendered into the reason of a failure (the CRM names the synthetic email). */
  email?: string;
}

/** A check's verdict, the items it found, and when it last read the system (epoch ms). */
export interface ItemCheckResult<T> {
  result: CheckResult;
  found: T[];
  /** The start of its last read (only where a miss proves absence): anything found later arrived after it. */
  lastReadAt?: number;
}

export async function itemCheck<T extends { id: string }>(
  spec: ItemCheckSpec<T>,
): Promise<ItemCheckResult<T>> {
  const { check, probe, expected, ctx } = spec;
  const startedAt = new Date();
  const window = checkWindow(check, expected, ctx.defaults, ctx.sla?.[check]);
  const { slaMs } = window;
  const awaited = awaitedCount(expected);
  let firstSeenAt: number | undefined;
  let reachedAt: number | undefined;
  let found: T[] = [];
  let latest: T[] = [];
  // When cutover first saw each item (the read that returned it, or the probe's own observation)
  // bounds its delay from above; the start of the last read that did not return it, from below.
  const seenAt = new Map<string, number>();
  const missedAt = new Map<string, number>();
  let previousReadStart: number | undefined;
  try {
    found = await readUntil({
      read: async (signal) => {
        const readStart = Date.now();
        const items = await spec.read(signal);
        latest = items;
        const now = Date.now();
        for (const item of items) {
          if (seenAt.has(item.id)) continue;
          seenAt.set(item.id, Math.min(now, spec.observedAt?.(item)?.getTime() ?? now));
          if (previousReadStart !== undefined) missedAt.set(item.id, previousReadStart);
        }
        previousReadStart = readStart;
        return items;
      },
      done: (items) => {
        if (window.absence) return items.length > 0;
        if (items.length === 0) return false;
        const now = Date.now();
        firstSeenAt ??= now;
        if (items.length >= awaited) reachedAt ??= now;
        return (
          settled(items.length, expected.count, reachedAt, window.settleMs) &&
          (spec.ready?.(items, firstSeenAt) ?? true)
        );
      },
      changed: spec.changed,
      wakeAt: () => {
        const times = [
          reachedAt === undefined ? undefined : reachedAt + window.settleMs,
          firstSeenAt === undefined ? undefined : spec.readyAt?.(latest, firstSeenAt),
        ].filter((t): t is number => t !== undefined);
        return times.length > 0 ? Math.max(...times) : undefined;
      },
      deadline: deadlineOf(window, ctx.lastT0),
      signal: ctx.signal,
    });
  } catch (error) {
    return {
      result: errorResult(check, startedAt, error, probe.name),
      found,
      lastReadAt: spec.missesProveAbsence ? previousReadStart : undefined,
    };
  }

  const base = { probe: probe.name, slaMs, evidence: spec.evidence(found) };
  const failed = (findings: Finding[], extra: Partial<CheckResult> = {}) => ({
    result: failedResult(check, startedAt, findings, { ...base, ...extra, email: spec.email }),
    found,
    lastReadAt: spec.missesProveAbsence ? previousReadStart : undefined,
  });
  if (window.absence) {
    if (found.length === 0) {
      return {
        result: groundedResult(check, startedAt, 'passed', { is: 'absent' }, base),
        found,
        lastReadAt: spec.missesProveAbsence ? previousReadStart : undefined,
      };
    }
    return failed([
      {
        aspect: spec.countAspect,
        kind: 'unexpected',
        expected: '0',
        actual: String(found.length),
        withinMs: slaMs,
      },
    ]);
  }
  if (found.length === 0) {
    return failed([
      { aspect: spec.countAspect, kind: 'missing', expected: String(awaited), actual: '0', withinMs: slaMs },
    ]);
  }
  const { t0, item } = spec.delayOf(found);
  const delay = measureDelay(t0, spec.stampOf(item), probe.timestamps, {
    seenAt: seenAt.get(item.id),
    missedAt: spec.missesProveAbsence ? missedAt.get(item.id) : undefined,
    lagMs: probe.searchLagMs,
  });
  const measured = { delayMs: delay.ms, delay };
  if (expected.count !== undefined && found.length !== expected.count) {
    const count: Finding = {
      aspect: spec.countAspect,
      kind: 'count',
      expected: String(expected.count),
      actual: String(found.length),
    };
    return failed([count], measured);
  }
  const findings = spec.findings(found);
  if (findings.length > 0) return failed(findings, measured);
  const late = lateFinding(delay, slaMs);
  if (late) return failed([late], measured);
  return {
    result: groundedResult(check, startedAt, 'passed', spec.grounds(found), { ...base, ...measured }),
    found,
    lastReadAt: spec.missesProveAbsence ? previousReadStart : undefined,
  };
}
