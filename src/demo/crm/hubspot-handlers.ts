import { HttpResponse, http, type RequestHandler } from 'msw';
import { z } from 'zod';
import { sleep } from '../sleep.ts';
import {
  conflict,
  internalError,
  notFound,
  rateLimited,
  unauthorized,
  validationError,
} from './hubspot-errors.ts';
import { checkProperties, DEFAULT_RETURNED, type PropertyProblem, SYSTEM_PROPERTIES } from './properties.ts';
import { runSearch, searchRequestSchema } from './search.ts';
import { type Contact, type ContactStore, withSystemProperties } from './store.ts';

export interface HubspotHandlerOptions {
  /** The bearer token the API accepts (a private-app token). */
  token: string;
  /** Origin the handlers answer for, e.g. `https://api.hubapi.com`; default any origin. */
  baseUrl?: string;
  /** Consulted once per request: answer with this HubSpot error instead. */
  nextError?: () => 401 | 429 | 500 | null;
  /** Consulted once per request: hold the response this long. */
  delayMs?: () => number;
  /** Consulted on each create: accept a second contact with an existing email (no dedup). */
  allowDuplicates?: () => boolean;
  /** Cuts delays short when the world stops. */
  signal?: AbortSignal;
}

type Params = Record<string, string | readonly string[] | undefined>;
type Resolver = (request: Request, params: Params) => Response | Promise<Response>;

/**
 * A HubSpot CRM v3 contacts subset over a {@link ContactStore}: create, get (by id, or by email
 * with `idProperty=email`), list, patch, archive, and search with EQ-style filters behind the
 * store's indexing lag. Bearer token checked on every call; error bodies are HubSpot's.
 */
