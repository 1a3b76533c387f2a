import type { HttpResponse } from '../../http/client.ts';
import { classifyResponse, type ResponseVerdict } from '../../http/retry.ts';
import type { ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { callVendor, excerpt, isRecord, jsonOf } from '../http-call.ts';
import { markerText } from '../marker-text.ts';
import {
  type CaseIdentity,
  type CountCall,
  type CrmProbe,
  type CrmRecord,
  type LeadCall,
  type LeadFacts,
  type ProbeCall,
  ProbeError,
  type SweepCall,
} from '../probe.ts';
import { syntheticRecordTest, textOrNull, uniqueNames } from '../shared/crm-fields.ts';
import type { HistoryEntry } from '../shared/lead-facts.ts';
import { parseTimestamp } from '../time.ts';
import { readHubspotLeads } from './leads.ts';
import type { HubspotProbeOptions } from './options.ts';

/** HubSpot's two burst windows, as its own Node SDK waits them out. */
const TEN_SECONDLY_MS = 10_000;
const SECONDLY_MS = 1_000;
/** Search page size, and the most results HubSpot pages through for one search. */
const SEARCH_PAGE = 100;
const SEARCH_LIMIT = 10_000;
/** Contacts per batch read when a property's history is asked for (HubSpot's limit with history). */
const HISTORY_BATCH = 50;

/**
 * HubSpot CRM v3. Finds the contact with GET `/crm/v3/objects/contacts/{email}?idProperty=email`
 * — a read by unique key, which sees a contact as soon as it exists (the search index lags by
 * seconds to a minute). 404 `OBJECT_NOT_FOUND` is "not there yet". It also searches (one search,
 * filter groups ORed) for every contact whose email is the synthetic one (EQ — a duplicate the
 * unique read cannot return) and, with `markerField`, whose property carries the marker
 * (CONTAINS_TOKEN `*marker*`); it keeps only contacts that really carry either, and reads each
 * afresh by id. `searchLagMs` tells the engine how long the index may lag. A sweep searches contacts created
 * since a time by the synthetic email's domain and the marker field. Cleanup archives by id.
 * 429 waits by `policyName` (TEN_SECONDLY_ROLLING ≈ 10 s, the search "secondly" limit ≈ 1 s) and
 * gives up on DAILY; 401/403 are `auth` errors.
 */
export function createHubspotProbe(
  options: HubspotProbeOptions,
  deps: ProbeDeps,
): Omit<CrmProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const base = options.url.replace(/\/+$/, '');
  const token = options.token;
  const secrets = token ? [token] : [];
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token.reveal()}` } : {});

  const classify = (response: HttpResponse): ResponseVerdict | undefined => {
    if (response.status !== 429) return undefined;
    const body = jsonOf(response);
    const policy = isRecord(body) && typeof body.policyName === 'string' ? body.policyName.toUpperCase() : '';
    const message = isRecord(body) && typeof body.message === 'string' ? body.message : '';
    if (policy === 'DAILY') {
      return {
        action: 'fail',
        error: new ProbeError(
          name,
          'throttled',
          'HubSpot answered 429: the daily API limit is used up (policyName DAILY)',
        ),
      };
    }
    if (policy === 'TEN_SECONDLY_ROLLING') {
      return {
        action: 'retry',
        reason: 'throttled',
        afterMs: TEN_SECONDLY_MS,
        message: 'HubSpot answered 429 (TEN_SECONDLY_ROLLING)',
      };
    }
    if (/secondly/i.test(policy) || /secondly limit/i.test(message)) {
      return {
        action: 'retry',
        reason: 'throttled',
        afterMs: SECONDLY_MS,
        message: 'HubSpot answered 429 (secondly limit)',
      };
    }
    const fallback = classifyResponse(response);
    return fallback.action === 'retry'
      ? { ...fallback, message: `HubSpot answered 429 (${policy || 'no policyName'})` }
      : fallback;
  };

  const refuse = (response: HttpResponse, what: string): never => {
    if (response.status === 401) throw new ProbeError(name, 'auth', 'HubSpot answered 401: token rejected');
    if (response.status === 403) {
      throw new ProbeError(
        name,
        'auth',
        `HubSpot answered 403: the token lacks a scope for ${what} (crm.objects.contacts.read/write)`,
      );
    }
    const body = jsonOf(response);
    const detail = isRecord(body) && typeof body.message === 'string' ? body.message : excerpt(response.text);
    const reason = response.status === 400 ? 'config' : 'protocol';
    throw new ProbeError(name, reason, `HubSpot answered ${response.status} for ${what}: ${detail}`);
  };

  /** One contact as a record; `wanted` properties the contact lacks are null. */
  const toRecord = (body: unknown, wanted: readonly string[]): CrmRecord => {
    if (!isRecord(body) || (typeof body.id !== 'string' && typeof body.id !== 'number')) {
      throw new ProbeError(name, 'protocol', 'HubSpot answered without a contact id');
    }
    const properties = isRecord(body.properties) ? body.properties : {};
    const createdAt = parseTimestamp(body.createdAt) ?? parseTimestamp(properties.createdate);
    if (!createdAt)
      throw new ProbeError(name, 'protocol', `HubSpot contact ${body.id} has no readable createdAt`);
    const fields: Record<string, string | null> = {};
    for (const key of wanted) fields[key] = null;
    for (const [key, value] of Object.entries(properties)) fields[key] = textOrNull(value);
    return { id: String(body.id), createdAt, updatedAt: parseTimestamp(body.updatedAt), fields };
  };

  /** GET one contact by id or (idProperty=email) by email; undefined when there is none (yet). */
  const read = async (
    key: string,
    idProperty: 'email' | undefined,
    wanted: readonly string[],
    signal: AbortSignal,
  ): Promise<CrmRecord | undefined> => {
    const url = new URL(`${base}/crm/v3/objects/contacts/${encodeURIComponent(key)}`);
    if (idProperty) url.searchParams.set('idProperty', idProperty);
    url.searchParams.set('properties', wanted.join(','));
    url.searchParams.set('archived', 'false');
    const response = await callVendor(deps, { url, headers: headers(), secrets, signal }, classify);
    if (response.status === 404) {
      const body = jsonOf(response);
      // HubSpot's own "no such contact" (or a bare 404) is an answer; an HTML page or another
      // API error means the URL is wrong, and must not read as "not there yet" forever.
      if (response.text.trim() === '' || (isRecord(body) && body.category === 'OBJECT_NOT_FOUND'))
        return undefined;
      const detail =
        isRecord(body) && typeof body.message === 'string' ? body.message : excerpt(response.text);
      throw new ProbeError(
        name,
        'config',
        `HubSpot answered 404 for ${base}: ${detail} (is this the HubSpot API?)`,
      );
    }
    if (response.status !== 200) refuse(response, 'reading contacts');
    const body = jsonOf(response);
    if (isRecord(body) && body.archived === true) return undefined;
    return toRecord(body, wanted);
  };

  /**
   * POST /crm/v3/objects/contacts/search, every page up to HubSpot's 10,000 results. The index
   * lags writes by seconds: what it returns is a snapshot, and what was just written may be missing.
   */
  const search = async (
    filterGroups: Array<{ filters: Array<Record<string, string>> }>,
    wanted: readonly string[],
    signal: AbortSignal,
  ): Promise<CrmRecord[]> => {
    const records: CrmRecord[] = [];
    let after: string | undefined;
    do {
      const response = await callVendor(
        deps,
        {
          method: 'POST',
          url: `${base}/crm/v3/objects/contacts/search`,
          headers: headers(),
          json: {
            filterGroups,
            properties: wanted,
            sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
            limit: SEARCH_PAGE,
            ...(after ? { after } : {}),
          },
          secrets,
          signal,
        },
        classify,
      );
      if (response.status !== 200) refuse(response, 'searching contacts');
      const body = jsonOf(response);
      if (!isRecord(body) || !Array.isArray(body.results)) {
        throw new ProbeError(name, 'protocol', 'HubSpot search answered without results');
      }
      for (const result of body.results) {
        if (isRecord(result) && result.archived === true) continue;
        records.push(toRecord(result, wanted));
      }
      const next = isRecord(body.paging) && isRecord(body.paging.next) ? body.paging.next.after : undefined;
      after = typeof next === 'string' || typeof next === 'number' ? String(next) : undefined;
      if (after !== undefined && records.length >= SEARCH_LIMIT) {
        throw new ProbeError(
          name,
          'protocol',
          `HubSpot search matches more than ${SEARCH_LIMIT} contacts, all it can page through: narrow the search (a shorter --since)`,
        );
      }
    } while (after !== undefined);
    return records;
  };

  /**
   * POST /crm/v3/objects/contacts/batch/read with `propertiesWithHistory`: one property's history
   * per contact (HubSpot lists it newest first; order does not matter here), 50 contacts a request.
   */
  const readHistory = async (
    ids: readonly string[],
    property: string,
    signal: AbortSignal,
  ): Promise<Map<string, HistoryEntry[]>> => {
    const histories = new Map<string, HistoryEntry[]>();
    for (let i = 0; i < ids.length; i += HISTORY_BATCH) {
      const response = await callVendor(
        deps,
        {
          method: 'POST',
          url: `${base}/crm/v3/objects/contacts/batch/read`,
          headers: headers(),
          json: {
            inputs: ids.slice(i, i + HISTORY_BATCH).map((id) => ({ id })),
            properties: [],
            propertiesWithHistory: [property],
          },
          secrets,
          signal,
        },
        classify,
      );
      if (response.status !== 200 && response.status !== 207) refuse(response, 'reading property history');
      const body = jsonOf(response);
      if (!isRecord(body) || !Array.isArray(body.results)) {
        throw new ProbeError(name, 'protocol', 'HubSpot batch read answered without results');
      }
      for (const result of body.results) {
        if (!isRecord(result) || result.id === undefined) continue;
        const all = isRecord(result.propertiesWithHistory)
          ? result.propertiesWithHistory[property]
          : undefined;
        const entries = (Array.isArray(all) ? all : []).flatMap((entry): HistoryEntry[] => {
          const at = isRecord(entry) ? parseTimestamp(entry.timestamp) : undefined;
          return at && isRecord(entry) ? [{ value: textOrNull(entry.value), at: at.getTime() }] : [];
        });
        histories.set(String(result.id), entries);
      }
    }
    return histories;
  };

  const markerField = options.markerField;
  const createdIn = (call: CountCall) => [
    { propertyName: 'createdate', operator: 'GTE', value: String(call.from.getTime()) },
    { propertyName: 'createdate', operator: 'LT', value: String(call.to.getTime()) },
    ...(call.filter ? [{ propertyName: call.filter.field, operator: 'EQ', value: call.filter.value }] : []),
  ];

  return {
    name,
    searchLagMs: options.searchLag ?? 10_000,

    find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const wanted = uniqueNames([
          'email',
          ...(markerField ? [markerField] : []),
          ...(options.properties ?? []),
          ...call.fields,
        ]);
        const byEmail = await read(identity.email, 'email', wanted, call.signal);
        const records = byEmail ? [byEmail] : [];
        // The read by email sees at most one contact (the unique key); a duplicate with the same
        // email — or, with markerField, a contact whose email is not the synthetic one — only
        // shows in the search, once its index has caught up (the check waits that out).
        const carries = (record: CrmRecord) =>
          record.fields.email?.toLowerCase() === identity.email.toLowerCase() ||
          (markerField !== undefined && record.fields[markerField]?.includes(identity.marker) === true);
        const hits = await search(
          [
            { filters: [{ propertyName: 'email', operator: 'EQ', value: identity.email }] },
            ...(markerField
              ? [
                  {
                    filters: [
                      {
                        propertyName: markerField,
                        operator: 'CONTAINS_TOKEN',
                        value: `*${identity.marker}*`,
                      },
                    ],
                  },
                ]
              : []),
          ],
          wanted,
          call.signal,
        );
        for (const hit of hits) {
          if (!carries(hit) || records.some((record) => record.id === hit.id)) continue;
          // The index is a snapshot: the contact itself has the current properties (or is gone).
          const current = await read(hit.id, undefined, wanted, call.signal);
          if (current && carries(current)) records.push(current);
        }
        return records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      });
    },

    sweep(call: SweepCall): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const wanted = uniqueNames([
          'email',
          ...(markerField ? [markerField] : []),
          ...(options.properties ?? []),
        ]);
        const created = { propertyName: 'createdate', operator: 'GTE', value: String(call.since.getTime()) };
        const domain = call.syntheticEmail.split('@').at(-1) ?? '';
        const byEmail =
          domain !== '' && !domain.includes('{marker}')
            ? `*@${domain}` // HubSpot's own example of CONTAINS_TOKEN: every address at a domain
            : `*${call.markerPrefix}-*`;
        const groups = [
          { filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: byEmail }, created] },
          ...(markerField
            ? [
                {
                  filters: [
                    {
                      propertyName: markerField,
                      operator: 'CONTAINS_TOKEN',
                      value: `*${call.markerPrefix}-*`,
                    },
                    created,
                  ],
                },
              ]
            : []),
        ];
        const found = await search(groups, wanted, call.signal);
        const unique = [...new Map(found.map((record) => [record.id, record])).values()];
        return unique.filter(
          (record) =>
            record.createdAt.getTime() >= call.since.getTime() &&
            call.markerPattern.test(markerText.crm(record)),
        );
      });
    },

    countCreated(call: CountCall): Promise<number> {
      return guarded(name, call.signal, async () => {
        const wanted = uniqueNames(['email', ...(markerField ? [markerField] : [])]);
        const isSynthetic = syntheticRecordTest(call);
        // Synthetic ones are told apart here, not by a token search: the marker must not be missed.
        const records = await search([{ filters: createdIn(call) }], wanted, call.signal);
        return records.filter((record) => !isSynthetic(record, [record.fields.email ?? ''])).length;
      });
    },

    readLeads(call: LeadCall): Promise<LeadFacts[]> {
      return guarded(name, call.signal, () =>
        readHubspotLeads(call, {
          search: (wanted) => search([{ filters: createdIn(call) }], wanted, call.signal),
          readHistory: (ids, property) => readHistory(ids, property, call.signal),
          probeFields: ['email', ...(markerField ? [markerField] : [])],
        }),
      );
    },

    delete(records: CrmRecord[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = [...new Set(records.map((record) => record.id))];
        requireIds(name, ids);
        const bad = ids.find((id) => !/^\d+$/.test(id));
        if (bad !== undefined)
          throw new ProbeError(name, 'config', `refusing to delete ${JSON.stringify(bad)}: not a HubSpot id`);
        for (const id of ids) {
          const response = await callVendor(
            deps,
            {
              method: 'DELETE',
              url: `${base}/crm/v3/objects/contacts/${id}`,
              headers: headers(),
              secrets,
              signal: call.signal,
            },
            classify,
          );
          if (response.status === 204 || response.status === 200 || response.status === 404) continue;
          refuse(response, `archiving contact ${id}`);
        }
      });
    },
  };
}
