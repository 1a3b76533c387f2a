import { HttpResponse, http, type RequestHandler } from 'msw';

/**
 * A Salesforce org as reference/api-contracts.md §5 describes it, written from the contract and
 * not from the probe: client-credentials login, SOQL queries (=, LIKE, >= on CreatedDate, AND/OR;
 * Description is a Long Text Area SOQL cannot filter), SOSL `FIND … IN ALL FIELDS` (a substring
 * search standing in for the full-text index), by Email (with `\'` and `\\` escapes;
 * a bare `+` in the query string decodes to a space as on the real API), `nextRecordsUrl`
 * paging, delete by Id (204, then 404 ENTITY_IS_DELETED), JSON-array error bodies, 401
 * INVALID_SESSION_ID for an expired token and 403 REQUEST_LIMIT_EXCEEDED when the API limit is up.
 */

export interface SalesforceLead {
  Id: string;
  Email: string;
  CreatedDate: string;
  [field: string]: string | null;
}

/** A row of LeadHistory (field history tracking on the Lead's Status): `Field`, `OldValue`, `NewValue`, `CreatedDate`. */
export interface SalesforceHistoryRow {
  Id: string;
  LeadId: string;
  Field: string;
  OldValue: string | null;
  NewValue: string | null;
  CreatedDate: string;
  [field: string]: string | null;
}

/** A Task logged on a lead (`WhoId`). */
export interface SalesforceTask {
  Id: string;
  WhoId: string;
  Subject: string;
  Status: string;
  CreatedDate: string;
  [field: string]: string | null;
}

export interface SalesforceStore {
  leads: SalesforceLead[];
  leadHistory: SalesforceHistoryRow[];
  tasks: SalesforceTask[];
  /** Access tokens the org accepts right now. */
  tokens: Set<string>;
  /** Queries seen, as the API decoded them. */
  queries: string[];
  deleted: string[];
  logins: number;
  /** The next N API calls answer 403 REQUEST_LIMIT_EXCEEDED. */
  limitExceeded: number;
  addLead(fields: Partial<SalesforceLead> & { Email: string; CreatedDate?: string }): SalesforceLead;
  /** Expires every issued token (the next call answers 401 INVALID_SESSION_ID). */
  expireTokens(): void;
  /** A user changes a lead's field at `at`; tracked fields (Status) leave a LeadHistory row. */
  changeLead(id: string, field: string, value: string, at: Date): void;
  /** A user logs a Task (a call) on the lead at `at`. */
  logTask(whoId: string, at: Date): SalesforceTask;
}

/** Fields with history tracking on, as an admin would set it for Status. */
const TRACKED = new Set(['Status']);

export interface SalesforceFakeOptions {
  loginUrl: string;
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  /** Records per query batch (the real API uses up to 2,000). */
  batchSize?: number;
}

const HISTORY_FIELDS = [
  'Id',
  'LeadId',
  'Field',
  'OldValue',
  'NewValue',
  'CreatedDate',
  'CreatedById',
  'DataType',
];
const TASK_FIELDS = ['Id', 'WhoId', 'WhatId', 'Subject', 'Status', 'ActivityDate', 'CreatedDate'];

const FIELDS = [
  'Id',
  'Email',
  'Web_Inquiry__c',
  'FirstName',
  'LastName',
  'Company',
  'LeadSource',
  'Status',
  'Description',
  'CreatedDate',
];

export function createSalesforceStore(): SalesforceStore {
  let sequence = 0;
  const store: SalesforceStore = {
    leads: [],
    leadHistory: [],
    tasks: [],
    tokens: new Set(),
    queries: [],
    deleted: [],
    logins: 0,
    limitExceeded: 0,
    addLead(fields) {
      sequence += 1;
      const lead: SalesforceLead = {
        FirstName: null,
        LastName: null,
        Company: null,
        LeadSource: null,
        Status: 'Open - Not Contacted',
        Description: null,
        Web_Inquiry__c: null,
        ...fields,
        Id: fields.Id ?? `00Q5g00000${String(sequence).padStart(8, '0')}`,
        CreatedDate: fields.CreatedDate ?? salesforceTime(new Date()),
      } as SalesforceLead;
      store.leads.push(lead);
      return lead;
    },
    expireTokens() {
      store.tokens.clear();
    },
    changeLead(id, field, value, at) {
      const lead = store.leads.find((l) => l.Id === id);
      if (!lead) throw new Error(`no lead ${id}`);
      const old = lead[field] ?? null;
      lead[field] = value;
      if (!TRACKED.has(field)) return;
      sequence += 1;
      store.leadHistory.push({
        Id: `0175g00000${String(sequence).padStart(8, '0')}`,
        LeadId: id,
        Field: field,
        OldValue: old,
        NewValue: value,
        CreatedDate: salesforceTime(at),
      });
    },
    logTask(whoId, at) {
      sequence += 1;
      const task: SalesforceTask = {
        Id: `00T5g00000${String(sequence).padStart(8, '0')}`,
        WhoId: whoId,
        Subject: 'Call',
        Status: 'Completed',
        CreatedDate: salesforceTime(at),
      };
      store.tasks.push(task);
      return task;
    },
  };
  return store;
}

