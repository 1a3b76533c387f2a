import { syntheticEmailMatcher } from '../../foundation/marker.ts';
import { markerText } from '../marker-text.ts';
import type { CountCall, CrmRecord } from '../probe.ts';

/** A CRM value as the engine compares it: text, with missing and empty as null. */
export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** Names once each, blanks dropped, first spelling kept (case-insensitive for Salesforce). */
export function uniqueNames(values: readonly string[], caseInsensitive = false): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const name = value.trim();
    const key = caseInsensitive ? name.toLowerCase() : name;
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/**
 * For a count of real inquiries: whether a record is cutover's own — one of `addresses` (the
 * record's email, or every value where the CRM has no known email field) matches the synthetic
 * email pattern, or a marker of this project stands anywhere in its fields.
 */
export function syntheticRecordTest(
  call: CountCall,
): (record: CrmRecord, addresses: readonly string[]) => boolean {
  const synthetic = syntheticEmailMatcher(call.syntheticEmail, call.markerPrefix);
  return (record, addresses) =>
    addresses.some((address) => synthetic.test(address)) || call.markerPattern.test(markerText.crm(record));
}
