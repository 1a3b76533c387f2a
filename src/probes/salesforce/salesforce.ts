import { reveal, Secret } from '../../foundation/secret.ts';
import type { HttpRequest, HttpResponse } from '../../http/client.ts';
import type { ResponseVerdict } from '../../http/retry.ts';
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
import { syntheticRecordTest, uniqueNames } from '../shared/crm-fields.ts';
import { createdIn, readSalesforceLeads } from './leads.ts';
import { FIELD_PATH, type SalesforceProbeOptions } from './options.ts';
import { fieldOf, soqlLike, soqlString, soslTerm, toRecord } from './soql.ts';

const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const MAX_PAGES = 20;

interface Session {
  accessToken: Secret;
  instanceUrl: string;
}

/**
 * Salesforce REST. A client-credentials token from `loginUrl/services/oauth2/token`, cached and
 * refreshed once when a call answers 401 INVALID_SESSION_ID. Finds records with SOQL
 * `WHERE Email = '<escaped>' ORDER BY CreatedDate DESC`, URL-encoded so the `+` of a
 * plus-address travels as `%2B` (a bare `+` would arrive as a space), following
 * `nextRecordsUrl`. 403 REQUEST_LIMIT_EXCEEDED is throttling (Salesforce does not use 429).
 * Error bodies are JSON arrays. Cleanup deletes by Id (→ 204, into the Recycle Bin).
 * With `markerField` a case also finds records whose field carries its marker: SOQL
 * `OR field LIKE '%marker%'` for a filterable field, or SOSL (`markerSearch: "sosl"`) for a Long
 * Text Area such as Lead.Description, which SOQL cannot filter. A sweep asks SOQL for records
 * created since a time whose Email (or marker field) contains `<prefix>-`, then keeps those that
 * really carry a marker.
 */
