import type { CrmExpectation } from '../../config/index.ts';
import type { CrmProbe, CrmRecord } from '../../probes/index.ts';
import type { CheckResult, CrmEvidence, Grounds } from '../case-result.ts';
import { aspect, type Finding } from '../findings.ts';
import { valueFindings } from '../match.ts';
import { type CheckContext, groundedResult } from './check-context.ts';
import { type ItemCheckResult, itemCheck } from './item-check.ts';

/**
 * The CRM record of this case. CRMs are eventually consistent: once a record shows up the check
 * keeps reading for the settle time while fields still differ, so a property written a moment
 * after creation is not reported as missing; and a count is only final once a lagging search
 * index has caught up with the last submission (and with the newest write seen).
 */
export async function checkCrm(
  probe: CrmProbe | undefined,
  expectation: CrmExpectation | undefined,
  ctx: CheckContext,
): Promise<ItemCheckResult<CrmRecord>> {
  if (!expectation) return skipped({ is: 'notExpected' });
  if (!probe) return skipped({ is: 'noProbe' });
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
  const notUpdated = (records: CrmRecord[]): Finding[] =>
    expectation.updated ? updateFindings(records, ctx.lastT0, probe.timestamps.resolutionMs) : [];
  // Only an exact count waits for the index: "at least one" is done at the first record found.
  const lagMs = expectation.count !== undefined ? (probe.searchLagMs ?? 0) : 0;
  const indexedAt = (records: CrmRecord[]) =>
    Math.max(ctx.lastT0, ...records.map((r) => (r.updatedAt ?? r.createdAt).getTime())) + lagMs;
  const settleEnds = (firstSeenAt: number) => firstSeenAt + ctx.defaults.settle;
  return itemCheck({
    check: 'crm',
    probe,
    missesProveAbsence: true,
    expected: expectation,
    ctx,
    read: (signal) => probe.find(ctx.identity, { signal, fields }),
    stampOf: (record) => record.createdAt,
    ready: (records, firstSeenAt) => {
      const over = expectation.count !== undefined && records.length > expectation.count;
      const indexed = lagMs === 0 || over || Date.now() >= indexedAt(records);
      const converged =
        (wrongFields(records).length === 0 && notUpdated(records).length === 0) ||
        Date.now() >= settleEnds(firstSeenAt);
      return indexed && converged;
    },
    // The next read comes when the settle window or the search lag runs out, whichever is later.
    readyAt: (records, firstSeenAt) =>
      Math.max(settleEnds(firstSeenAt), lagMs === 0 ? 0 : indexedAt(records)),
    delayOf: (found) => ({
      t0: ctx.identity.t0.getTime(),
      item: [...found].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]!,
    }),
    findings: (found) => [...notUpdated(found), ...wrongFields(found)],
    evidence: toEvidence,
    // What it proved: how many records, and — where the scenario expects an update (a
    // resubmission) — that the last submission updated one rather than creating another.
    grounds: (found) => ({
      is: 'recorded',
      count: found.length,
      id: found[0]!.id,
      ...(ctx.submissions > 1 && updatedByLast(found, ctx.lastT0, probe.timestamps.resolutionMs)
        ? { updatedBy: ctx.submissions }
        : {}),
    }),
    countAspect: aspect.recordsCount,
    email: ctx.identity.email,
  });
}

function skipped(grounds: Grounds): { result: CheckResult; found: CrmRecord[] } {
  return { result: groundedResult('crm', new Date(), 'skipped', grounds), found: [] };
}

/**
 * `updated: true`: some record was created before the last submission's final click and changed
 * at or after it (createdAt < lastT0 ≤ updatedAt, give or take the timestamps' resolution).
 */
function updateFindings(records: CrmRecord[], lastT0: number, resolutionMs: number): Finding[] {
  if (updatedByLast(records, lastT0, resolutionMs)) return [];
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

/** Some record was created before the last submission's final click and changed at or after it. */
function updatedByLast(records: CrmRecord[], lastT0: number, resolutionMs: number): boolean {
  return records.some(
    (r) =>
      r.createdAt.getTime() < lastT0 &&
      r.updatedAt !== undefined &&
      r.updatedAt.getTime() + resolutionMs >= lastT0,
  );
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
