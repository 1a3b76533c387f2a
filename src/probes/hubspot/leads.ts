import type { CrmRecord, LeadCall, LeadFacts } from '../probe.ts';
import { syntheticRecordTest, uniqueNames } from '../shared/crm-fields.ts';
import {
  earliestStamp,
  firstLeaving,
  type HistoryEntry,
  leadFacts,
  leadFieldNames,
} from '../shared/lead-facts.ts';

export interface HubspotLeadReads {
  /** The search of contacts created in the call's window, with these properties. */
  search(wanted: string[]): Promise<CrmRecord[]>;
  /** One property's history for each of these contact ids. */
  readHistory(ids: readonly string[], property: string): Promise<Map<string, HistoryEntry[]>>;
  /** The properties the probe itself needs to tell synthetic contacts (email, marker field). */
  probeFields: string[];
}

/**
 * The real leads of a window as facts. The first response is read from one property's history
 * (`propertiesWithHistory`): a status (hs_lead_status) first leaving its initial values, or an
 * activity date (notes_last_contacted, "Last Contacted") — its first value is the first logged
 * call, meeting or sales email; a history entry without a readable date counts by its timestamp.
 */
export async function readHubspotLeads(call: LeadCall, reads: HubspotLeadReads): Promise<LeadFacts[]> {
  const wanted = uniqueNames([...reads.probeFields, ...leadFieldNames(call)]);
  const isSynthetic = syntheticRecordTest(call);
  const records = (await reads.search(wanted)).filter(
    (record) => !isSynthetic(record, [record.fields.email ?? '']),
  );
  const sign = call.firstResponse;
  const property = 'status' in sign ? sign.status.field : sign.activity;
  const histories = await reads.readHistory(
    records.map((record) => record.id),
    property,
  );
  return records.map((record) => {
    const history = histories.get(record.id) ?? [];
    const firstResponseAt =
      'status' in sign
        ? firstLeaving(history, sign.status.initial)
        : earliestStamp(history.map((entry) => entry.value ?? entry.at));
    return leadFacts(record, call, firstResponseAt);
  });
}