export function createSalesforceProbe(
  options: SalesforceProbeOptions,
  deps: ProbeDeps,
): Omit<CrmProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const login = options.loginUrl.replace(/\/+$/, '');
  const baseSecrets: Secret[] = [options.clientSecret];
  if (typeof options.clientId !== 'string') baseSecrets.push(options.clientId);
  let session: Promise<Session> | undefined;

  const secrets = (current?: Session): Secret[] =>
    current ? [...baseSecrets, current.accessToken] : baseSecrets;

  const firstError = (response: HttpResponse): { code: string; message: string } => {
    const body = jsonOf(response);
    const first = Array.isArray(body) ? body[0] : body;
    if (isRecord(first)) {
      const code = String(first.errorCode ?? first.error ?? '');
      const message = String(first.message ?? first.error_description ?? '');
      return { code, message };
    }
    return { code: '', message: excerpt(response.text) };
  };

  const classify = (response: HttpResponse): ResponseVerdict | undefined => {
    if (response.status === 403 && firstError(response).code === 'REQUEST_LIMIT_EXCEEDED') {
      return {
        action: 'retry',
        reason: 'throttled',
        message: 'Salesforce answered 403 REQUEST_LIMIT_EXCEEDED',
      };
    }
    return undefined;
  };

  const authenticate = async (signal: AbortSignal): Promise<Session> => {
    const response = await callVendor(
      deps,
      {
        method: 'POST',
        url: `${login}/services/oauth2/token`,
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: reveal(options.clientId),
          client_secret: options.clientSecret.reveal(),
        }),
        headers: { accept: 'application/json' },
        secrets: baseSecrets,
        signal,
      },
      classify,
    );
    const body = jsonOf(response);
    if (response.status !== 200 || !isRecord(body)) {
      const { code, message } = firstError(response);
      const reason =
        response.status === 400 || response.status === 401 || response.status === 403 ? 'auth' : 'protocol';
      throw new ProbeError(
        name,
        reason,
        `Salesforce answered ${response.status} to the client-credentials login: ${[code, message].filter(Boolean).join(': ') || 'no detail'}`,
      );
    }
    const accessToken = body.access_token;
    const instanceUrl = body.instance_url;
    if (
      typeof accessToken !== 'string' ||
      typeof instanceUrl !== 'string' ||
      !/^https?:\/\//.test(instanceUrl)
    ) {
      throw new ProbeError(
        name,
        'protocol',
        'Salesforce login answered without access_token and instance_url',
      );
    }
    return {
      accessToken: new Secret('SALESFORCE_ACCESS_TOKEN', accessToken),
      instanceUrl: instanceUrl.replace(/\/+$/, ''),
    };
  };

  const currentSession = (signal: AbortSignal): Promise<Session> => {
    session ??= authenticate(signal).catch((error: unknown) => {
      session = undefined;
      throw error;
    });
    return session;
  };

  /** One API call with the cached token; a 401 INVALID_SESSION_ID renews the token once. */
  const api = async (
    signal: AbortSignal,
    request: (current: Session) => Omit<HttpRequest, 'signal'>,
  ): Promise<{ response: HttpResponse; current: Session }> => {
    for (let attempt = 0; ; attempt++) {
      const current = await currentSession(signal);
      const built = request(current);
      const response = await callVendor(
        deps,
        {
          ...built,
          headers: {
            ...built.headers,
            authorization: `Bearer ${current.accessToken.reveal()}`,
            accept: 'application/json',
          },
          secrets: secrets(current),
          signal,
        },
        classify,
      );
      if (response.status !== 401) return { response, current };
      if (attempt === 0) {
        session = undefined;
        continue;
      }
      const { code } = firstError(response);
      throw new ProbeError(
        name,
        'auth',
        `Salesforce answered 401${code ? ` ${code}` : ''}: token rejected after a fresh login`,
      );
    }
  };

  const refuse = (response: HttpResponse, what: string): never => {
    const { code, message } = firstError(response);
    const detail = [code, message].filter(Boolean).join(': ') || 'no detail';
    const reason =
      response.status === 403
        ? 'auth'
        : response.status === 400 || response.status === 404
          ? 'config'
          : 'protocol';
    throw new ProbeError(name, reason, `Salesforce answered ${response.status} for ${what}: ${detail}`);
  };

  const markerField = options.markerField;
  const sosl = options.markerSearch === 'sosl';

  /** The fields to read: the configured ones, the marker field, and what the caller asks for. */
  const fieldsFor = (extra: readonly string[]): string[] => {
    const fields = uniqueNames(
      ['Id', 'CreatedDate', 'Email', ...options.fields, ...(markerField ? [markerField] : []), ...extra],
      true,
    );
    // The options schema refuses a bad object or configured field; a scenario's fields are checked here.
    const badName = fields.find((field) => !FIELD_PATH.test(field));
    if (badName !== undefined) {
      throw new ProbeError(name, 'config', `not a Salesforce API name: ${JSON.stringify(badName)}`);
    }
    return fields;
  };

  /** A SOQL query, every batch (nextRecordsUrl); `complete` refuses to stop short of the end. */
  const query = async (
    soql: string,
    fields: readonly string[],
    signal: AbortSignal,
    complete = false,
  ): Promise<CrmRecord[]> => {
    const records: CrmRecord[] = [];
    let next: string | undefined = `/services/data/${options.apiVersion}/query?q=${encodeURIComponent(soql)}`;
    for (let page = 0; next; page++) {
      if (page >= MAX_PAGES) {
        if (!complete) break;
        throw new ProbeError(
          name,
          'protocol',
          `Salesforce query has more than ${records.length} records: narrow it (a shorter --since)`,
        );
      }
      const path: string = next;
      const { response } = await api(signal, (current) => ({ url: `${current.instanceUrl}${path}` }));
      if (response.status !== 200) refuseQuery(response);
      const body = jsonOf(response);
      if (!isRecord(body) || !Array.isArray(body.records)) {
        throw new ProbeError(name, 'protocol', 'Salesforce query answered without records');
      }
      records.push(...body.records.map((row) => recordOf(row, fields)));
      next = body.done === false && typeof body.nextRecordsUrl === 'string' ? body.nextRecordsUrl : undefined;
      // The token goes wherever `next` points: only ever a path on the instance.
      if (next !== undefined && !/^\/services\/data\//.test(next)) {
        throw new ProbeError(
          name,
          'protocol',
          `Salesforce nextRecordsUrl is not an instance path: ${JSON.stringify(next)}`,
        );
      }
    }
    return records;
  };

  /** A SOSL search (`/search?q=FIND …`): the full-text index, which also covers Long Text Areas. */
  const search = async (
    sosl: string,
    fields: readonly string[],
    signal: AbortSignal,
  ): Promise<CrmRecord[]> => {
    const { response } = await api(signal, (current) => ({
      url: `${current.instanceUrl}/services/data/${options.apiVersion}/search?q=${encodeURIComponent(sosl)}`,
    }));
    if (response.status !== 200) refuse(response, 'the SOSL search');
    const body = jsonOf(response);
    const rows = Array.isArray(body) ? body : isRecord(body) ? body.searchRecords : undefined;
    if (!Array.isArray(rows)) {
      throw new ProbeError(name, 'protocol', 'Salesforce search answered without searchRecords');
    }
    return rows.map((row) => recordOf(row, fields));
  };

  const recordOf = (row: unknown, fields: readonly string[]): CrmRecord => {
    const record = toRecord(row, fields);
    if (!record)
      throw new ProbeError(name, 'protocol', 'Salesforce returned a record without Id or CreatedDate');
    return record;
  };

  const refuseQuery = (response: HttpResponse): never => {
    const { code, message } = firstError(response);
    if (markerField && code === 'INVALID_FIELD' && /filter/i.test(message) && message.includes(markerField)) {
      throw new ProbeError(
        name,
        'config',
        `markerField ${markerField} cannot be filtered in SOQL (${message}): a Long Text Area such as Lead.Description needs markerSearch: "sosl"`,
      );
    }
    return refuse(response, 'the SOQL query');
  };

  const carries = (record: CrmRecord, marker: string): boolean =>
    markerField !== undefined && fieldOf(record, markerField)?.includes(marker) === true;

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const fields = fieldsFor(call.fields);
        const byEmail = `Email = '${soqlString(identity.email)}'`;
        const where =
          markerField && !sosl
            ? `(${byEmail} OR ${markerField} LIKE '%${soqlLike(identity.marker)}%')`
            : byEmail;
        const records = await query(
          `SELECT ${fields.join(', ')} FROM ${options.object} WHERE ${where} ORDER BY CreatedDate DESC`,
          fields,
          call.signal,
        );
        if (markerField && sosl) {
          records.push(
            ...(await search(
              `FIND {"${soslTerm(identity.marker)}"} IN ALL FIELDS RETURNING ${options.object}(${fields.join(', ')})`,
              fields,
              call.signal,
            )),
          );
        }
        const email = identity.email.toLowerCase();
        const ours = records.filter(
          (record) => fieldOf(record, 'Email')?.toLowerCase() === email || carries(record, identity.marker),
        );
        return [...new Map(ours.map((record) => [record.id, record])).values()];
      });
    },

    sweep(call: SweepCall): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const fields = fieldsFor([]);
        const since = call.since.toISOString().replace(/\.\d{3}Z$/, 'Z');
        const prefix = soqlLike(`${call.markerPrefix}-`);
        const like = [`Email LIKE '%${prefix}%'`];
        if (markerField && !sosl) like.push(`${markerField} LIKE '%${prefix}%'`);
        const records = await query(
          `SELECT ${fields.join(', ')} FROM ${options.object} WHERE CreatedDate >= ${since} AND (${like.join(' OR ')}) ORDER BY CreatedDate`,
          fields,
          call.signal,
          true,
        );
        if (markerField && sosl) {
          records.push(
            ...(await search(
              `FIND {${soslTerm(call.markerPrefix)}} IN ALL FIELDS RETURNING ${options.object}(${fields.join(', ')} WHERE CreatedDate >= ${since} ORDER BY CreatedDate LIMIT 2000)`,
              fields,
              call.signal,
            )),
          );
        }
        const unique = [...new Map(records.map((record) => [record.id, record])).values()];
        return unique.filter(
          (record) =>
            record.createdAt.getTime() >= call.since.getTime() - 999 &&
            call.markerPattern.test(markerText.crm(record)),
        );
      });
    },

    /** SOQL on the `CreatedDate` window (and `LeadSource = 'Web'`-style filter); synthetic ones told apart here. */
    countCreated(call: CountCall): Promise<number> {
      return guarded(name, call.signal, async () => {
        const fields = fieldsFor(call.filter ? [call.filter.field] : []);
        const records = await query(
          `SELECT ${fields.join(', ')} FROM ${options.object} WHERE ${createdIn(call)} ORDER BY CreatedDate`,
          fields,
          call.signal,
          true,
        );
        const isSynthetic = syntheticRecordTest(call);
        return records.filter((record) => !isSynthetic(record, [fieldOf(record, 'Email') ?? ''])).length;
      });
    },

    readLeads(call: LeadCall): Promise<LeadFacts[]> {
      return guarded(name, call.signal, () =>
        readSalesforceLeads(call, {
          object: options.object,
          leads: (extra) => {
            const fields = fieldsFor(extra);
            return query(
              `SELECT ${fields.join(', ')} FROM ${options.object} WHERE ${createdIn(call)} ORDER BY CreatedDate`,
              fields,
              call.signal,
              true,
            );
          },
          query: (soql, fields) => query(soql, fields, call.signal, true),
        }),
      );
    },

    delete(records: CrmRecord[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = [...new Set(records.map((record) => record.id))];
        requireIds(name, ids);
        const bad = ids.find((id) => !RECORD_ID.test(id));
        if (bad !== undefined)
          throw new ProbeError(
            name,
            'config',
            `refusing to delete ${JSON.stringify(bad)}: not a Salesforce Id`,
          );
        for (const id of ids) {
          const { response } = await api(call.signal, (current) => ({
            method: 'DELETE',
            url: `${current.instanceUrl}/services/data/${options.apiVersion}/sobjects/${options.object}/${id}`,
          }));
          if (response.status === 204 || response.status === 200) continue;
          const { code } = firstError(response);
          if (response.status === 404 && (code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND')) continue;
          refuse(response, `deleting ${options.object} ${id}`);
        }
      });
    },
  };
}
