import { type CrmRecord, type LeadCall, type LeadFacts, ProbeError } from '../probe.ts';
import { textOrNull } from '../shared/crm-fields.ts';
import { earliestStamp, firstLeaving, type HistoryEntry, leadFacts } from '../shared/lead-facts.ts';
import { parseTimestamp } from '../time.ts';
import { readJsonPath } from './json-path.ts';
import type { RestProbeOptions } from './options.ts';

export interface RestLeadReads {
  /** The real (non-synthetic) records created in the call's window. */
  leads(): Promise<CrmRecord[]>;
  /** One GET of a URL, its JSON body (404: undefined). */
  getJson(url: string, what: string): Promise<unknown>;
  fill(template: string, values: Record<string, string>): string;
}

/**
 * The real leads of a window as facts, for a CRM with a JSON API. The first response: a status
 * field's first change away from its initial values, from the `history` template (one request
 * per lead whose status has left them), or — without one — the record's `updatedAt` once the
 * status has left them (an upper bound, said in the options); or a timestamp field (`activity`).
 */
export async function readRestLeads(
  call: LeadCall,
  options: RestProbeOptions,
  reads: RestLeadReads,
): Promise<LeadFacts[]> {
  const name = options.name ?? options.use;
  const sign = call.firstResponse;
  const records = await reads.leads();
  const facts: LeadFacts[] = [];
  for (const record of records) {
    if ('activity' in sign) {
      facts.push(leadFacts(record, call, earliestStamp([record.fields[sign.activity]])));
      continue;
    }
    const { field, initial } = sign.status;
    const now = record.fields[field] ?? null;
    if (now === null || initial.includes(now)) {
      facts.push(leadFacts(record, call, undefined));
      continue;
    }
    if (options.history) {
      const history = options.history;
      const body = await reads.getJson(reads.fill(history.url, { id: record.id }), 'history');
      const found = body === undefined ? [] : readJsonPath(body, history.records);
      const entries = (Array.isArray(found) ? found : []).flatMap((change): HistoryEntry[] => {
        const when = parseTimestamp(readJsonPath(change, history.at));
        return readJsonPath(change, history.field) === field && when
          ? [{ value: textOrNull(readJsonPath(change, history.value)), at: when.getTime() }]
          : [];
      });
      facts.push(leadFacts(record, call, firstLeaving(entries, initial)));
    } else if (options.updatedAt) {
      facts.push(leadFacts(record, call, record.updatedAt?.getTime()));
    } else {
      throw new ProbeError(
        name,
        'config',
        `${name} cannot tell when ${field} left its initial value: give a \`history\` template or an \`updatedAt\` path`,
      );
    }
  }
  return facts;
}