/** `2026-09-01T10:00:05.000+0000`, the way the REST API writes datetimes. */
export function salesforceTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

const errors = (status: number, errorCode: string, message: string) =>
  HttpResponse.json([{ message, errorCode, fields: [] }], { status });

/** Long Text Areas and anyType history values: readable, but SOQL refuses them in WHERE. */
const NOT_FILTERABLE = new Set(['Description', 'OldValue', 'NewValue']);

type Row = Record<string, string | null>;

type Condition =
  | { kind: 'and' | 'or'; parts: Condition[] }
  | { kind: 'compare'; field: string; operator: '=' | 'LIKE' | '>=' | '<'; value: string }
  | { kind: 'in'; field: string; values: string[] };

interface Query {
  fields: string[];
  object: string;
  where: Condition;
  limit?: number;
}

/**
 * The SOQL the fake understands: `SELECT f, … FROM Object WHERE <condition> [ORDER BY CreatedDate
 * [ASC|DESC]] [LIMIT n]`, the condition made of `Field = 'text'`, `Field LIKE 'pattern'` (`%` and
 * `_` wildcards, `\%` `\_` literal), `Field >= 2026-09-01T00:00:00Z`, `Field < …`, AND, OR and parentheses.
 * Undefined means MALFORMED_QUERY.
 */
function parseSoql(soql: string): Query | undefined {
  const match =
    /^SELECT\s+(.+?)\s+FROM\s+(\w+)\s+WHERE\s+(.+?)(?:\s+ORDER\s+BY\s+CreatedDate(?:\s+(?:ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?\s*$/is.exec(
      soql,
    );
  if (!match) return undefined;
  const [, fieldList, object, condition, limit] = match;
  const where = parseCondition(condition!);
  if (!where) return undefined;
  return {
    fields: fieldList!.split(',').map((field) => field.trim()),
    object: object!,
    where,
    limit: limit ? Number(limit) : undefined,
  };
}

const TOKEN =
  /\s*(\(|\)|,|\bAND\b|\bOR\b|\bIN\b|'(?:[^'\\]|\\.)*'|>=|<|=|\bLIKE\b|[A-Za-z_][A-Za-z0-9_]*|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2}))/iy;

function parseCondition(text: string): Condition | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const found = TOKEN.exec(text);
    if (!found) return undefined;
    tokens.push(found[1]!);
  }
  let at = 0;
  const or = (): Condition | undefined => {
    const parts = [and()];
    while (tokens[at]?.toUpperCase() === 'OR') {
      at++;
      parts.push(and());
    }
    return parts.some((p) => !p)
      ? undefined
      : parts.length === 1
        ? parts[0]
        : { kind: 'or', parts: parts as Condition[] };
  };
  const and = (): Condition | undefined => {
    const parts = [term()];
    while (tokens[at]?.toUpperCase() === 'AND') {
      at++;
      parts.push(term());
    }
    return parts.some((p) => !p)
      ? undefined
      : parts.length === 1
        ? parts[0]
        : { kind: 'and', parts: parts as Condition[] };
  };
  const term = (): Condition | undefined => {
    if (tokens[at] === '(') {
      at++;
      const inner = or();
      if (tokens[at++] !== ')') return undefined;
      return inner;
    }
    if (tokens[at + 1]?.toUpperCase() === 'IN' && tokens[at + 2] === '(') {
      const field = tokens[at]!;
      at += 3;
      const values: string[] = [];
      while (tokens[at]?.startsWith("'")) {
        values.push(tokens[at]!.slice(1, -1).replace(/\\(.)/g, '$1'));
        at++;
        if (tokens[at] === ',') at++;
      }
      if (tokens[at++] !== ')' || values.length === 0) return undefined;
      return { kind: 'in', field, values };
    }
    const [field, operator, value] = [tokens[at], tokens[at + 1]?.toUpperCase(), tokens[at + 2]];
    at += 3;
    if (
      !field ||
      !value ||
      (operator !== '=' && operator !== 'LIKE' && operator !== '>=' && operator !== '<')
    )
      return undefined;
    const literal = value.startsWith("'")
      ? value
          .slice(1, -1)
          .replace(/\\([^%_])/g, (_all, char: string) => ({ n: '\n', r: '\r', t: '\t' })[char] ?? char)
      : value;
    return { kind: 'compare', field, operator, value: literal };
  };
  const condition = or();
  return at === tokens.length ? condition : undefined;
}

