/**
 * kintone's query language (`/k/v1/records.json?query=…`), as its documentation writes it:
 * conditions `field op value` joined by `and` / `or` (and before or) and grouped with `( )`,
 * then `order by field asc|desc, …`, `limit n`, `offset n`, in that order. Values are
 * double-quoted strings (`\"` and `\\` escaped; `\t`, `\n`, `\r` too; a raw tab or line break
 * inside a string is an error), bare numbers, or the functions `NOW()` and `TODAY()`.
 */

export type Operator =
  | '='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'in'
  | 'not in'
  | 'like'
  | 'not like'
  | 'is empty'
  | 'is not empty';

export type QueryValue = { kind: 'text'; text: string } | { kind: 'function'; name: 'NOW' | 'TODAY' };

export type Condition =
  | { kind: 'compare'; field: string; op: Operator; values: QueryValue[] }
  | { kind: 'and' | 'or'; parts: Condition[] };

export interface Query {
  where?: Condition;
  orderBy: Array<{ field: string; direction: 'asc' | 'desc' }>;
  limit?: number;
  offset?: number;
}

export type QueryProblem =
  | { kind: 'syntax' }
  | { kind: 'unknownField'; field: string }
  | { kind: 'operator'; field: string; op: Operator }
  | { kind: 'limit' }
  | { kind: 'offset' };

export class QueryError extends Error {
  readonly problem: QueryProblem;
  constructor(problem: QueryProblem) {
    super(problem.kind);
    this.problem = problem;
  }
}

