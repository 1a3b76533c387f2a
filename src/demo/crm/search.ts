import { z } from 'zod';
import type { IndexedContact } from './store.ts';

const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: scalar.optional(),
  highValue: scalar.optional(),
  values: z.array(scalar).optional(),
});

const sortSchema = z.union([
  z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
  z.string().transform((s) => ({
    propertyName: s.replace(/^-/, ''),
    direction: s.startsWith('-') ? ('DESCENDING' as const) : ('ASCENDING' as const),
  })),
]);

/** `POST /crm/v3/objects/contacts/search` body (PublicObjectSearchRequest). */
export const searchRequestSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  properties: z.array(z.string()).optional(),
  sorts: z.array(sortSchema).default([]),
  limit: z.number().int().min(0).max(200).default(10),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
  query: z.string().optional(),
});

export type SearchRequest = z.infer<typeof searchRequestSchema>;
type Filter = z.infer<typeof filterSchema>;

export interface SearchPage {
  total: number;
  results: IndexedContact[];
  nextAfter: string | undefined;
}

const QUERY_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'company', 'website'];

/** Groups are ORed, filters within a group ANDed; string comparisons ignore case. */
export function runSearch(indexed: IndexedContact[], request: SearchRequest): SearchPage {
  const query = request.query?.trim().toLowerCase();
  const matched = indexed.filter(
    (c) =>
      (request.filterGroups.length === 0 ||
        request.filterGroups.some((g) => g.filters.every((f) => holds(f, c)))) &&
      (!query || QUERY_PROPERTIES.some((p) => c.properties[p]?.toLowerCase().includes(query))),
  );
  const sorted = matched.sort((a, b) => {
    for (const sort of request.sorts) {
      const order = compare(a.properties[sort.propertyName], b.properties[sort.propertyName]);
      if (order !== 0) return sort.direction === 'DESCENDING' ? -order : order;
    }
    return Number(a.contact.id) - Number(b.contact.id);
  });
  const offset = Number.parseInt(request.after ?? '0', 10) || 0;
  const end = offset + request.limit;
  return {
    total: sorted.length,
    results: sorted.slice(offset, end),
    nextAfter: end < sorted.length ? String(end) : undefined,
  };
}

function holds(filter: Filter, c: IndexedContact): boolean {
  const actual = c.properties[filter.propertyName];
  const value = filter.value ?? '';
  switch (filter.operator) {
    case 'EQ':
      return actual !== undefined && same(actual, value);
    case 'NEQ':
      return actual === undefined || !same(actual, value);
    case 'LT':
      return actual !== undefined && compare(actual, value) < 0;
    case 'LTE':
      return actual !== undefined && compare(actual, value) <= 0;
    case 'GT':
      return actual !== undefined && compare(actual, value) > 0;
    case 'GTE':
      return actual !== undefined && compare(actual, value) >= 0;
    case 'BETWEEN':
      return (
        actual !== undefined && compare(actual, value) >= 0 && compare(actual, filter.highValue ?? '') <= 0
      );
    case 'IN':
      return actual !== undefined && (filter.values ?? []).some((v) => same(actual, v));
    case 'NOT_IN':
      return actual === undefined || !(filter.values ?? []).some((v) => same(actual, v));
    case 'HAS_PROPERTY':
      return actual !== undefined;
    case 'NOT_HAS_PROPERTY':
      return actual === undefined;
    case 'CONTAINS_TOKEN':
      return actual !== undefined && containsToken(actual, value);
    case 'NOT_CONTAINS_TOKEN':
      return actual === undefined || !containsToken(actual, value);
  }
}

function same(a: string, b: string): boolean {
  const x = comparable(a);
  const y = comparable(b);
  return typeof x === 'number' && typeof y === 'number' ? x === y : a.toLowerCase() === b.toLowerCase();
}

function compare(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const x = comparable(a);
  const y = comparable(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

/** Numbers (epoch ms included) and ISO dates compare as numbers; anything else as text. */
function comparable(v: string): number | string {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return v;
}

/** The value must equal the property or one of its tokens; `*` in the value is a wildcard. */
function containsToken(actual: string, token: string): boolean {
  const escaped = token
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${escaped.join('.*')}$`);
  const value = actual.toLowerCase();
  return pattern.test(value) || value.split(/[\s@.,;:]+/).some((t) => pattern.test(t));
}
