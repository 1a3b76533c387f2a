import { type CleanupEntry, cleanUpCase } from '../cleanup/clean-up-case.ts';
import type { Scenario } from '../config/index.ts';
import type { CaseIdentity, CrmRecord, NotificationMessage } from '../probes/index.ts';
import type { CaseResult } from './case-result.ts';
import { awaitedCount } from './checks/check-window.ts';
import type { TargetProbes } from './target-probes.ts';
import { readUntil } from './wait-loop.ts';

/**
 * What a case finds after its checks, for cleanup: one more read of every system the target is
 * wired to — each notification channel, checked or not, and the CRM, whatever the scenario
 * expected of it — and after a stop the wait for what the scenario expects but was still on its
 * way; what never came, and a system that could not be read, are listed as left behind rather
 * than silently kept.
 */

/** What a case found: per notification channel (by probe name), and in the CRM. */
export interface Found {
  notification: Record<string, NotificationMessage[]>;
  crm: CrmRecord[];
}

/** How many items are still awaited: per notification channel (by probe name), and of the CRM. */
export interface Awaited {
  notification: Record<string, number>;
  crm: number;
}

/** One system a case may leave items in: a notification channel or the CRM, by its probe's name. */
type Source = { system: 'notification' | 'crm'; probe: string };

export const NOTHING_AWAITED: Awaited = { notification: {}, crm: 0 };

/** The expectation of each notification channel the scenario checks, by the channel's probe name. */
export function notificationExpectations(
  scenario: Scenario,
  probes: Pick<TargetProbes, 'notifications'>,
): Array<{ probe: string; channel?: string; expected: NonNullable<Scenario['expect']['notification']> }> {
  const main = probes.notifications[0];
  return [
    ...(main && scenario.expect.notification
      ? [{ probe: main.name, expected: scenario.expect.notification }]
      : []),
    ...Object.entries(scenario.expect.notifications ?? {}).map(([channel, expected]) => ({
      probe: channel,
      channel,
      expected,
    })),
  ];
}

/**
 * Per system, how many items the scenario expects in all — where the stopped case has seen fewer
 * (0: nothing to wait for).
 */
export function stillExpected(scenario: Scenario, probes: TargetProbes, found: Found): Awaited {
  if (scenario.expect.submit.outcome !== 'accepted') return NOTHING_AWAITED;
  const awaited = (total: number, seen: { id: string }[]) =>
    new Set(seen.map((item) => item.id)).size < total ? total : 0;
  const notification: Record<string, number> = {};
  for (const { probe, expected } of notificationExpectations(scenario, probes))
    notification[probe] = awaited(awaitedCount(expected), found.notification[probe] ?? []);
  const crm = scenario.expect.crm;
  return { notification, crm: awaited(crm ? awaitedCount(crm) : 0, found.crm) };
}

/** What the final read found, and the systems it could not read (by source key), with why. */
export interface FinalRead extends Found {
  unreadable: Map<string, { source: Source; error: string }>;
  /** When the final read's reads returned (epoch ms): an upper bound of anything they found. */
  readAt: number;
}

/**
 * Reads each system once more; where a stopped case still awaits items, keeps reading (woken by
 * push sources) until they are there or the cleanup deadline passes.
 */
export async function finalRead(
  probes: TargetProbes,
  identity: CaseIdentity,
  found: Found,
  awaited: Awaited,
  signal: AbortSignal,
): Promise<FinalRead> {
  const unreadable: FinalRead['unreadable'] = new Map();
  const read = async <T>(
    source: Source,
    find: (signal: AbortSignal) => Promise<T[]>,
    changed: ((signal: AbortSignal) => Promise<void>) | undefined,
    count: number,
  ): Promise<T[]> => {
    const key = `${source.system}:${source.probe}`;
    // A system that could not be read at all is said so: what the case caused there is unknown.
    const failed = (error: unknown) => {
      unreadable.set(key, {
        source,
        error: (error instanceof Error ? error.message : String(error)).split('\n')[0]!,
      });
    };
    const worked = <R>(items: R) => {
      unreadable.delete(key);
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
  const crmProbe = probes.crm;
  const [notifications, crm] = await Promise.all([
    Promise.all(
      probes.notifications.map((probe) =>
        read(
          { system: 'notification', probe: probe.name },
          (s) => probe.find(identity, { signal: s }),
          probe.changed ? (s) => probe.changed!({ signal: s }) : undefined,
          awaited.notification[probe.name] ?? 0,
        ),
      ),
    ),
    crmProbe
      ? read(
          { system: 'crm', probe: crmProbe.name },
          (s) => crmProbe.find(identity, { signal: s, fields: ['email'] }),
          undefined,
          awaited.crm,
        )
      : [],
  ]);
  const notification: Found['notification'] = {};
  for (const [i, probe] of probes.notifications.entries())
    notification[probe.name] = [...(found.notification[probe.name] ?? []), ...(notifications[i] ?? [])];
  return { notification, crm: [...found.crm, ...crm], unreadable, readAt: Date.now() };
}

/** Expected items a stopped case never saw: they may still arrive, carrying the marker. */
export function unseen(
  probes: TargetProbes,
  found: FinalRead,
  awaited: Awaited,
  marker: string,
): CaseResult['cleanup'] {
  const entries: CaseResult['cleanup'] = [];
  for (const { source, error } of found.unreadable.values()) {
    entries.push({
      system: source.system,
      probe: source.probe,
      id: '(not read)',
      result: 'failed',
      reason: `${source.system === 'crm' ? 'the CRM' : `the notification system (${source.probe})`} could not be read after the submit (${error}): whatever this case caused there is left; sweep it later with cutover cleanup (marker ${marker})`,
    });
  }
  const sources: Array<{ source: Source; items: { id: string }[]; awaited: number }> = [
    ...probes.notifications.map((probe) => ({
      source: { system: 'notification' as const, probe: probe.name },
      items: found.notification[probe.name] ?? [],
      awaited: awaited.notification[probe.name] ?? 0,
    })),
    ...(probes.crm
      ? [
          {
            source: { system: 'crm' as const, probe: probes.crm.name },
            items: found.crm,
            awaited: awaited.crm,
          },
        ]
      : []),
  ];
  for (const { source, items, awaited: count } of sources) {
    if (found.unreadable.has(`${source.system}:${source.probe}`)) continue;
    const missing = Math.max(0, count - new Set(items.map((item) => item.id)).size);
    for (let i = 0; i < missing; i++) {
      entries.push({
        system: source.system,
        probe: source.probe,
        id: '(not seen)',
        result: 'failed',
        reason: `the case was stopped before it arrived; it may still arrive carrying ${marker}: delete it by that marker`,
      });
    }
  }
  return entries;
}

/** Deletes what a read found on every system of the target that carries the case's marker, by id. */
export function cleanUpFound(
  probes: TargetProbes,
  found: Found,
  marker: string,
  signal: AbortSignal,
): Promise<CleanupEntry[]> {
  return cleanUpCase({
    marker,
    notification: probes.notifications.map((probe) => ({
      probe,
      items: found.notification[probe.name] ?? [],
    })),
    crm: probes.crm && { probe: probes.crm, items: found.crm },
    signal,
  });
}
