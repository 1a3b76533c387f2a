import type { CrmRecord, LeadCall, LeadFacts } from '../probe.ts';
import { parseTimestamp } from '../time.ts';
import { uniqueNames } from './crm-fields.ts';

/**
 * The one way every CRM probe turns what it read of a lead into {@link LeadFacts}: times and
 * yes/no facts, nothing that names the lead.
 */

/** One entry of a field's history: the value it took and when. */
export interface HistoryEntry {
  value: string | null;
  at: number;
}

/** The fields a lead read needs besides the probe's own (scope, watched fields, the count filter). */
export function leadFieldNames(call: LeadCall): string[] {
  return uniqueNames([
    ...(call.scopeField ? [call.scopeField] : []),
    ...call.fields,
    ...(call.filter ? [call.filter.field] : []),
  ]);
}

/** When the history first shows a value outside the initial ones (an empty value is not a response). */
export function firstLeaving(
  history: readonly HistoryEntry[],
  initial: readonly string[],
): number | undefined {
  const left = history
    .filter((entry) => entry.value !== null && entry.value !== '' && !initial.includes(entry.value))
    .map((entry) => entry.at);
  return left.length > 0 ? Math.min(...left) : undefined;
}

/** The earliest time among activity stamps (unreadable ones are skipped). */
export function earliestStamp(values: readonly unknown[]): number | undefined {
  const times = values.flatMap((value) => {
    const time = parseTimestamp(value)?.getTime();
    return time === undefined ? [] : [time];
  });
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** Field lookup by API name, case-insensitive as Salesforce treats names. */
function fieldValue(record: CrmRecord, field: string): string | null {
  const exact = record.fields[field];
  if (exact !== undefined) return exact;
  const key = Object.keys(record.fields).find((name) => name.toLowerCase() === field.toLowerCase());
  return key === undefined ? null : (record.fields[key] ?? null);
}

export function leadFacts(record: CrmRecord, call: LeadCall, firstResponseAt: number | undefined): LeadFacts {
  const carries: Record<string, boolean> = {};
  for (const field of call.fields) carries[field] = (fieldValue(record, field) ?? '').trim() !== '';
  return {
    createdAt: record.createdAt.getTime(),
    firstResponseAt,
    scopeValue: call.scopeField ? fieldValue(record, call.scopeField) : null,
    carries,
  };
}
