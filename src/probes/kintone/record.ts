import { isRecord } from '../http-call.ts';
import type { CrmRecord } from '../probe.ts';
import { parseTimestamp } from '../time.ts';

/**
 * kintone's records as cutover compares them. Every field is `{ type, value }`; the value is a
 * text (SINGLE_LINE_TEXT, NUMBER, DROP_DOWN, CREATED_TIME, …), a list of texts (CHECK_BOX,
 * MULTI_SELECT, CATEGORY), a list of `{ code, name }` (USER_SELECT, ORGANIZATION_SELECT,
 * GROUP_SELECT), one `{ code, name }` (CREATOR, MODIFIER), a list of files `{ name, … }` (FILE), or
 * a SUBTABLE's rows `{ id, value: { code: { type, value } } }`.
 */

/** A value as text: lists joined with ", ", users and files by name; empty is null. */
export function kintoneText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(kintoneText).filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join(', ') : null;
  }
  if (isRecord(value)) return kintoneText(value.name) ?? kintoneText(value.code);
  return JSON.stringify(value);
}

/** Every field of a record by code; a SUBTABLE's cells as `<table>.<row>.<field>`, rows from 0. */
export function flattenFields(raw: Record<string, unknown>, into: Record<string, string | null> = {}) {
  for (const [code, field] of Object.entries(raw)) {
    if (!isRecord(field)) continue;
    if (field.type === 'SUBTABLE') {
      const rows = Array.isArray(field.value) ? field.value : [];
      rows.forEach((row, index) => {
        if (!isRecord(row) || !isRecord(row.value)) return;
        const cells: Record<string, string | null> = {};
        flattenFields(row.value, cells);
        for (const [inner, text] of Object.entries(cells)) into[`${code}.${index}.${inner}`] = text;
      });
      continue;
    }
    into[code] = kintoneText(field.value);
  }
  return into;
}

/** The field of a type: the one with this code when it has that type, else the first of the type. */
function fieldOfType(raw: Record<string, unknown>, type: string, preferred?: string): unknown {
  const chosen = preferred === undefined ? undefined : raw[preferred];
  if (isRecord(chosen) && chosen.type === type) return chosen.value;
  for (const field of Object.values(raw)) if (isRecord(field) && field.type === type) return field.value;
  return undefined;
}

/**
 * One record of `records.json` / `record.json` as a CrmRecord: `id` from `$id` (`__ID__`),
 * `createdAt` from the CREATED_TIME field, `updatedAt` from UPDATED_TIME; `wanted` fields the
 * record lacks are null. Undefined when it has no record id or no readable creation time.
 */
export function toCrmRecord(
  raw: unknown,
  wanted: readonly string[],
  createdTimeField: string,
): CrmRecord | undefined {
  if (!isRecord(raw)) return undefined;
  const id = kintoneText(fieldOfType(raw, '__ID__', '$id'));
  const createdAt = parseTimestamp(fieldOfType(raw, 'CREATED_TIME', createdTimeField));
  if (id === null || !/^\d+$/.test(id) || !createdAt) return undefined;
  const fields: Record<string, string | null> = {};
  for (const name of wanted) fields[name] = null;
  flattenFields(raw, fields);
  const updatedAt = parseTimestamp(fieldOfType(raw, 'UPDATED_TIME'));
  return { id, createdAt, ...(updatedAt ? { updatedAt } : {}), fields };
}

/** A text as a kintone query string literal: double-quoted, `\` and `"` escaped, control characters too. */
export function queryString(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\t', '\\t')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
  return `"${escaped}"`;
}

/** A time as kintone's queries write it, at whole seconds in UTC: "2026-12-07T08:15:00Z". */
export function queryTime(date: Date): string {
  return queryString(date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
}
