import { setTimeout as sleep } from 'node:timers/promises';
import type { CleanupEntry } from '../cleanup/clean-up-case.ts';
import type { CaseResult } from './case-result.ts';
import { cleanUpFound, finalRead, NOTHING_AWAITED } from './final-read.ts';
import type { TargetProbes } from './target-probes.ts';

/**
 * What a case causes may arrive after it ended: a CRM written by a queue 20–40 s later, a mail on
 * a channel the scenario did not check, a duplicate after the settle window. The late sweep keeps
 * looking for each finished case's marker, on every system of its target, until `boundMs` after
 * its final click (the config's `defaults.lateArrivals`), and deletes what carries the marker —
 * by id, as a case's own cleanup does. The monitor sweeps once per cycle; a UAT worker drains
 * before it exits (keeps sweeping until every case is past its bound).
 */
export interface LateSweep {
  /** Looks for this case's marker again until `boundMs` after its final click. */
  remember(result: CaseResult, probes: TargetProbes): void;
  /** One pass over every remembered case; cases past their bound are forgotten after it. */
  sweep(signal: AbortSignal): Promise<LateCleanup[]>;
  /** Passes until every remembered case is past its bound (at least one pass), or the signal fires. */
  drain(signal: AbortSignal): Promise<LateCleanup[]>;
  /** How many cases are still looked for. */
  readonly pending: number;
}

/** What one pass deleted (or could not) for one case. */
export interface LateCleanup {
  target: string;
  scenario: string;
  marker: string;
  entries: CleanupEntry[];
}

interface Remembered {
  result: CaseResult;
  probes: TargetProbes;
  /** Epoch ms after which the case is forgotten (after one more pass). */
  until: number;
}

/** Between passes of a drain: often enough for a queue's 20–40 s, rarely enough for a rate-limited API. */
const DRAIN_PASS_MS = 5_000;

export function createLateSweep(options: { boundMs: number; passMs?: number }): LateSweep {
  const remembered = new Map<string, Remembered>();
  const passMs = options.passMs ?? DRAIN_PASS_MS;

  const sweepOne = async ({ result, probes }: Remembered, signal: AbortSignal): Promise<LateCleanup> => {
    // Nothing of the case is older than its start; the marker makes every item this case's own.
    const identity = { marker: result.marker, email: result.email, t0: new Date(result.startedAt) };
    const read = await finalRead(probes, identity, { notification: {}, crm: [] }, NOTHING_AWAITED, signal);
    const entries = await cleanUpFound(probes, read, result.marker, signal);
    return { target: result.target.name, scenario: result.scenario.id, marker: result.marker, entries };
  };

  const sweep = async (signal: AbortSignal): Promise<LateCleanup[]> => {
    const now = Date.now();
    const cases = [...remembered.entries()];
    const done = await Promise.all(cases.map(([, entry]) => sweepOne(entry, signal)));
    for (const [key, entry] of cases) if (entry.until <= now) remembered.delete(key);
    return done.filter((cleanup) => cleanup.entries.length > 0);
  };

  return {
    remember(result, probes) {
      // Nothing was submitted (no final click, no marker): nothing can arrive.
      if (!result.t0 || !result.marker) return;
      remembered.set(result.marker, { result, probes, until: Date.parse(result.t0) + options.boundMs });
    },
    sweep,
    async drain(signal) {
      const all: LateCleanup[] = [];
      do {
        all.push(...(await sweep(signal)));
        if (remembered.size === 0 || signal.aborted) break;
        const next = Math.min(...[...remembered.values()].map((entry) => entry.until));
        await sleep(Math.max(0, Math.min(passMs, next - Date.now())), undefined, { signal }).catch(
          () => undefined,
        );
      } while (!signal.aborted);
      return all;
    },
    get pending() {
      return remembered.size;
    },
  };
}