export function hubspotHandlers(store: ContactStore, options: HubspotHandlerOptions): RequestHandler[] {
  const base = `${options.baseUrl ?? '*'}/crm/v3/objects/contacts`;
  const guard =
    (resolver: Resolver) =>
    async ({ request, params }: { request: Request; params: Params }): Promise<Response> => {
      await sleep(options.delayMs?.() ?? 0, options.signal);
      if (request.headers.get('authorization') !== `Bearer ${options.token}`) return unauthorized();
      const injected = options.nextError?.() ?? null;
      if (injected === 401) return unauthorized();
      if (injected === 429) return rateLimited();
      if (injected === 500) return internalError();
      return resolver(request, params);
    };

  const lookup = (request: Request, id: string, archived = false): Contact | undefined | Response => {
    const idProperty = new URL(request.url).searchParams.get('idProperty');
    if (idProperty === 'email') return store.getByEmail(id, { archived });
    if (idProperty && idProperty !== 'hs_object_id') {
      return validationError(`Unable to use property ${idProperty} as an id property`);
    }
    return store.get(id, { archived });
  };

  return [
    http.post(
      `${base}/search`,
      guard(async (request) => {
        const body = await readJson(request);
        const parsed = searchRequestSchema.safeParse(body);
        if (body === undefined || !parsed.success) {
          const detail = parsed.success
            ? 'Invalid input JSON'
            : parsed.error.issues.map(describeIssue).join('; ');
          return validationError(`Invalid input: ${detail}`);
        }
        const page = runSearch(store.searchable(), parsed.data);
        return HttpResponse.json({
          total: page.total,
          results: page.results.map((r) =>
            contactJson(r.contact, pick(r.properties, parsed.data.properties), r.properties.lastmodifieddate),
          ),
          ...(page.nextAfter
            ? { paging: { next: { after: page.nextAfter, link: `?after=${page.nextAfter}` } } }
            : {}),
        });
      }),
    ),
    http.post(
      `${base}/batch/read`,
      guard(async (request) => {
        const parsed = batchReadSchema.safeParse(await readJson(request));
        if (!parsed.success) {
          return validationError(`Invalid input: ${parsed.error.issues.map(describeIssue).join('; ')}`);
        }
        const { inputs, properties, propertiesWithHistory } = parsed.data;
        const found = inputs.map((input) => ({ id: input.id, contact: store.get(input.id) }));
        const missing = found.filter((f) => !f.contact).map((f) => f.id);
        const startedAt = new Date(store.now()).toISOString();
        const results = found.flatMap(({ contact }) =>
          contact
            ? [
                {
                  ...contactJson(contact, pick(withSystemProperties(contact), properties)),
                  ...(propertiesWithHistory.length > 0
                    ? { propertiesWithHistory: historyJson(contact, propertiesWithHistory) }
                    : {}),
                },
              ]
            : [],
        );
        const errors = missing.length
          ? [
              {
                status: 'error',
                category: 'OBJECT_NOT_FOUND',
                message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
                context: { ids: missing },
              },
            ]
          : [];
        return HttpResponse.json(
          {
            status: 'COMPLETE',
            results,
            ...(errors.length ? { numErrors: errors.length, errors } : {}),
            startedAt,
            completedAt: new Date(store.now()).toISOString(),
          },
          { status: errors.length ? 207 : 200 },
        );
      }),
    ),
    http.post(
      base,
      guard(async (request) => {
        const checked = checkProperties(
          ((await readJson(request)) as { properties?: unknown } | undefined)?.properties,
        );
        if (!checked.ok) return invalidProperties(checked.problems);
        const created = store.create(checked.properties, {
          allowDuplicate: options.allowDuplicates?.() ?? false,
        });
        if (!created.ok) return conflict(created.conflictId);
        return HttpResponse.json(contactJson(created.contact, withSystemProperties(created.contact)), {
          status: 201,
        });
      }),
    ),
    http.get(
      base,
      guard((request) => {
        const params = new URL(request.url).searchParams;
        const archived = params.get('archived') === 'true';
        const limit = Math.min(Math.max(Number.parseInt(params.get('limit') ?? '10', 10) || 10, 1), 100);
        const offset = Number.parseInt(params.get('after') ?? '0', 10) || 0;
        const all = store.list({ archived });
        const names = propertyParam(params);
        const end = offset + limit;
        return HttpResponse.json({
          results: all.slice(offset, end).map((c) => contactJson(c, pick(withSystemProperties(c), names))),
          ...(end < all.length ? { paging: { next: { after: String(end), link: `?after=${end}` } } } : {}),
        });
      }),
    ),
    http.get(
      `${base}/:id`,
      guard((request, params) => {
        const id = String(params.id);
        const searchParams = new URL(request.url).searchParams;
        const found = lookup(request, id, searchParams.get('archived') === 'true');
        if (found instanceof Response) return found;
        if (!found) return notFound(id);
        return HttpResponse.json(
          contactJson(found, pick(withSystemProperties(found), propertyParam(searchParams))),
        );
      }),
    ),
    http.patch(
      `${base}/:id`,
      guard(async (request, params) => {
        const id = String(params.id);
        const found = lookup(request, id);
        if (found instanceof Response) return found;
        if (!found) return notFound(id);
        const checked = checkProperties(
          ((await readJson(request)) as { properties?: unknown } | undefined)?.properties,
        );
        if (!checked.ok) return invalidProperties(checked.problems);
        const updated = store.update(found.id, checked.properties);
        if (!updated) return notFound(id);
        if (!updated.ok) return conflict(updated.conflictId);
        return HttpResponse.json(contactJson(updated.contact, withSystemProperties(updated.contact)));
      }),
    ),
    http.delete(
      `${base}/:id`,
      guard((_request, params) => {
        store.archive(String(params.id));
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}

/** `POST /crm/v3/objects/contacts/batch/read` body (BatchReadInputSimplePublicObjectId); at most 100 inputs. */
const batchReadSchema = z.object({
  inputs: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })).max(100),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.literal('hs_object_id').optional(),
});

/** HubSpot's `propertiesWithHistory`: each property's values, newest first. */
function historyJson(contact: Contact, names: readonly string[]) {
  return Object.fromEntries(
    names.map((name) => [
      name,
      (contact.history[name] ?? [])
        .map((change) => ({
          value: change.value,
          timestamp: new Date(change.at).toISOString(),
          sourceType: change.sourceType,
          ...(change.sourceType === 'CRM_UI' ? { sourceId: 'userId:7100001', updatedByUserId: 7100001 } : {}),
        }))
        .reverse(),
    ]),
  );
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text());
  } catch {
    return undefined;
  }
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`;
}

function invalidProperties(problems: PropertyProblem[]): Response {
  return validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}

function propertyParam(params: URLSearchParams): string[] | undefined {
  const names = params
    .getAll('properties')
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  return names.length > 0 ? names : undefined;
}

/** The named properties (unset ones as null) plus HubSpot's always-returned system properties. */
function pick(
  all: Record<string, string>,
  names: readonly string[] | undefined,
): Record<string, string | null> {
  const wanted = new Set([...(names ?? DEFAULT_RETURNED), ...SYSTEM_PROPERTIES]);
  return Object.fromEntries([...wanted].map((n) => [n, all[n] ?? null]));
}

function contactJson(contact: Contact, properties: Record<string, string | null>, updatedAt?: string) {
  return {
    id: contact.id,
    properties,
    createdAt: new Date(contact.createdAt).toISOString(),
    updatedAt: updatedAt ?? new Date(contact.updatedAt).toISOString(),
    archived: contact.archived,
    ...(contact.archivedAt !== null ? { archivedAt: new Date(contact.archivedAt).toISOString() } : {}),
  };
}
