import { reveal, type Secret } from '../../foundation/secret.ts';
import type { HttpResponse } from '../../http/client.ts';
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
import { syntheticRecordTest, textOrNull } from '../shared/crm-fields.ts';
import { parseTimestamp } from '../time.ts';
import { readJsonPath } from './json-path.ts';
import { readRestLeads } from './leads.ts';
import type { RestProbeOptions } from './options.ts';

/**
 * Any CRM with a JSON API: `find` is a URL template with `{email}` (and `{marker}`), URL-encoded;
 * JSON paths (json-path.ts; the options schema refuses one that does not parse) say where the
 * records, and inside each the id, the creation time and the field map are. `delete` is a URL
 * template with `{id}`, called with DELETE. Header values may be secrets.
 * 404 means "none yet"; 401/403 are `auth`; 429 and 5xx go through the shared retry policy.
 * `findByMarker` (with `{marker}`) also finds records whose free text carries the marker — only
 * those that really do count. `sweep` (with `{prefix}` and `{since}`) lists what a sweep looks at
 * in one request; only records carrying a marker are returned. Without it the probe cannot sweep.
 *
 * @example
 * { use: 'rest', find: 'https://crm.example/api/leads?email={email}', records: '$.data',
 *   id: 'id', createdAt: 'created_at', fields: 'attributes', delete: 'https://crm.example/api/leads/{id}',
 *   headers: { authorization: env('CRM_AUTH') } }
 */
export function createRestProbe(options: RestProbeOptions, deps: ProbeDeps): Omit<CrmProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const secrets: Secret[] = Object.values(options.headers).filter(
    (value): value is Secret => typeof value !== 'string',
  );
  const headers = (): Record<string, string> => {
    const out: Record<string, string> = { accept: 'application/json' };
    for (const [key, value] of Object.entries(options.headers)) out[key] = reveal(value);
    return out;
  };

  const refuse = (response: HttpResponse, what: string): never => {
    if (response.status === 401 || response.status === 403) {
      throw new ProbeError(
        name,
        'auth',
        `${name} answered ${response.status} for ${what}: credentials rejected`,
      );
    }
    throw new ProbeError(
      name,
      'protocol',
      `${name} answered ${response.status} for ${what}: ${excerpt(response.text)}`,
    );
  };

  /** One GET of a list template; 404 is an empty list. */
  const list = async (
    url: string,
    what: string,
    fields: readonly string[],
    signal: AbortSignal,
  ): Promise<CrmRecord[]> => {
    const response = await callVendor(deps, { url, headers: headers(), secrets, signal });
    if (response.status === 404) return [];
    if (response.status < 200 || response.status >= 300) refuse(response, what);
    const body = jsonOf(response);
    if (body === undefined)
      throw new ProbeError(name, 'protocol', `${name} ${what} answered ${response.status} without JSON`);
    const found = readJsonPath(body, options.records);
    if (found === undefined || found === null) return [];
    const rows = Array.isArray(found) ? found : [found];
    return rows.map((row, index) => {
      const id = readJsonPath(row, options.id);
      const createdAt = parseTimestamp(readJsonPath(row, options.createdAt));
      if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
        throw new ProbeError(name, 'protocol', `record ${index}: no id at ${options.id}`);
      }
      if (!createdAt)
        throw new ProbeError(name, 'protocol', `record ${index}: no readable time at ${options.createdAt}`);
      const map = readJsonPath(row, options.fields);
      const values: Record<string, string | null> = {};
      for (const field of fields) values[field] = null;
      if (isRecord(map)) for (const [key, value] of Object.entries(map)) values[key] = textOrNull(value);
      const updatedAt = options.updatedAt ? parseTimestamp(readJsonPath(row, options.updatedAt)) : undefined;
      return { id: String(id), createdAt, ...(updatedAt ? { updatedAt } : {}), fields: values };
    });
  };

  /** The real (non-synthetic) records the count template lists for the window. */
  const realCreated = async (template: string, call: CountCall): Promise<CrmRecord[]> => {
    const url = fillTemplate(template, { from: call.from.toISOString(), to: call.to.toISOString() });
    const records = await list(url, 'count', [], call.signal);
    const isSynthetic = syntheticRecordTest(call);
    return records.filter((record) => {
      const created = record.createdAt.getTime();
      return (
        created >= call.from.getTime() &&
        created < call.to.getTime() &&
        (!call.filter || record.fields[call.filter.field] === call.filter.value) &&
        // No known email field: any value that is a synthetic address makes it ours.
        !isSynthetic(
          record,
          Object.values(record.fields).map((value) => value ?? ''),
        )
      );
    });
  };

  const sweepTemplate = options.sweep;
  const countTemplate = options.count;

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]> {
      return guarded(name, call.signal, async () => {
        const values = { email: identity.email, marker: identity.marker };
        const records = await list(fillTemplate(options.find, values), 'find', call.fields, call.signal);
        if (!options.findByMarker) return records;
        const byMarker = await list(
          fillTemplate(options.findByMarker, values),
          'findByMarker',
          call.fields,
          call.signal,
        );
        // An API that ignores an unknown query parameter answers with every record: only those
        // that carry the marker are this case's.
        const carrying = byMarker.filter((record) => markerText.crm(record).includes(identity.marker));
        return [...new Map([...records, ...carrying].map((record) => [record.id, record])).values()];
      });
    },

    ...(sweepTemplate
      ? {
          sweep(call: SweepCall): Promise<CrmRecord[]> {
            return guarded(name, call.signal, async () => {
              const url = fillTemplate(sweepTemplate, {
                prefix: `${call.markerPrefix}-`,
                since: call.since.toISOString(),
              });
              const records = await list(url, 'sweep', [], call.signal);
              return records.filter(
                (record) =>
                  record.createdAt.getTime() >= call.since.getTime() &&
                  call.markerPattern.test(markerText.crm(record)),
              );
            });
          },
        }
      : {}),

    ...(countTemplate
      ? {
          countCreated(call: CountCall): Promise<number> {
            return guarded(name, call.signal, async () => (await realCreated(countTemplate, call)).length);
          },
          readLeads(call: LeadCall): Promise<LeadFacts[]> {
            return guarded(name, call.signal, () =>
              readRestLeads(call, options, {
                leads: () => realCreated(countTemplate, call),
                getJson: async (url, what) => {
                  const response = await callVendor(deps, {
                    url,
                    headers: headers(),
                    secrets,
                    signal: call.signal,
                  });
                  if (response.status === 404) return undefined;
                  if (response.status < 200 || response.status >= 300) refuse(response, what);
                  return jsonOf(response);
                },
                fill: fillTemplate,
              }),
            );
          },
        }
      : {}),

    delete(records: CrmRecord[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = [...new Set(records.map((record) => record.id))];
        requireIds(name, ids);
        const template = options.delete;
        if (!template) {
          throw new ProbeError(
            name,
            'config',
            `${name} has no delete URL template: records ${ids.join(', ')} were left`,
          );
        }
        for (const id of ids) {
          const response = await callVendor(deps, {
            method: 'DELETE',
            url: fillTemplate(template, { id }),
            headers: headers(),
            secrets,
            signal: call.signal,
          });
          if ((response.status >= 200 && response.status < 300) || response.status === 404) continue;
          refuse(response, `delete ${id}`);
        }
      });
    },
  };
}

/** Replaces `{name}` with the URL-encoded value; unknown names stay as written. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? encodeURIComponent(values[key] ?? '') : whole,
  );
}
