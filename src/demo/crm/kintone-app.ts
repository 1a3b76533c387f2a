import {
  type FieldValue,
  parseQuery,
  QueryError,
  type QueryProblem,
  type RecordView,
  runQuery,
} from './kintone-query.ts';

/**
 * An in-memory kintone app: its form (field codes and types) and its records, shown the way the
 * REST API shows them — every field `{ type, value }`, with kintone's own fields `$id`
 * (`__ID__`), `$revision`, `レコード番号`, `作成者`, `作成日時`, `更新者` and `更新日時`.
 * kintone keeps 作成日時 and 更新日時 to the minute (`2026-12-07T08:15:00Z`).
 */

export type KintoneFieldType =
  | 'SINGLE_LINE_TEXT'
  | 'MULTI_LINE_TEXT'
  | 'RICH_TEXT'
  | 'LINK'
  | 'NUMBER'
  | 'RADIO_BUTTON'
  | 'DROP_DOWN'
  | 'CHECK_BOX'
  | 'MULTI_SELECT'
  | 'DATE'
  | 'TIME'
  | 'DATETIME'
  | 'USER_SELECT'
  | 'ORGANIZATION_SELECT'
  | 'GROUP_SELECT'
  | 'SUBTABLE';

export interface KintoneFieldDef {
  type: KintoneFieldType;
  label?: string;
  required?: boolean;
  /** The choices of RADIO_BUTTON, DROP_DOWN, CHECK_BOX and MULTI_SELECT (kintone stores the label). */
  options?: readonly string[];
  /** A SUBTABLE's own fields (no table inside a table). */
  fields?: Readonly<Record<string, KintoneFieldDef>>;
}

/** The app's form: its fields by field code (kintone's own fields are added). */
export type KintoneLayout = Readonly<Record<string, KintoneFieldDef>>;

/** A user, organization or group as a field holds it. */
export interface KintoneEntity {
  code: string;
  name: string;
}

export type KintonePermission = 'view' | 'add' | 'edit' | 'delete';

export interface KintoneApiToken {
  token: string;
  /** Default: all four. */
  permissions?: readonly KintonePermission[];
}

/** The codes of kintone's own fields; an app created in Japanese has these. */
export interface SystemCodes {
  recordNumber: string;
  creator: string;
  createdTime: string;
  modifier: string;
  updatedTime: string;
}

export const JAPANESE_SYSTEM_CODES: SystemCodes = {
  recordNumber: 'レコード番号',
  creator: '作成者',
  createdTime: '作成日時',
  modifier: '更新者',
  updatedTime: '更新日時',
};

export interface KintoneAppOptions {
  /** The app id (a number, as kintone's). Default 1. */
  id?: number;
  layout: KintoneLayout;
  /** API tokens the app generated. */
  apiTokens?: readonly (string | KintoneApiToken)[];
  systemCodes?: Partial<SystemCodes>;
  now?: () => number;
}

/** Input problems, by kintone's `errors` key (`record.会社名.value`). */
export type InputErrors = Record<string, string[]>;

export type WriteResult = { ok: true; id: string; revision: string } | { ok: false; errors: InputErrors };

export type QueryResult =
  | { ok: true; records: RecordView[]; total: number }
  | { ok: false; error: QueryProblem };

export interface KintoneApp {
  readonly id: string;
  readonly layout: KintoneLayout;
  readonly systemCodes: SystemCodes;
  /** The permissions of an API token of this app; undefined when the app did not generate it. */
  permissionsOf(token: string): ReadonlySet<KintonePermission> | undefined;
  /**
   * Add a record (`POST /k/v1/record.json`). `record` is `{ code: { value } }`; unknown codes are
   * ignored, as kintone ignores them. 作成日時 may be given (a migration); default now.
   */
  add(record: unknown, options?: { by?: KintoneEntity; createdAt?: number }): WriteResult;
  /** Update the given fields (`PUT`); `revision` when given must be the current one. */
  update(
    id: string,
    record: unknown,
    options?: { revision?: string; by?: KintoneEntity },
  ): WriteResult | { ok: false; notFound: true } | { ok: false; conflict: true };
  get(id: string, fields?: readonly string[]): RecordView | undefined;
  /** Delete all of them or, when one is missing, none (kintone's all-or-nothing). */
  remove(ids: readonly string[]): { ok: true } | { ok: false; missing: string };
  /** `GET /k/v1/records.json`: the query run over every record; `fields` picks fields. */
  select(query: string, fields?: readonly string[]): QueryResult;
  /** Every record, `$id` ascending. */
  all(): RecordView[];
  /** The type of a field code (kintone's own included); undefined when the app has no such field. */
  typeOf(code: string): string | undefined;
}

