import type { CrmExpectation } from '../../config/index.ts';
import { formatDuration } from '../../foundation/index.ts';
import type { CrmProbe, CrmRecord } from '../../probes/probe.ts';
import type { CheckResult, CrmEvidence } from '../case-result.ts';
import { measureDelay, shortDelay, timestampsOf } from '../delay.ts';
import { aspect, type Finding } from '../findings.ts';
import { valueFindings } from '../match.ts';
import { watch } from '../watch.ts';
import {
  type CheckContext,
  errorResult,
  failedResult,
  lateFinding,
  result,
  settled,
} from './check-context.ts';

/**
 * The CRM record of this case. CRMs are eventually consistent: once a record shows up the check
 * keeps reading for the settle time while fields still differ, so a property written a moment
 * after creation is not reported as missing.
 */
export async function checkCrm(
  probe: CrmProbe | undefined,
  expectation: CrmExpectation | undefined,
  ctx: CheckContext,
): Promise<{ result: CheckResult; found: CrmRecord[] }> {
  const startedAt = new Date();
  if (!expectation)
    return {
      result: result('crm', startedAt, 'skipped', 'the scenario expects nothing of the CRM'),
      found: [],
    };
  if (!probe)
    return { result: result('crm', startedAt, 'skipped', 'the target has no CRM probe'), found: [] };
  const absence = expectation.none === true;
  const slaMs = expectation.within ?? (absence ? ctx.defaults.absence : ctx.defaults.within);
  const fields = ['email', ...Object.keys(expectation.fields ?? {})];
  const wrongFields = (records: CrmRecord[]): Finding[] =>
    records.flatMap((record, i) =>
      valueFindings(
        expectation.fields,
        (key) => record.fields[key],
        aspect.field,
        records.length > 1 ? i + 1 : undefined,
      ),
    );
  // A search index lags writes: a count is only final once it has caught up with the last
  // submission (and with the newest write seen), within the check's deadline.
  const lagMs = expectation.records !== undefined ? (probe.searchLagMs ?? 0) : 0;
  let indexedAt: number | undefined;
  const indexed = (records: CrmRecord[]): boolean => {
    if (lagMs === 0) return true;
    const lastWrite = Math.max(ctx.lastT0, ...records.map((r) => (r.updatedAt ?? r.createdAt).getTime()));
    indexedAt = lastWrite + lagMs;
    return Date.now() >= indexedAt;
  };
  const notUpdated = (records: CrmRecord[]): Finding[] =>
    expectation.updated ? updateFindings(records, ctx.lastT0, timestampsOf(probe).resolutionMs) : [];
  let firstSeen: number | undefined;
  let found: CrmRecord[] = [];
  // When cutover first saw each record (the read that returned it): bounds its delay from above.
  const seenAt = new Map<string, number>();
  try {
    found = await watch({
      read: async (signal) => {
        const records = await probe.find(ctx.identity, { signal, fields });
        const now = Date.now();
        for (const r of records) if (!seenAt.has(r.id)) seenAt.set(r.id, now);
        return records;
      },
      done: (records) => {
        if (absence) return records.length > 0;
        if (records.length === 0) return false;
        firstSeen ??= Date.now();
        const countSettled =
          settled(records.length, expectation.records, firstSeen, ctx.defaults.settle) &&
          (indexed(records) || (expectation.records !== undefined && records.length > expectation.records));
        const converged =
          (wrongFields(records).length === 0 && notUpdated(records).length === 0) ||
          Date.now() - firstSeen >= ctx.defaults.settle;
        return countSettled && converged;
      },
      // Past the SLA, keep watching a little: a late item is reported as late (and cleaned up).
      // The next read comes when the settle window or the search lag runs out, whichever is later.
      wakeAt: () =>
        firstSeen === undefined ? undefined : Math.max(firstSeen + ctx.defaults.settle, indexedAt ?? 0),
      deadline: ctx.lastT0 + slaMs + (absence ? 0 : ctx.defaults.grace),
      signal: ctx.signal,
    });
  } catch (error) {
    return { result: errorResult('crm', startedAt, error, probe.name), found };
  }
  const evidence = toEvidence(found);
  const base = { probe: probe.name, slaMs, evidence };
  const email = ctx.identity.email;
  const failed = (findings: Finding[], extra: Partial<CheckResult> = {}) => ({
    result: failedResult('crm', startedAt, findings, { ...base, ...extra, email }),
    found,
  });
  if (absence) {
    if (found.length === 0)
      return {
        result: result(
          'crm',
          startedAt,
          'passed',
          `no CRM record within ${formatDuration(slaMs)}, as expected`,
          base,
        ),
        found,
      };
    return failed([
      {
        aspect: aspect.recordsCount,
        kind: 'unexpected',
        expected: '0',
        actual: String(found.length),
        withinMs: slaMs,
      },
    ]);
  }
  if (found.length === 0) {
    return failed([
      {
        aspect: aspect.recordsCount,
        kind: 'missing',
        expected: String(expectation.records ?? 1),
        actual: '0',
        withinMs: slaMs,
      },
    ]);
  }
  const first = [...found].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]!;
  const delay = measureDelay(
    ctx.identity.t0.getTime(),
    first.createdAt,
    timestampsOf(probe),
    seenAt.get(first.id),
  );
  const delayMs = delay.ms;
  const withDelay = { ...base, delayMs, delay };
  if (expectation.records !== undefined && found.length !== expectation.records) {
    return failed(
      [
        {
          aspect: aspect.recordsCount,
          kind: 'count',
          expected: String(expectation.records),
          actual: String(found.length),
        },
      ],
      { delayMs, delay },
    );
  }
  const findings = [...notUpdated(found), ...wrongFields(found)];
  if (findings.length > 0) return failed(findings, { delayMs, delay });
  const late = lateFinding(delay, slaMs);
  if (late) return failed([late], { delayMs, delay });
  const reason = `CRM record ${found[0]!.id} created after ${shortDelay(delay)} (SLA ${formatDuration(slaMs)}), fields as expected`;
  return { result: result('crm', startedAt, 'passed', reason, withDelay), found };
}

/**
 * `updated: true`: some record was created before the last submission's final click and changed
 * at or after it (createdAt < lastT0 ≤ updatedAt, give or take the timestamps' resolution).
 */
function updateFindings(records: CrmRecord[], lastT0: number, resolutionMs: number): Finding[] {
  const updated = records.some(
    (r) =>
      r.createdAt.getTime() < lastT0 &&
      r.updatedAt !== undefined &&
      r.updatedAt.getTime() + resolutionMs >= lastT0,
  );
  if (updated) return [];
  const last = new Date(lastT0).toISOString();
  const actual = records
    .map((r) =>
      r.createdAt.getTime() >= lastT0
        ? `record ${r.id} was created by it (${r.createdAt.toISOString()})`
        : `record ${r.id} last changed ${r.updatedAt?.toISOString() ?? 'at an unknown time'}, before it (${last})`,
    )
    .join('; ');
  return [{ aspect: aspect.recordsUpdated, kind: 'missing', expected: 'updated', actual }];
}

function toEvidence(records: CrmRecord[]): CrmEvidence {
  return {
    kind: 'crm',
    records: records.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt?.toISOString(),
      fields: r.fields,
    })),
  };
}
