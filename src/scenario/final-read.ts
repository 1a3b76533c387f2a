import type { Scenario } from '../config/index.ts';
import type { CaseIdentity, CrmRecord, NotificationMessage } from '../probes/index.ts';
import type { CaseResult } from './case-result.ts';
import { awaitedCount } from './checks/check-window.ts';
import type { TargetProbes } from './target-probes.ts';
import { readUntil } from './wait-loop.ts';

/**
 * What a case finds after its checks, for cleanup: one more read of each system, and after a
 * stop the wait for what the scenario expects but was still on its way; what never came, and a
 * system that could not be read, are listed as left behind rather than silently kept.
 */

export interface Found {
  notification: NotificationMessage[];
  crm: CrmRecord[];
}

/**
 * Per system, how many items the scenario expects in all — where the stopped case has seen fewer
 * (0: nothing to wait for).
 */
export function stillExpected(scenario: Scenario, found: Found): Record<keyof Found, number> {
  if (scenario.expect.submit.outcome !== 'accepted') return { notification: 0, crm: 0 };
  const expected = (e: { none?: true; count?: number } | undefined) => (e ? awaitedCount(e) : 0);
  const awaited = (total: number, seen: { id: string }[]) =>
    new Set(seen.map((item) => item.id)).size < total ? total : 0;
  return {
    notification: awaited(expected(scenario.expect.notification), found.notification),
    crm: awaited(expected(scenario.expect.crm), found.crm),
  };
}

/**
 * Reads each system once more; where a stopped case still awaits items, keeps reading (woken by
 * push sources) until they are there or the cleanup deadline passes.
 */
export async function finalRead(
  probes: TargetProbes,
  identity: CaseIdentity,
  found: Found,
  awaited: Record<keyof Found, number>,
  signal: AbortSignal,
): Promise<Found & { unreadable: Partial<Record<keyof Found, string>> }> {
  const unreadable: Partial<Record<keyof Found, string>> = {};
  const read = async <T>(
    system: keyof Found,
    find: (signal: AbortSignal) => Promise<T[]>,
    changed: ((signal: AbortSignal) => Promise<void>) | undefined,
    count: number,
  ): Promise<T[]> => {
    // A system that could not be read at all is said so: what the case caused there is unknown.
    const failed = (error: unknown) => {
      unreadable[system] = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    };
    const worked = <R>(items: R) => {
      delete unreadable[system];
      return items;
    };
    if (count === 0)
      return find(signal).then(worked, (error: unknown) => {
        failed(error);
        return [];
      });
    let last: T[] = [];
    await readUntil({
      read: async (s) => {
        last = await find(s).then(worked, (error: unknown) => {
          failed(error);
          return last;
        });
        return last;
      },
      done: (items) => items.length >= count,
      changed,
      // Bounded by the cleanup signal, not by a deadline of its own.
      deadline: Number.POSITIVE_INFINITY,
      signal,
    }).catch(() => undefined);
    return last;
  };
  const notificationProbe = probes.notification;
  const crmProbe = probes.crm;
  const [notification, crm] = await Promise.all([
    notificationProbe
      ? read(
          'notification',
          (s) => notificationProbe.find(identity, { signal: s }),
          notificationProbe.changed ? (s) => notificationProbe.changed!({ signal: s }) : undefined,
          awaited.notification,
        )
      : [],
    crmProbe
      ? read('crm', (s) => crmProbe.find(identity, { signal: s, fields: ['email'] }), undefined, awaited.crm)
      : [],
  ]);
  return {
    notification: [...found.notification, ...notification],
    crm: [...found.crm, ...crm],
    unreadable,
  };
}

/** Expected items a stopped case never saw: they may still arrive, carrying the marker. */
export function unseen(
  probes: TargetProbes,
  found: Found & { unreadable: Partial<Record<keyof Found, string>> },
  awaited: Record<keyof Found, number>,
  marker: string,
): CaseResult['cleanup'] {
  const entries: CaseResult['cleanup'] = [];
  for (const system of ['notification', 'crm'] as const) {
    const probe = probes[system];
    const error = found.unreadable[system];
    if (probe && error !== undefined) {
      entries.push({
        system,
        probe: probe.name,
        id: '(not read)',
        result: 'failed',
        reason: `${system === 'crm' ? 'the CRM' : 'the notification system'} could not be read after the submit (${error}): whatever this case caused there is left; sweep it later with cutover cleanup (marker ${marker})`,
      });
      continue;
    }
    const distinct = new Set(found[system].map((item) => item.id)).size;
    const missing = awaited[system] > 0 ? Math.max(0, awaited[system] - distinct) : 0;
    for (let i = 0; i < missing && probe; i++) {
      entries.push({
        system,
        probe: probe.name,
        id: '(not seen)',
        result: 'failed',
        reason: `the case was stopped before it arrived; it may still arrive carrying ${marker}: delete it by that marker`,
      });
    }
  }
  return entries;
}