function fieldsIn(condition: Condition): string[] {
  return condition.kind === 'compare' || condition.kind === 'in'
    ? [condition.field]
    : condition.parts.flatMap(fieldsIn);
}

function holds(condition: Condition, lead: Row): boolean {
  if (condition.kind === 'in') return condition.values.includes(lead[condition.field] ?? '');
  if (condition.kind !== 'compare') {
    return condition.kind === 'and'
      ? condition.parts.every((part) => holds(part, lead))
      : condition.parts.some((part) => holds(part, lead));
  }
  const actual = lead[condition.field] ?? null;
  if (actual === null) return false;
  if (condition.operator === '>=')
    return Date.parse(actual.replace('+0000', 'Z')) >= Date.parse(condition.value);
  if (condition.operator === '<')
    return Date.parse(actual.replace('+0000', 'Z')) < Date.parse(condition.value);
  if (condition.operator === '=') return actual.toLowerCase() === condition.value.toLowerCase();
  const pattern = condition.value
    .split(/(\\[%_]|%|_)/)
    .map((part) =>
      part === '%'
        ? '.*'
        : part === '_'
          ? '.'
          : part.replace(/^\\/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`, 'is').test(actual);
}

/** `FIND {term} IN ALL FIELDS RETURNING Lead(f, … [WHERE …] [ORDER BY …] [LIMIT n])`. */
function parseSosl(sosl: string): { term: string; query: Query } | undefined {
  const match = /^FIND\s+\{(.+?)\}\s+IN\s+ALL\s+FIELDS\s+RETURNING\s+(\w+)\s*\((.+)\)\s*$/is.exec(sosl);
  if (!match) return undefined;
  const [, rawTerm, object, inner] = match;
  const term = rawTerm!.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
  const where =
    /^(.+?)\s+WHERE\s+(.+?)(?:\s+ORDER\s+BY\s+CreatedDate(?:\s+(?:ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?$/is.exec(
      inner!,
    );
  const fieldList = where ? where[1]! : inner!;
  const condition = where ? parseCondition(where[2]!) : { kind: 'and' as const, parts: [] };
  if (!condition) return undefined;
  return {
    term,
    query: {
      fields: fieldList.split(',').map((field) => field.trim()),
      object: object!,
      where: condition,
      limit: where?.[3] ? Number(where[3]) : undefined,
    },
  };
}

export function salesforceHandlers(store: SalesforceStore, options: SalesforceFakeOptions): RequestHandler[] {
  const batchSize = options.batchSize ?? 2000;
  const cursors = new Map<string, { rows: Record<string, unknown>[]; offset: number }>();
  let issued = 0;

  const authorized = (request: Request): Response | undefined => {
    const header = request.headers.get('authorization') ?? '';
    const token = header.replace(/^Bearer\s+/i, '');
    if (!store.tokens.has(token)) return errors(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (store.limitExceeded > 0) {
      store.limitExceeded -= 1;
      return errors(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    return undefined;
  };

  const batch = (version: string, locator: string): Response => {
    const cursor = cursors.get(locator);
    if (!cursor) return errors(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const rows = cursor.rows.slice(cursor.offset, cursor.offset + batchSize);
    cursor.offset += rows.length;
    const done = cursor.offset >= cursor.rows.length;
    return HttpResponse.json({
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${locator}-${cursor.offset}` }),
      records: rows,
    });
  };

  const tables: Record<string, { fields: string[]; rows: () => Row[] }> = {
    Lead: { fields: FIELDS, rows: () => store.leads },
    LeadHistory: { fields: HISTORY_FIELDS, rows: () => store.leadHistory },
    Task: { fields: TASK_FIELDS, rows: () => store.tasks },
  };

  const check = (query: Query): Response | undefined => {
    const table = tables[query.object];
    if (!table) return errors(400, 'INVALID_TYPE', `sObject type '${query.object}' is not supported.`);
    const unknown = [...query.fields, ...fieldsIn(query.where)].find(
      (field) => !table.fields.includes(field),
    );
    if (unknown)
      return errors(400, 'INVALID_FIELD', `No such column '${unknown}' on entity '${query.object}'.`);
    return undefined;
  };

  const rowsOf = (query: Query, version: string, also: (lead: Row) => boolean) =>
    tables[query.object]!.rows()
      .filter((lead) => !store.deleted.includes(lead.Id ?? '') && holds(query.where, lead) && also(lead))
      .sort((a, b) => (b.CreatedDate ?? '').localeCompare(a.CreatedDate ?? ''))
      .slice(0, query.limit ?? Number.POSITIVE_INFINITY)
      .map((lead) => {
        const row: Record<string, unknown> = {
          attributes: {
            type: query.object,
            url: `/services/data/${version}/sobjects/${query.object}/${lead.Id}`,
          },
        };
        for (const field of query.fields) row[field] = lead[field] ?? null;
        return row;
      });

  return [
    http.post(`${options.loginUrl}/services/oauth2/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (form.get('grant_type') !== 'client_credentials') {
        return HttpResponse.json(
          { error: 'unsupported_grant_type', error_description: 'grant type not supported' },
          { status: 400 },
        );
      }
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return HttpResponse.json(
          { error: 'invalid_client', error_description: 'invalid client credentials' },
          { status: 400 },
        );
      }
      store.logins += 1;
      issued += 1;
      const token = `00D000000000001!token-${issued}`;
      store.tokens.add(token);
      return HttpResponse.json({
        access_token: token,
        instance_url: options.instanceUrl,
        id: `${options.loginUrl}/id/00D000000000001/005000000000001`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: 'c2lnbmF0dXJl',
      });
    }),

    http.get(`${options.instanceUrl}/services/data/:version/query/:locator`, ({ request, params }) => {
      const refused = authorized(request);
      if (refused) return refused;
      const [locator] = String(params.locator).split(/-(?=\d+$)/);
      return batch(String(params.version), locator!);
    }),

    http.get(`${options.instanceUrl}/services/data/:version/query`, ({ request, params }) => {
      const refused = authorized(request);
      if (refused) return refused;
      // URLSearchParams decodes a bare `+` to a space, exactly like the real API.
      const soql = new URL(request.url).searchParams.get('q') ?? '';
      store.queries.push(soql);
      const query = parseSoql(soql);
      if (!query) return errors(400, 'MALFORMED_QUERY', `unexpected token in: ${soql.slice(0, 80)}`);
      const invalid = check(query);
      if (invalid) return invalid;
      const notFilterable = fieldsIn(query.where).find((field) => NOT_FILTERABLE.has(field));
      if (notFilterable) {
        return errors(400, 'INVALID_FIELD', `field '${notFilterable}' can not be filtered in a query call`);
      }
      const locator = `01g000000000${cursors.size + 1}`;
      cursors.set(locator, { rows: rowsOf(query, String(params.version), () => true), offset: 0 });
      return batch(String(params.version), locator);
    }),

    http.get(`${options.instanceUrl}/services/data/:version/search`, ({ request, params }) => {
      const refused = authorized(request);
      if (refused) return refused;
      const sosl = new URL(request.url).searchParams.get('q') ?? '';
      store.queries.push(sosl);
      const parsed = parseSosl(sosl);
      if (!parsed) return errors(400, 'MALFORMED_SEARCH', `unexpected token in: ${sosl.slice(0, 80)}`);
      const invalid = check(parsed.query);
      if (invalid) return invalid;
      const term = parsed.term.toLowerCase();
      const rows = rowsOf(parsed.query, String(params.version), (lead) =>
        Object.values(lead).some((value) => value?.toLowerCase().includes(term)),
      );
      return HttpResponse.json({ searchRecords: rows });
    }),

    http.delete(
      `${options.instanceUrl}/services/data/:version/sobjects/:object/:id`,
      ({ request, params }) => {
        const refused = authorized(request);
        if (refused) return refused;
        const id = String(params.id);
        if (store.deleted.includes(id)) return errors(404, 'ENTITY_IS_DELETED', 'entity is deleted');
        if (!store.leads.some((lead) => lead.Id === id))
          return errors(404, 'NOT_FOUND', 'The requested resource does not exist');
        store.deleted.push(id);
        return new HttpResponse(null, { status: 204 });
      },
    ),
  ];
}
