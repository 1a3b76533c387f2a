import type { HttpRequest, HttpResponse } from '../../http/client.ts';
import { parseRetryAfter, type ResponseVerdict } from '../../http/retry.ts';
import type { ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { callVendor, excerpt, isRecord, jsonOf } from '../http-call.ts';
import { markerText } from '../marker-text.ts';
import {
  type CaseIdentity,
  type CountCall,
  type CrmProbe,
  type CrmRecord,
  type ProbeCall,
  ProbeError,
  type SweepCall,
} from '../probe.ts';
import { syntheticRecordTest, uniqueNames } from '../shared/crm-fields.ts';
import { FIELD_CODE, type KintoneProbeOptions } from './options.ts';
import { queryString, queryTime, toCrmRecord } from './record.ts';

/** Records per `records.json` page: kintone's largest `limit`. */
const PAGE = 500;
/** Pages one listing reads before it asks for a narrower window (20,000 records). */
const MAX_PAGES = 40;
/** Record ids per `DELETE /k/v1/records.json`: kintone's limit. */
const DELETE_CHUNK = 100;

/** Codes of a request kintone refused for its credentials, whatever the status (GAIA_IA02 comes as 400, once as 520). */
const AUTH_HINTS: Record<string, string> = {
  CB_AU01: 'no credentials reached kintone',
  CB_WA01: 'the credentials were rejected',
  CB_NO02: 'no privilege for this app or record',
  CB_TW02: 'two-factor authentication blocks the REST API for this user',
  GAIA_IA02: 'the API token is not one this app generated (or the app was not updated after generating it)',
  GAIA_NO01: 'the API token lacks a permission this needs: give it View records and Delete records',
};
/** Codes of a request the options got wrong (the app id, a field code). */
const CONFIG_HINTS: Record<string, string> = {
  GAIA_AP01: 'check `app`',
  GAIA_IQ11:
    'a field code in the options (emailField, markerField, createdTimeField) is not one of this app’s',
  GAIA_IQ03:
    'that field’s type does not take this operator: emailField must be a Text or Link field, markerField a text field',
  GAIA_IL23: 'the app is in a guest space, which this probe does not reach',
};
/** The app's database is locked for a moment: retried like an outage. */
const LOCKED = new Set(['GAIA_DA02', 'GAIA_LT01']);

interface KintoneError {
  code: string;
  message: string;
  errors?: unknown;
}

/**
 * kintone (Cybozu): an app's records over the REST API, authenticated by an API token in
 * `X-Cybozu-API-Token`. `find` lists records with the query `emailField = "<email>"` (and, with
 * `markerField`, `or markerField like "<marker>"`, keeping only records that really carry it),
 * every page, by `$id` ascending. Values are unwrapped from kintone's `{ type, value }`
 * (record.ts). A sweep lists the records created since a time (作成日時, floored to the minute
 * kintone keeps) whose email is at the synthetic domain or whose marker field carries the
 * prefix; a count lists the window's records with only the fields that tell synthetic ones apart,
 * and only the number leaves. Cleanup deletes by record id, 100 a request; kintone deletes a
 * request's records all or none, so a request naming one already gone (404 GAIA_RE01) is retried
 * id by id. 429 (GAIA_TO04: too many concurrent requests), 503 and a locked database are retried by
 * the shared policy; an auth code is `auth` at any status.
 */
export function createKintoneProbe(
  options: KintoneProbeOptions,
  deps: ProbeDeps,
): Omit<CrmProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const base = `${options.url.replace(/\/+$/, '')}/k/v1`;
  const token = options.token;
  const secrets = [token];
  const resolution = options.createdAtResolution;
  const { emailField, markerField, createdTimeField } = options;

  const errorOf = (response: HttpResponse): KintoneError | undefined => {
    const body = jsonOf(response);
    if (!isRecord(body) || typeof body.code !== 'string') return undefined;
    return {
      code: body.code,
      message: typeof body.message === 'string' ? body.message : '',
      errors: body.errors,
    };
  };

  const authError = (status: number, error: KintoneError | undefined, what: string): ProbeError => {
    const code = error ? ` ${error.code}` : '';
    const hint = (error && AUTH_HINTS[error.code]) ?? 'the API token was rejected';
    const said = error?.message ? ` (kintone: ${error.message})` : '';
    return new ProbeError(name, 'auth', `kintone answered ${status}${code} for ${what}: ${hint}${said}`);
  };

  const classify =
    (what: string) =>
    (response: HttpResponse): ResponseVerdict | undefined => {
      if (response.status >= 200 && response.status < 300) return undefined;
      const error = errorOf(response);
      if (error && AUTH_HINTS[error.code] !== undefined)
        return { action: 'fail', error: authError(response.status, error, what) };
      if (response.status === 429 || error?.code === 'GAIA_TO04') {
        return {
          action: 'retry',
          reason: 'throttled',
          afterMs: parseRetryAfter(response.headers['retry-after']),
          message: `kintone answered ${response.status}${error ? ` ${error.code}` : ''} for ${what} (too many concurrent requests)`,
        };
      }
      if (error && LOCKED.has(error.code)) {
        return {
          action: 'retry',
          reason: 'unavailable',
          message: `kintone answered ${response.status} ${error.code} for ${what} (the app’s database is locked)`,
        };
      }
      if (response.status === 503 || (response.status >= 500 && !error)) {
        return {
          action: 'retry',
          reason: 'unavailable',
          afterMs: parseRetryAfter(response.headers['retry-after']),
          message: `kintone answered ${response.status} for ${what}`,
        };
      }
      // A kintone error under a 5xx status (older kintone answered 520 to everything) is an answer.
      return { action: 'accept' };
    };

  const refuse = (response: HttpResponse, what: string): never => {
    const error = errorOf(response);
    if (response.status === 401 || response.status === 403 || (error && AUTH_HINTS[error.code] !== undefined))
      throw authError(response.status, error, what);
    if (!error) {
      const reason = response.status === 404 ? 'config' : 'protocol';
      const hint = response.status === 404 ? ` (is ${options.url} a kintone domain?)` : '';
      throw new ProbeError(
        name,
        reason,
        `kintone answered ${response.status} for ${what} without a kintone error${hint}: ${excerpt(response.text)}`,
      );
    }
    const detail = `${error.message}${errorDetail(error.errors)}`;
    const hint = CONFIG_HINTS[error.code];
    if (hint !== undefined) {
      throw new ProbeError(
        name,
        'config',
        `kintone answered ${response.status} ${error.code} for ${what}: ${detail} (${hint})`,
      );
    }
    throw new ProbeError(
      name,
      'protocol',
      `kintone answered ${response.status} ${error.code} for ${what}: ${detail}`,
    );
  };

  const send = (request: Omit<HttpRequest, 'headers' | 'secrets'>, what: string, signal: AbortSignal) =>
    callVendor(
      deps,
      {
        ...request,
        headers: { 'x-cybozu-api-token': token.reveal(), accept: 'application/json' },
        secrets,
        signal,
      },
      classify(what),
    );

  /** One `GET /k/v1/records.json`: the query's records as kintone sends them. */
  const getRecords = async (
    query: string,
    fields: readonly string[] | undefined,
    what: string,
    signal: AbortSignal,
  ): Promise<unknown[]> => {
    const params = [`app=${encodeURIComponent(options.app)}`, `query=${encodeURIComponent(query)}`];
    (fields ?? []).forEach((field, index) => {
      params.push(`${encodeURIComponent(`fields[${index}]`)}=${encodeURIComponent(field)}`);
    });
    const response = await send({ url: `${base}/records.json?${params.join('&')}` }, what, signal);
    if (response.status !== 200) refuse(response, what);
    const body = jsonOf(response);
    if (!isRecord(body) || !Array.isArray(body.records))
      throw new ProbeError(name, 'protocol', `kintone answered ${what} without records`);
    return body.records;
  };

  /**
   * Every record a condition matches, page by page on `$id` (no offset: kintone stops offsets
   * at 10,000); `fields` limits what comes back (`$id` and 作成日時 are added).
   */
  const listAll = async (
    condition: string,
    fields: readonly string[] | undefined,
    wanted: readonly string[],
    what: string,
    signal: AbortSignal,
  ): Promise<CrmRecord[]> => {
    const picked = fields ? uniqueNames(['$id', createdTimeField, ...fields]) : undefined;
    const records: CrmRecord[] = [];
    let after = 0;
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) {
        throw new ProbeError(
          name,
          'protocol',
          `kintone ${what} matches more than ${records.length} records: narrow it (a shorter --since)`,
        );
      }
      const where = `(${condition}) and $id > ${after}`;
      const rows = await getRecords(`${where} order by $id asc limit ${PAGE}`, picked, what, signal);
      for (const row of rows) {
        const record = toCrmRecord(row, wanted, createdTimeField);
        if (!record)
          throw new ProbeError(name, 'protocol', `kintone ${what} returned a record without $id or 作成日時`);
        records.push(record);
        after = Math.max(after, Number(record.id));
      }
      if (rows.length < PAGE) return records;
    }
  };

  /** A time floored to the stamp kintone gives it (作成日時 keeps the minute). */
  const stampOf = (date: Date): Date => new Date(Math.floor(date.getTime() / resolution) * resolution);

  const remove = async (ids: readonly string[], signal: AbortSignal): Promise<void> => {
    const what = `deleting record${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`;
    const response = await send(
      { method: 'DELETE', url: `${base}/records.json`, json: { app: options.app, ids: ids.map(Number) } },
      what,
      signal,
    );
    if (response.status === 200) return;
    if (response.status === 404 && errorOf(response)?.code === 'GAIA_RE01') {
      // One of them is gone already, so kintone deleted none: the rest one by one.
      if (ids.length === 1) return;
      for (const id of ids) await remove([id], signal);
      return;
    }
    refuse(response, what);
  };

  const baseFields = uniqueNames([emailField, ...(markerField ? [markerField] : [])]);
  const carries = (record: CrmRecord, identity: CaseIdentity): boolean =>
    record.fields[emailField]?.toLowerCase() === identity.email.toLowerCase() ||
    (markerField !== undefined && record.fields[markerField]?.includes(identity.marker) === true);

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const byEmail = `${emailField} = ${queryString(identity.email)}`;
        const condition = markerField
          ? `${byEmail} or ${markerField} like ${queryString(identity.marker)}`
          : byEmail;
        const wanted = uniqueNames([...baseFields, ...call.fields]);
        const records = await listAll(condition, undefined, wanted, 'find', call.signal);
        // `like` is kintone's word search: only what really carries the email or the marker is this case's.
        return records
          .filter((record) => carries(record, identity))
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || Number(a.id) - Number(b.id));
      });
    },

    sweep(call: SweepCall): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const since = stampOf(call.since);
        const prefix = `${call.markerPrefix}-`;
        const domain = call.syntheticEmail.split('@').at(-1) ?? '';
        const byEmail = domain !== '' && !domain.includes('{marker}') ? domain : prefix;
        const carrying = [
          `${emailField} like ${queryString(byEmail)}`,
          ...(markerField ? [`${markerField} like ${queryString(prefix)}`] : []),
        ];
        const condition = `${createdTimeField} >= ${queryTime(since)} and (${carrying.join(' or ')})`;
        const records = await listAll(condition, undefined, baseFields, 'sweep', call.signal);
        return records.filter(
          (record) =>
            record.createdAt.getTime() >= since.getTime() && call.markerPattern.test(markerText.crm(record)),
        );
      });
    },

    /**
     * Records whose 作成日時 falls in the window, both ends floored to the minute kintone keeps:
     * consecutive windows then count each record once. Synthetic ones are told apart here, by the
     * email and the marker field, not by kintone's word search.
     */
    countCreated(call: CountCall): Promise<number> {
      return guarded(name, call.signal, async () => {
        const from = stampOf(call.from);
        const to = stampOf(call.to);
        if (to.getTime() <= from.getTime()) return 0;
        const filter = call.filter;
        if (filter && !FIELD_CODE.test(filter.field))
          throw new ProbeError(name, 'config', `not a kintone field code: ${JSON.stringify(filter.field)}`);
        const condition = [
          `${createdTimeField} >= ${queryTime(from)}`,
          `${createdTimeField} < ${queryTime(to)}`,
          ...(filter ? [`${filter.field} in (${queryString(filter.value)})`] : []),
        ].join(' and ');
        const records = await listAll(condition, baseFields, baseFields, 'count', call.signal);
        const isSynthetic = syntheticRecordTest(call);
        return records.filter((record) => !isSynthetic(record, [record.fields[emailField] ?? ''])).length;
      });
    },

    delete(records: CrmRecord[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = [...new Set(records.map((record) => record.id))];
        requireIds(name, ids);
        const bad = ids.find((id) => !/^[1-9]\d*$/.test(id));
        if (bad !== undefined)
          throw new ProbeError(
            name,
            'config',
            `refusing to delete ${JSON.stringify(bad)}: not a kintone record id`,
          );
        for (let at = 0; at < ids.length; at += DELETE_CHUNK)
          await remove(ids.slice(at, at + DELETE_CHUNK), call.signal);
      });
    },
  };
}

/** kintone's `errors` of a CB_VA01, as `query: クエリ記法が間違っています。`. */
function errorDetail(errors: unknown): string {
  if (!isRecord(errors)) return '';
  const parts = Object.entries(errors).map(([key, entry]) => {
    const messages = isRecord(entry) && Array.isArray(entry.messages) ? entry.messages.map(String) : [];
    return `${key}: ${messages.join(' ')}`;
  });
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
