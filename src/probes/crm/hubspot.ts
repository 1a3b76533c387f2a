import type { CrmProbeOptions } from '../../config/probe-options.schema.ts';
import type { HttpResponse } from '../../http/client.ts';
import { classifyResponse, type ResponseVerdict } from '../../http/retry.ts';
import type { ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { callVendor, excerpt, isRecord, jsonOf } from '../http-call.ts';
import { type CaseIdentity, type CrmProbe, type CrmRecord, type ProbeCall, ProbeError } from '../probe.ts';
import { parseTimestamp } from '../time.ts';
import { textOrNull, uniqueNames } from './fields.ts';

export type HubspotProbeOptions = Extract<CrmProbeOptions, { use: 'hubspot' }>;

/** HubSpot's two burst windows, as its own Node SDK waits them out. */
const TEN_SECONDLY_MS = 10_000;
const SECONDLY_MS = 1_000;

/**
 * HubSpot CRM v3. Finds the contact with GET `/crm/v3/objects/contacts/{email}?idProperty=email`
 * — a read by unique key, which sees a contact as soon as it exists (the search index lags by
 * seconds to a minute). 404 `OBJECT_NOT_FOUND` is "not there yet". Cleanup archives by id.
 * 429 waits by `policyName` (TEN_SECONDLY_ROLLING ≈ 10 s, the search "secondly" limit ≈ 1 s) and
 * gives up on DAILY; 401/403 are `auth` errors.
 */
export function hubspot(options: HubspotProbeOptions, deps: ProbeDeps): CrmProbe {
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

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const wanted = uniqueNames(['email', ...(options.properties ?? []), ...call.fields]);
        const url = new URL(`${base}/crm/v3/objects/contacts/${encodeURIComponent(identity.email)}`);
        url.searchParams.set('idProperty', 'email');
        url.searchParams.set('properties', wanted.join(','));
        url.searchParams.set('archived', 'false');
        const response = await callVendor(
          deps,
          { url, headers: headers(), secrets, signal: call.signal },
          classify,
        );
        if (response.status === 404) {
          const body = jsonOf(response);
          // HubSpot's own "no such contact" (or a bare 404) is an answer; an HTML page or another
          // API error means the URL is wrong, and must not read as "not there yet" forever.
          if (response.text.trim() === '' || (isRecord(body) && body.category === 'OBJECT_NOT_FOUND'))
            return [];
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
        if (!isRecord(body) || (typeof body.id !== 'string' && typeof body.id !== 'number')) {
          throw new ProbeError(name, 'protocol', 'HubSpot answered 200 without a contact id');
        }
        if (body.archived === true) return [];
        const properties = isRecord(body.properties) ? body.properties : {};
        const createdAt = parseTimestamp(body.createdAt) ?? parseTimestamp(properties.createdate);
        if (!createdAt)
          throw new ProbeError(name, 'protocol', `HubSpot contact ${body.id} has no readable createdAt`);
        const fields: Record<string, string | null> = {};
        for (const key of wanted) fields[key] = null;
        for (const [key, value] of Object.entries(properties)) fields[key] = textOrNull(value);
        return [
          {
            id: String(body.id),
            createdAt,
            updatedAt: parseTimestamp(body.updatedAt),
            fields,
          },
        ];
      });
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
