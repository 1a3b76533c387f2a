import { isRecord } from '../http-call.ts';
import type { CrmRecord } from '../probe.ts';
import { textOrNull } from '../shared/crm-fields.ts';
import { parseTimestamp } from '../time.ts';

/**
 * Texts as SOQL and SOSL take them (every value cutover puts in a query goes through one of these),
 * and rows as they come back.
 */

/** Escapes a text for a single-quoted SOQL literal: backslash first, then quotes and control characters. */
export function soqlString(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "\\'")
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
}

/** A text for inside a SOQL LIKE pattern: a SOQL literal whose `%` and `_` are literal too. */
export function soqlLike(value: string): string {
  return soqlString(value).replace(/[%_]/g, '\\$&');
}

/** A term for a SOSL FIND clause: every reserved character escaped with a backslash. */
export function soslTerm(value: string): string {
  return value.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, '\\$&');
}

export function toRecord(row: unknown, fields: readonly string[]): CrmRecord | undefined {
  if (!isRecord(row) || typeof row.Id !== 'string') return undefined;
  const createdAt = parseTimestamp(row.CreatedDate);
  if (!createdAt) return undefined;
  const values: Record<string, string | null> = {};
  for (const field of fields) values[field] = textOrNull(pick(row, field));
  for (const [key, value] of Object.entries(row)) {
    if (key !== 'attributes' && !(key in values) && !isRecord(value)) values[key] = textOrNull(value);
  }
  return { id: row.Id, createdAt, updatedAt: parseTimestamp(row.LastModifiedDate), fields: values };
}

/** A field of a record, whatever the case of its API name. */
export function fieldOf(record: CrmRecord, field: string): string | null | undefined {
  const key = Object.keys(record.fields).find((candidate) => candidate.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : record.fields[key];
}

/** Reads `Owner.Name` style paths; Salesforce nests relationship fields as objects. */
function pick(row: Record<string, unknown>, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (!isRecord(value)) return undefined;
    const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === part.toLowerCase());
    value = key === undefined ? undefined : value[key];
  }
  return value;
}
