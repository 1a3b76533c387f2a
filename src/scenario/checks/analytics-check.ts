import type { AnalyticsEventExpectation, AnalyticsExpectation } from '../../config/index.ts';
import type { AnalyticsCapture, AnalyticsEvent } from '../../probes/index.ts';
import type { AnalyticsEvidence, CheckResult } from '../case-result.ts';
import { aspect, type Finding } from '../findings.ts';
import { valueFindings } from '../match.ts';
import { readUntil } from '../wait-loop.ts';
import { type CheckContext, delayFrom, errorResult, failedResult, groundedResult } from './check-context.ts';
import { checkWindow, deadlineOf, settled } from './check-window.ts';

/** The analytics the browser sent, by probe name (ga4, datalayer), captured since before the first page load. */
export type Captures = Map<string, AnalyticsCapture>;

export async function checkAnalytics(
  captures: Captures,
  expectation: AnalyticsExpectation | undefined,
  ctx: CheckContext,
): Promise<CheckResult> {
  const startedAt = new Date();
  if (!expectation) return groundedResult('analytics', startedAt, 'skipped', { is: 'notExpected' });
  const firstSource = captures.keys().next().value;
  if (firstSource === undefined) return groundedResult('analytics', startedAt, 'skipped', { is: 'noProbe' });
  const sourceOf = (e: AnalyticsEventExpectation) => e.source ?? firstSource;
  const window = checkWindow('analytics', expectation, ctx.defaults, ctx.sla?.analytics);
  const { slaMs } = window;
  const reachedAt = new Map<AnalyticsEventExpectation, number>();
  const matching = (e: AnalyticsEventExpectation) =>
    (captures.get(sourceOf(e))?.events() ?? []).filter((event) => event.name === e.name);
  const probeNames = [...new Set(expectation.events.map(sourceOf))].join(', ');
  try {
    await readUntil({
      read: async () => expectation.events.map(matching),
      // map, then every: each expected event notes when its count was reached on every read, so
      // the settle windows run together (every() alone would stop at the first unsettled one).
      done: (seen) =>
        expectation.events
          .map((e, i) => {
            const count = seen[i]!.length;
            if (e.none) return count > 0;
            if (count >= (e.count ?? 1) && !reachedAt.has(e)) reachedAt.set(e, Date.now());
            return settled(count, e.count, reachedAt.get(e), window.settleMs);
          })
          .every(Boolean),
      changed: (signal) => Promise.race([...captures.values()].map((c) => c.changed({ signal }))),
      wakeAt: () => (reachedAt.size > 0 ? Math.max(...reachedAt.values()) + window.settleMs : undefined),
      deadline: deadlineOf(window, ctx.lastT0),
      signal: ctx.signal,
    });
  } catch (error) {
    return errorResult('analytics', startedAt, error, probeNames);
  }
  const allEvents = [...captures.values()].flatMap((c) => c.events());
  const evidence = toEvidence(allEvents);
  const findings: Finding[] = [];
  let firstAt: number | undefined;
  for (const e of expectation.events) {
    const events = matching(e);
    const source = sourceOf(e);
    const expected = e.none ? 0 : e.count;
    if (expected === undefined ? events.length === 0 : events.length !== expected) {
      findings.push(countFinding(e.name, source, events.length, expected, slaMs));
      continue;
    }
    for (const [i, event] of events.entries()) {
      const item = events.length > 1 ? i + 1 : undefined;
      findings.push(
        ...valueFindings(
          e.params,
          (key) => event.params[key],
          (key) => aspect.eventParam(e.name, source, key),
          item,
        ),
        ...valueFindings(
          e.hit,
          (key) => event.hit?.[key],
          (key) => aspect.eventHit(e.name, source, key),
          item,
        ),
        ...valueFindings(
          e.utm,
          (key) => event.utm[key],
          (key) => aspect.eventUtm(e.name, source, key),
          item,
        ),
      );
    }
    for (const event of events) firstAt = Math.min(firstAt ?? Number.POSITIVE_INFINITY, event.at.getTime());
  }
  const delayMs = firstAt === undefined ? undefined : delayFrom(ctx.lastT0, new Date(firstAt));
  const base = { probe: probeNames, slaMs, evidence, delayMs };
  if (findings.length > 0) return failedResult('analytics', startedAt, findings, base);
  const events = expectation.events.map((e) => ({
    name: e.name,
    source: sourceOf(e),
    count: matching(e).length,
    ...(e.none ? { none: true as const } : {}),
  }));
  return groundedResult('analytics', startedAt, 'passed', { is: 'events', events }, base);
}

/** The event fired another number of times than expected: never (missing), although it must not (unexpected), or not exactly. */
function countFinding(
  name: string,
  source: string,
  found: number,
  expected: number | undefined,
  slaMs: number,
): Finding {
  const key = aspect.eventCount(name, source);
  if (expected === undefined) return { aspect: key, kind: 'missing', actual: '0', withinMs: slaMs };
  if (expected === 0)
    return { aspect: key, kind: 'unexpected', expected: '0', actual: String(found), withinMs: slaMs };
  return {
    aspect: key,
    kind: found === 0 ? 'missing' : 'count',
    expected: String(expected),
    actual: String(found),
    ...(found === 0 ? { withinMs: slaMs } : {}),
  };
}

function toEvidence(events: AnalyticsEvent[]): AnalyticsEvidence {
  return { kind: 'analytics', events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
}
