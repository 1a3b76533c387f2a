import type { CrmRecord, LeadCall, LeadFacts } from '../probe.ts';
import { syntheticRecordTest } from '../shared/crm-fields.ts';
import {
  earliestStamp,
  firstLeaving,
  type HistoryEntry,
  leadFacts,
  leadFieldNames,
} from '../shared/lead-facts.ts';
import { fieldOf, soqlString } from './soql.ts';

/** Ids per `IN (…)`: well inside SOQL's 100,000-character limit. */
const IDS_PER_QUERY = 200;
/** Activity objects whose `WhoId` points at the lead; any other `activity` is a datetime field of the lead. */
const ACTIVITY_OBJECTS = ['Task', 'Event'];

export interface SalesforceLeadReads {
  /** The object's records created in the call's window, with these extra fields. */
  leads(extra: string[]): Promise<CrmRecord[]>;
  /** A SOQL query run to its end (every batch). */
  query(soql: string, fields: string[]): Promise<CrmRecord[]>;
  object: string;
}

const at = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** The window's SOQL conditions, shared with the count (whole seconds, the count's filter). */
export function createdIn(call: { from: Date; to: Date; filter?: { field: string; value: string } }): string {
  return [
    `CreatedDate >= ${at(call.from)}`,
    `CreatedDate < ${at(call.to)}`,
    ...(call.filter ? [`${call.filter.field} = '${soqlString(call.filter.value)}'`] : []),
  ].join(' AND ');
}

/**
 * The real leads of a window as facts. The first response: a status field first leaving its
 * initial values, from the object's field history (`LeadHistory`: `Field`, `NewValue`,
 * `CreatedDate`; the field must have history tracking on); or the first activity — the earliest
 * `Task` (or `Event`) whose `WhoId` is the lead — or the value of a datetime field of the lead.
 */
export async function readSalesforceLeads(call: LeadCall, reads: SalesforceLeadReads): Promise<LeadFacts[]> {
  const sign = call.firstResponse;
  const activityObject =
    'activity' in sign && ACTIVITY_OBJECTS.includes(sign.activity) ? sign.activity : undefined;
  const activityField = 'activity' in sign && !activityObject ? [sign.activity] : [];
  const isSynthetic = syntheticRecordTest(call);
  const leads = (await reads.leads([...leadFieldNames(call), ...activityField])).filter(
    (record) => !isSynthetic(record, [fieldOf(record, 'Email') ?? '']),
  );
  const ids = leads.map((lead) => lead.id);
  const first = new Map<string, number>();
  if ('status' in sign) {
    const history = new Map<string, HistoryEntry[]>();
    for (const rows of await inChunks(ids, (list) =>
      reads.query(
        `SELECT Id, ${reads.object}Id, Field, NewValue, CreatedDate FROM ${reads.object}History WHERE Field = '${soqlString(sign.status.field)}' AND ${reads.object}Id IN (${list}) ORDER BY CreatedDate`,
        [`${reads.object}Id`, 'NewValue'],
      ),
    )) {
      const id = fieldOf(rows, `${reads.object}Id`);
      if (!id) continue;
      const entries = history.get(id) ?? [];
      entries.push({ value: fieldOf(rows, 'NewValue') ?? null, at: rows.createdAt.getTime() });
      history.set(id, entries);
    }
    for (const [id, entries] of history) {
      const time = firstLeaving(entries, sign.status.initial);
      if (time !== undefined) first.set(id, time);
    }
  } else if (activityObject) {
    for (const row of await inChunks(ids, (list) =>
      reads.query(
        `SELECT Id, WhoId, CreatedDate FROM ${activityObject} WHERE WhoId IN (${list}) ORDER BY CreatedDate`,
        ['WhoId'],
      ),
    )) {
      const id = fieldOf(row, 'WhoId');
      const time = row.createdAt.getTime();
      if (id && time < (first.get(id) ?? Number.POSITIVE_INFINITY)) first.set(id, time);
    }
  }
  return leads.map((lead) =>
    leadFacts(
      lead,
      call,
      'activity' in sign && !activityObject
        ? earliestStamp([fieldOf(lead, sign.activity)])
        : first.get(lead.id),
    ),
  );
}

async function inChunks(
  ids: readonly string[],
  run: (list: string) => Promise<CrmRecord[]>,
): Promise<CrmRecord[]> {
  const rows: CrmRecord[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const list = ids
      .slice(i, i + IDS_PER_QUERY)
      .map((id) => `'${soqlString(id)}'`)
      .join(', ');
    rows.push(...(await run(list)));
  }
  return rows;
}