type StoredValue = string | string[] | KintoneEntity[] | SubtableRow[];

export interface SubtableRow {
  id: string;
  value: Record<string, FieldValue>;
}

interface Stored {
  id: number;
  revision: number;
  createdAt: number;
  updatedAt: number;
  creator: KintoneEntity;
  modifier: KintoneEntity;
  values: Record<string, StoredValue>;
}

const API_USER: KintoneEntity = { code: 'api-token', name: 'APIトークン' };
const ALL_PERMISSIONS: readonly KintonePermission[] = ['view', 'add', 'edit', 'delete'];
const SELECTS = new Set(['USER_SELECT', 'ORGANIZATION_SELECT', 'GROUP_SELECT']);
const CHOICE_LISTS = new Set(['CHECK_BOX', 'MULTI_SELECT']);
const SINGLE_CHOICES = new Set(['RADIO_BUTTON', 'DROP_DOWN']);

/** kintone keeps 作成日時 and 更新日時 to the minute. */
export function toKintoneMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

function minuteIso(ms: number): string {
  return new Date(toKintoneMinute(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createKintoneApp(options: KintoneAppOptions): KintoneApp {
  const now = options.now ?? Date.now;
  const appId = String(options.id ?? 1);
  const codes: SystemCodes = { ...JAPANESE_SYSTEM_CODES, ...options.systemCodes };
  const layout = options.layout;
  const tokens = new Map<string, ReadonlySet<KintonePermission>>(
    (options.apiTokens ?? []).map((entry) =>
      typeof entry === 'string'
        ? [entry, new Set(ALL_PERMISSIONS)]
        : [entry.token, new Set(entry.permissions ?? ALL_PERMISSIONS)],
    ),
  );
  const records = new Map<number, Stored>();
  let nextId = 1;
  let nextRowId = 1;

  const systemTypes: Record<string, string> = {
    $id: '__ID__',
    $revision: '__REVISION__',
    [codes.recordNumber]: 'RECORD_NUMBER',
    [codes.creator]: 'CREATOR',
    [codes.createdTime]: 'CREATED_TIME',
    [codes.modifier]: 'MODIFIER',
    [codes.updatedTime]: 'UPDATED_TIME',
  };
  const typeOf = (code: string): string | undefined => systemTypes[code] ?? layout[code]?.type;

  const view = (stored: Stored, fields?: readonly string[]): RecordView => {
    const all: RecordView = {
      $id: { type: '__ID__', value: String(stored.id) },
      $revision: { type: '__REVISION__', value: String(stored.revision) },
      [codes.recordNumber]: { type: 'RECORD_NUMBER', value: String(stored.id) },
      [codes.creator]: { type: 'CREATOR', value: { ...stored.creator } },
      [codes.createdTime]: { type: 'CREATED_TIME', value: minuteIso(stored.createdAt) },
      [codes.modifier]: { type: 'MODIFIER', value: { ...stored.modifier } },
      [codes.updatedTime]: { type: 'UPDATED_TIME', value: minuteIso(stored.updatedAt) },
    };
    for (const [code, def] of Object.entries(layout)) {
      all[code] = { type: def.type, value: structuredClone(stored.values[code] ?? emptyOf(def)) };
    }
    if (!fields || fields.length === 0) return all;
    return Object.fromEntries(Object.entries(all).filter(([code]) => fields.includes(code)));
  };

  /** The values of a `record` parameter, checked against the form; every problem at once. */
  const read = (
    input: unknown,
    current: Record<string, StoredValue> | undefined,
  ): { values: Record<string, StoredValue>; errors: InputErrors; createdAt?: number } => {
    const errors: InputErrors = {};
    const values: Record<string, StoredValue> = {};
    const problem = (key: string, message: string): void => {
      errors[key] = [...(errors[key] ?? []), message];
    };
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      problem('record', '必須です。');
      return { values, errors };
    }
    let createdAt: number | undefined;
    for (const [code, entry] of Object.entries(input as Record<string, unknown>)) {
      const raw =
        typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
      if (code === codes.createdTime && current === undefined) {
        const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
        if (Number.isNaN(at)) problem(`record.${code}.value`, '日時の形式が正しくありません。');
        else createdAt = at;
        continue;
      }
      const def = layout[code];
      if (!def) continue; // kintone ignores codes the app does not have
      const checked = readValue(def, raw, `record.${code}`, problem, () => String(nextRowId++));
      if (checked !== undefined) values[code] = checked;
    }
    const merged = { ...current, ...values };
    for (const [code, def] of Object.entries(layout)) {
      if (!def.required) continue;
      const value = merged[code];
      const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
      if (empty) problem(`record.${code}.${requiredSuffix(def.type)}`, '必須です。');
    }
    return { values, errors, ...(createdAt === undefined ? {} : { createdAt }) };
  };

  return {
    id: appId,
    layout,
    systemCodes: codes,
    permissionsOf: (token) => tokens.get(token),
    typeOf,
    add: (record, addOptions = {}) => {
      const { values, errors, createdAt } = read(record, undefined);
      if (Object.keys(errors).length > 0) return { ok: false, errors };
      const at = addOptions.createdAt ?? createdAt ?? now();
      const by = addOptions.by ?? API_USER;
      const stored: Stored = {
        id: nextId++,
        revision: 1,
        createdAt: toKintoneMinute(at),
        updatedAt: toKintoneMinute(at),
        creator: by,
        modifier: by,
        values: {},
      };
      for (const [code, def] of Object.entries(layout)) stored.values[code] = values[code] ?? defaultOf(def);
      records.set(stored.id, stored);
      return { ok: true, id: String(stored.id), revision: '1' };
    },
    update: (id, record, updateOptions = {}) => {
      const stored = records.get(Number(id));
      if (!stored || !/^\d+$/.test(id)) return { ok: false, notFound: true };
      const expected = updateOptions.revision;
      if (expected !== undefined && expected !== '-1' && expected !== String(stored.revision))
        return { ok: false, conflict: true };
      const { values, errors } = read(record, stored.values);
      if (Object.keys(errors).length > 0) return { ok: false, errors };
      stored.values = { ...stored.values, ...values };
      stored.revision += 1;
      stored.updatedAt = toKintoneMinute(Math.max(now(), stored.updatedAt));
      stored.modifier = updateOptions.by ?? API_USER;
      return { ok: true, id: String(stored.id), revision: String(stored.revision) };
    },
    get: (id, fields) => {
      const stored = /^\d+$/.test(id) ? records.get(Number(id)) : undefined;
      return stored ? view(stored, fields) : undefined;
    },
    remove: (ids) => {
      const missing = ids.find((id) => !/^\d+$/.test(id) || !records.has(Number(id)));
      if (missing !== undefined) return { ok: false, missing };
      for (const id of ids) records.delete(Number(id));
      return { ok: true };
    },
    select: (text, fields) => {
      try {
        const query = parseQuery(text);
        const result = runQuery(
          [...records.values()].map((stored) => view(stored)),
          query,
          typeOf,
          now(),
        );
        const picked =
          fields && fields.length > 0
            ? result.page.map((record) =>
                Object.fromEntries(Object.entries(record).filter(([code]) => fields.includes(code))),
              )
            : result.page;
        return { ok: true, records: picked, total: result.total };
      } catch (error) {
        if (error instanceof QueryError) return { ok: false, error: error.problem };
        throw error;
      }
    },
    all: () => [...records.values()].sort((a, b) => a.id - b.id).map((stored) => view(stored)),
  };
}

function requiredSuffix(type: KintoneFieldType): string {
  if (SELECTS.has(type)) return 'values.value';
  if (CHOICE_LISTS.has(type) || type === 'SUBTABLE') return 'values';
  return 'value';
}

function emptyOf(def: KintoneFieldDef): StoredValue {
  return SELECTS.has(def.type) || CHOICE_LISTS.has(def.type) || def.type === 'SUBTABLE' ? [] : '';
}

/** What an added record holds in a field nobody wrote: empty, except a radio button's first choice. */
function defaultOf(def: KintoneFieldDef): StoredValue {
  if (def.type === 'RADIO_BUTTON') return def.options?.[0] ?? '';
  return emptyOf(def);
}

/** One field's `value`, checked against its type; undefined (with a problem reported) when invalid. */
function readValue(
  def: KintoneFieldDef,
  raw: unknown,
  key: string,
  problem: (key: string, message: string) => void,
  rowId: () => string,
): StoredValue | undefined {
  const type = def.type;
  if (SELECTS.has(type)) {
    if (raw === null || raw === undefined) return [];
    if (!Array.isArray(raw)) return void problem(`${key}.values`, '配列でなければなりません。');
    const entities: KintoneEntity[] = [];
    for (const item of raw) {
      const code = typeof item === 'object' && item !== null ? (item as { code?: unknown }).code : undefined;
      if (typeof code !== 'string' || code === '') return void problem(`${key}.values.value`, '必須です。');
      // The demo domain has no directory: a user's display name is its code.
      entities.push({ code, name: code });
    }
    return entities;
  }
  if (CHOICE_LISTS.has(type)) {
    if (raw === null || raw === undefined) return [];
    if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string'))
      return void problem(`${key}.values`, '配列でなければなりません。');
    let ok = true;
    raw.forEach((item: string, index) => {
      if (!def.options?.includes(item)) {
        problem(`${key}.values[${index}].value`, `"${item}"は選択肢にありません。`);
        ok = false;
      }
    });
    return ok ? [...(raw as string[])] : undefined;
  }
  if (type === 'SUBTABLE') {
    if (raw === null || raw === undefined) return [];
    if (!Array.isArray(raw)) return void problem(`${key}.value`, '配列でなければなりません。');
    const rows: SubtableRow[] = [];
    let ok = true;
    raw.forEach((row: unknown, index) => {
      const cells =
        typeof row === 'object' && row !== null ? (row as { value?: unknown; id?: unknown }) : undefined;
      const given = cells?.value;
      if (typeof given !== 'object' || given === null) {
        problem(`${key}.value[${index}].value`, '必須です。');
        ok = false;
        return;
      }
      const value: Record<string, FieldValue> = {};
      for (const [code, inner] of Object.entries(def.fields ?? {})) {
        const entry = (given as Record<string, unknown>)[code];
        const innerRaw =
          typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
        const checked = readValue(inner, innerRaw, `${key}.value[${index}].value.${code}`, problem, rowId);
        if (checked === undefined) ok = false;
        value[code] = { type: inner.type, value: checked ?? emptyOf(inner) };
      }
      const id = typeof cells?.id === 'string' || typeof cells?.id === 'number' ? String(cells.id) : rowId();
      rows.push({ id, value });
    });
    return ok ? rows : undefined;
  }
  if (raw === null || raw === undefined) return '';
  if (typeof raw !== 'string' && typeof raw !== 'number')
    return void problem(`${key}.value`, '文字列でなければなりません。');
  const text = String(raw);
  if (text === '') return '';
  if (type === 'NUMBER' && !/^-?\d+(?:\.\d+)?$/.test(text.trim())) {
    problem(`record[${key.slice('record.'.length)}].value`, '数字でなければなりません。');
    return undefined;
  }
  if (SINGLE_CHOICES.has(type) && !def.options?.includes(text)) {
    problem(`${key}.value`, `"${text}"は選択肢にありません。`);
    return undefined;
  }
  if (type === 'DATE' && !/^\d{4}-\d{2}-\d{2}$/.test(text))
    return void problem(`${key}.value`, '日付の形式が正しくありません。');
  if (type === 'TIME' && !/^\d{2}:\d{2}$/.test(text))
    return void problem(`${key}.value`, '時刻の形式が正しくありません。');
  if (type === 'DATETIME') {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return void problem(`${key}.value`, '日時の形式が正しくありません。');
    return minuteIso(at);
  }
  return text;
}
