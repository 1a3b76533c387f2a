import type { CrmExpectation } from '../../config/index.ts';
import { formatDuration } from '../../config/index.ts';
import type { CrmProbe, CrmRecord } from '../../probes/probe.ts';
import type { CheckResult, CrmEvidence } from '../case-result.ts';
import { mismatches } from '../match.ts';
import { watch } from '../watch.ts';
import { type CheckContext, delayFrom, errorResult, result, settled } from './check-context.ts';

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
  const wrongFields = (records: CrmRecord[]) =>
    records.flatMap((record) => mismatches(expectation.fields, (key) => record.fields[key]));
  let firstSeen: number | undefined;
  let found: CrmRecord[] = [];
  try {
    found = await watch({
      read: (signal) => probe.find(ctx.identity, { signal, fields }),
      done: (records) => {
        if (absence) return records.length > 0;
        if (records.length === 0) return false;
        firstSeen ??= Date.now();
        const countSettled = settled(records.length, expectation.records, firstSeen, ctx.defaults.settle);
        const converged = wrongFields(records).length === 0 || Date.now() - firstSeen >= ctx.defaults.settle;
        return countSettled && converged;
      },
      // Past the SLA, keep watching a little: a late item is reported as late (and cleaned up).
      deadline: ctx.lastT0 + slaMs + (absence ? 0 : ctx.defaults.grace),
      signal: ctx.signal,
    });
  } catch (error) {
    return { result: errorResult('crm', startedAt, error, probe.name), found };
  }
  const evidence = toEvidence(found);
  const base = { probe: probe.name, slaMs, evidence };
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
    return {
      result: result(
        'crm',
        startedAt,
        'failed',
        `a CRM record was created although none was expected (id ${found[0]!.id})`,
        base,
      ),
      found,
    };
  }
  if (found.length === 0) {
    return {
      result: result(
        'crm',
        startedAt,
        'failed',
        `no CRM record for ${ctx.identity.email} within ${formatDuration(slaMs)}`,
        base,
      ),
      found,
    };
  }
  const created = found.map((r) => r.createdAt.getTime()).sort((a, b) => a - b)[0]!;
  const delayMs = delayFrom(ctx.identity.t0.getTime(), new Date(created));
  const withDelay = { ...base, delayMs };
  if (expectation.records !== undefined && found.length !== expectation.records) {
    const reason = `${found.length} CRM records carry ${ctx.identity.email}; expected ${expectation.records}`;
    return { result: result('crm', startedAt, 'failed', reason, withDelay), found };
  }
  const details = wrongFields(found);
  if (details.length > 0) {
    const reason = `CRM ${details[0]}${details.length > 1 ? ` (+${details.length - 1} more)` : ''}`;
    return { result: result('crm', startedAt, 'failed', reason, { ...withDelay, details }), found };
  }
  if (delayMs > slaMs) {
    const reason = `CRM record created after ${formatDuration(delayMs)}; SLA ${formatDuration(slaMs)}`;
    return { result: result('crm', startedAt, 'failed', reason, withDelay), found };
  }
  const reason = `CRM record ${found[0]!.id} created after ${formatDuration(delayMs)} (SLA ${formatDuration(slaMs)}), fields as expected`;
  return { result: result('crm', startedAt, 'passed', reason, withDelay), found };
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