type Token =
  | { kind: 'string'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' };

const SPACE = /[\s\u3000]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (): never => {
    throw new QueryError({ kind: 'syntax' });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= text.length) fail();
        const d = text[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\t' || d === '\n' || d === '\r') fail();
        if (d === '\\') {
          const e = text[i + 1];
          const escaped =
            e === '"'
              ? '"'
              : e === '\\'
                ? '\\'
                : e === 't'
                  ? '\t'
                  : e === 'n'
                    ? '\n'
                    : e === 'r'
                      ? '\r'
                      : undefined;
          if (escaped === undefined) fail();
          out += escaped;
          i += 2;
          continue;
        }
        out += d;
        i++;
      }
      tokens.push({ kind: 'string', text: out });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = text.slice(i, i + 2);
      const op = two === '!=' || two === '<=' || two === '>=' ? two : c;
      if (op === '!') fail();
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      let end = i;
      while (end < text.length && !SPACE.test(text[end]!) && !'"(),!<>='.includes(text[end]!)) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/** Parses a query; throws {@link QueryError} `syntax` (kintone's CB_VA01) when it is not one. */
export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (offset = 0): Token | undefined => tokens[at + offset];
  const isWord = (token: Token | undefined, word: string): boolean =>
    token?.kind === 'word' && token.text.toLowerCase() === word;
  const fail = (): never => {
    throw new QueryError({ kind: 'syntax' });
  };
  const expectWord = (word: string): void => {
    if (!isWord(peek(), word)) fail();
    at++;
  };
  const expectPunct = (punct: string): void => {
    const token = peek();
    if (token?.kind !== 'punct' || token.text !== punct) fail();
    at++;
  };
  const atClauseEnd = (): boolean => {
    const token = peek();
    return token === undefined || isWord(token, 'order') || isWord(token, 'limit') || isWord(token, 'offset');
  };

  const value = (): QueryValue => {
    const token = peek();
    if (token?.kind === 'string') {
      at++;
      return { kind: 'text', text: token.text };
    }
    if (token?.kind === 'word' && /^-?\d+(?:\.\d+)?$/.test(token.text)) {
      at++;
      return { kind: 'text', text: token.text };
    }
    if (token?.kind === 'word' && /^(NOW|TODAY)$/i.test(token.text)) {
      at++;
      expectPunct('(');
      expectPunct(')');
      return { kind: 'function', name: token.text.toUpperCase() as 'NOW' | 'TODAY' };
    }
    return fail();
  };

  const list = (): QueryValue[] => {
    expectPunct('(');
    const values = [value()];
    while (peek()?.kind === 'punct' && peek()!.text === ',') {
      at++;
      values.push(value());
    }
    expectPunct(')');
    return values;
  };

  const condition = (): Condition => {
    const token = peek();
    if (token?.kind === 'punct' && token.text === '(') {
      at++;
      const inner = disjunction();
      expectPunct(')');
      return inner;
    }
    if (token?.kind !== 'word') return fail();
    const field = token.text;
    at++;
    const next = peek();
    if (next?.kind === 'op') {
      at++;
      return { kind: 'compare', field, op: next.text as Operator, values: [value()] };
    }
    if (isWord(next, 'in')) {
      at++;
      return { kind: 'compare', field, op: 'in', values: list() };
    }
    if (isWord(next, 'like')) {
      at++;
      return { kind: 'compare', field, op: 'like', values: [value()] };
    }
    if (isWord(next, 'not')) {
      at++;
      if (isWord(peek(), 'in')) {
        at++;
        return { kind: 'compare', field, op: 'not in', values: list() };
      }
      expectWord('like');
      return { kind: 'compare', field, op: 'not like', values: [value()] };
    }
    if (isWord(next, 'is')) {
      at++;
      if (isWord(peek(), 'not')) {
        at++;
        expectWord('empty');
        return { kind: 'compare', field, op: 'is not empty', values: [] };
      }
      expectWord('empty');
      return { kind: 'compare', field, op: 'is empty', values: [] };
    }
    return fail();
  };

  const conjunction = (): Condition => {
    const parts = [condition()];
    while (isWord(peek(), 'and')) {
      at++;
      parts.push(condition());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };

  const disjunction = (): Condition => {
    const parts = [conjunction()];
    while (isWord(peek(), 'or')) {
      at++;
      parts.push(conjunction());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };

  const count = (): number => {
    const token = peek();
    if (token?.kind !== 'word' || !/^\d+$/.test(token.text)) return fail();
    at++;
    return Number(token.text);
  };

  const query: Query = { orderBy: [] };
  if (!atClauseEnd()) query.where = disjunction();
  if (isWord(peek(), 'order')) {
    at++;
    expectWord('by');
    for (;;) {
      const field = peek();
      if (field?.kind !== 'word') fail();
      at++;
      let direction: 'asc' | 'desc' = 'desc'; // kintone: without asc/desc, descending
      if (isWord(peek(), 'asc') || isWord(peek(), 'desc')) {
        direction = (peek() as Token).text.toLowerCase() as 'asc' | 'desc';
        at++;
      }
      query.orderBy.push({ field: (field as Token).text, direction });
      if (peek()?.kind === 'punct' && peek()!.text === ',') {
        at++;
        continue;
      }
      break;
    }
  }
  if (isWord(peek(), 'limit')) {
    at++;
    query.limit = count();
  }
  if (isWord(peek(), 'offset')) {
    at++;
    query.offset = count();
  }
  if (peek() !== undefined) fail();
  return query;
}

/** The operators kintone allows on each field type (its query documentation's table). */
const OPERATORS: Record<string, readonly Operator[]> = {
  __ID__: ['=', '!=', '>', '<', '>=', '<=', 'in', 'not in'],
  __REVISION__: ['=', '!=', '>', '<', '>=', '<=', 'in', 'not in'],
  RECORD_NUMBER: ['=', '!=', '>', '<', '>=', '<=', 'in', 'not in'],
  NUMBER: ['=', '!=', '>', '<', '>=', '<=', 'in', 'not in'],
  CALC: ['=', '!=', '>', '<', '>=', '<=', 'in', 'not in'],
  CREATED_TIME: ['=', '!=', '>', '<', '>=', '<='],
  UPDATED_TIME: ['=', '!=', '>', '<', '>=', '<='],
  DATETIME: ['=', '!=', '>', '<', '>=', '<='],
  DATE: ['=', '!=', '>', '<', '>=', '<='],
  TIME: ['=', '!=', '>', '<', '>=', '<='],
  SINGLE_LINE_TEXT: ['=', '!=', 'in', 'not in', 'like', 'not like'],
  LINK: ['=', '!=', 'in', 'not in', 'like', 'not like'],
  MULTI_LINE_TEXT: ['like', 'not like', 'is empty', 'is not empty'],
  RICH_TEXT: ['like', 'not like', 'is empty', 'is not empty'],
  RADIO_BUTTON: ['in', 'not in'],
  DROP_DOWN: ['in', 'not in'],
  CHECK_BOX: ['in', 'not in'],
  MULTI_SELECT: ['in', 'not in'],
  USER_SELECT: ['in', 'not in'],
  ORGANIZATION_SELECT: ['in', 'not in'],
  GROUP_SELECT: ['in', 'not in'],
  CREATOR: ['in', 'not in'],
  MODIFIER: ['in', 'not in'],
};

/** One field of a record as the API shows it. */
export interface FieldValue {
  type: string;
  value: unknown;
}

export type RecordView = Record<string, FieldValue>;

/** Where a field code leads: its type, and how to read it from a record. */
export type FieldTypes = (code: string) => string | undefined;

/**
 * Checks every field and operator of a parsed query against the app's fields, then filters,
 * sorts and pages `records` (default order `$id desc`, limit 100; at most limit 500 and
 * offset 10,000, as kintone). Throws {@link QueryError}.
 */
export function runQuery(
  records: readonly RecordView[],
  query: Query,
  typeOf: FieldTypes,
  now: number,
): { page: RecordView[]; total: number } {
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  if (limit > 500) throw new QueryError({ kind: 'limit' });
  if (offset > 10_000) throw new QueryError({ kind: 'offset' });
  if (query.where) check(query.where, typeOf);
  for (const order of query.orderBy) {
    if (typeOf(order.field) === undefined) throw new QueryError({ kind: 'unknownField', field: order.field });
  }
  const matched = records.filter((record) => !query.where || holds(query.where, record, now));
  const orders = query.orderBy.length > 0 ? query.orderBy : [{ field: '$id', direction: 'desc' as const }];
  const sorted = [...matched].sort((a, b) => {
    for (const order of orders) {
      const result = compare(sortKey(a[order.field]), sortKey(b[order.field]));
      if (result !== 0) return order.direction === 'asc' ? result : -result;
    }
    return 0;
  });
  return { page: sorted.slice(offset, offset + limit), total: matched.length };
}

function check(condition: Condition, typeOf: FieldTypes): void {
  if (condition.kind !== 'compare') {
    for (const part of condition.parts) check(part, typeOf);
    return;
  }
  const type = typeOf(condition.field);
  if (type === undefined) throw new QueryError({ kind: 'unknownField', field: condition.field });
  if (!(OPERATORS[type] ?? []).includes(condition.op))
    throw new QueryError({ kind: 'operator', field: condition.field, op: condition.op });
}

function holds(condition: Condition, record: RecordView, now: number): boolean {
  if (condition.kind !== 'compare') {
    return condition.kind === 'and'
      ? condition.parts.every((part) => holds(part, record, now))
      : condition.parts.some((part) => holds(part, record, now));
  }
  const field = record[condition.field];
  if (!field) return false;
  const texts = textsOf(field);
  const one = (): string => texts[0] ?? '';
  switch (condition.op) {
    case 'in':
      return condition.values.some((value) => texts.some((text) => same(field.type, text, value, now)));
    case 'not in':
      return !condition.values.some((value) => texts.some((text) => same(field.type, text, value, now)));
    case '=':
      return same(field.type, one(), condition.values[0]!, now);
    case '!=':
      return !same(field.type, one(), condition.values[0]!, now);
    case 'like':
      return one().toLowerCase().includes(literal(condition.values[0]!).toLowerCase());
    case 'not like':
      return !one().toLowerCase().includes(literal(condition.values[0]!).toLowerCase());
    case 'is empty':
      return one().trim() === '';
    case 'is not empty':
      return one().trim() !== '';
    default: {
      const order = compare(
        comparable(field.type, one()),
        comparable(field.type, resolve(condition.values[0]!, now)),
      );
      if (condition.op === '>') return order > 0;
      if (condition.op === '<') return order < 0;
      if (condition.op === '>=') return order >= 0;
      return order <= 0;
    }
  }
}

/** The texts a field holds: one for a scalar, the choices or the entities' codes for a list. */
function textsOf(field: FieldValue): string[] {
  const value = field.value;
  if (Array.isArray(value)) {
    const texts = value.map((item) =>
      typeof item === 'string'
        ? item
        : typeof item === 'object' && item && 'code' in item
          ? String(item.code)
          : '',
    );
    // `in ("")` matches an empty selection, as kintone does.
    return texts.length > 0 ? texts : [''];
  }
  if (typeof value === 'object' && value !== null && 'code' in value) return [String(value.code)];
  return [value === null || value === undefined ? '' : String(value)];
}

function literal(value: QueryValue): string {
  return value.kind === 'text' ? value.text : value.name;
}

const TIMES = new Set(['CREATED_TIME', 'UPDATED_TIME', 'DATETIME']);
const NUMBERS = new Set(['__ID__', '__REVISION__', 'RECORD_NUMBER', 'NUMBER', 'CALC']);
const JST_MS = 9 * 3_600_000;

/** A function's value: NOW() the current minute, TODAY() the start of today in Japan time. */
function resolve(value: QueryValue, now: number): string {
  if (value.kind === 'text') return value.text;
  if (value.name === 'NOW') return new Date(Math.floor(now / 60_000) * 60_000).toISOString();
  return new Date(Math.floor((now + JST_MS) / 86_400_000) * 86_400_000 - JST_MS).toISOString();
}

function same(type: string, actual: string, value: QueryValue, now: number): boolean {
  if (TIMES.has(type) && value.kind === 'function' && value.name === 'TODAY') {
    const start = Date.parse(resolve(value, now));
    const at = Date.parse(actual);
    return at >= start && at < start + 86_400_000;
  }
  return compare(comparable(type, actual), comparable(type, resolve(value, now))) === 0;
}

/** Times compare as instants at kintone's minute, numbers as numbers, the rest as text. */
function comparable(type: string, text: string): number | string {
  if (TIMES.has(type)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? text : Math.floor(at / 60_000) * 60_000;
  }
  if (NUMBERS.has(type)) {
    const n = Number(text);
    return text.trim() === '' || Number.isNaN(n) ? text : n;
  }
  return text;
}

function sortKey(field: FieldValue | undefined): number | string {
  if (!field) return '';
  return comparable(field.type, textsOf(field)[0] ?? '');
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
