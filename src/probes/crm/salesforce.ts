import type { CrmProbeOptions } from '../../config/probe-options.schema.ts';
import { reveal, Secret } from '../../config/secret.ts';
import type { HttpRequest, HttpResponse } from '../../http/client.ts';
import type { ResponseVerdict } from '../../http/retry.ts';
import type { ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { callVendor, excerpt, isRecord, jsonOf } from '../http-call.ts';
import { type CaseIdentity, type CrmProbe, type CrmRecord, type ProbeCall, ProbeError } from '../probe.ts';
import { parseTimestamp } from '../time.ts';
import { textOrNull, uniqueNames } from './fields.ts';

export type SalesforceProbeOptions = Extract<CrmProbeOptions, { use: 'salesforce' }>;

const NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;
const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const MAX_PAGES = 20;

interface Session {
  accessToken: Secret;
  instanceUrl: string;
}

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

/**
 * Salesforce REST. A client-credentials token from `loginUrl/services/oauth2/token`, cached and
 * refreshed once when a call answers 401 INVALID_SESSION_ID. Finds records with SOQL
 * `WHERE Email = '<escaped>' ORDER BY CreatedDate DESC`, URL-encoded so the `+` of a
 * plus-address travels as `%2B` (a bare `+` would arrive as a space), following
 * `nextRecordsUrl`. 403 REQUEST_LIMIT_EXCEEDED is throttling (Salesforce does not use 429).
 * Error bodies are JSON arrays. Cleanup deletes by Id (→ 204, into the Recycle Bin).
 */
export function salesforce(options: SalesforceProbeOptions, deps: ProbeDeps): CrmProbe {
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

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const fields = uniqueNames(['Id', 'CreatedDate', ...options.fields, ...call.fields], true);
        const badName = [options.object, ...fields].find((field) => !NAME.test(field));
        if (badName !== undefined) {
          throw new ProbeError(name, 'config', `not a Salesforce API name: ${JSON.stringify(badName)}`);
        }
        const soql = `SELECT ${fields.join(', ')} FROM ${options.object} WHERE Email = '${soqlString(identity.email)}' ORDER BY CreatedDate DESC`;
        const records: CrmRecord[] = [];
        let next: string | undefined =
          `/services/data/${options.apiVersion}/query?q=${encodeURIComponent(soql)}`;
        for (let page = 0; next && page < MAX_PAGES; page++) {
          const path: string = next;
          const { response } = await api(call.signal, (current) => ({
            url: `${current.instanceUrl}${path}`,
          }));
          if (response.status !== 200) refuse(response, 'the SOQL query');
          const body = jsonOf(response);
          if (!isRecord(body) || !Array.isArray(body.records)) {
            throw new ProbeError(name, 'protocol', 'Salesforce query answered without records');
          }
          for (const row of body.records) {
            const record = toRecord(row, fields);
            if (!record)
              throw new ProbeError(
                name,
                'protocol',
                'Salesforce returned a record without Id or CreatedDate',
              );
            records.push(record);
          }
          next =
            body.done === false && typeof body.nextRecordsUrl === 'string' ? body.nextRecordsUrl : undefined;
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
      });
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
        if (!NAME.test(options.object))
          throw new ProbeError(name, 'config', `not a Salesforce object: ${options.object}`);
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

function toRecord(row: unknown, fields: string[]): CrmRecord | undefined {
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
