import type { CutoverConfig } from '../config/index.ts';
import { markerPattern } from '../foundation/marker.ts';
import {
  type CrmProbe,
  type CrmRecord,
  capabilityGap,
  createProbe,
  markerText,
  type NotificationMessage,
  type NotificationProbe,
  type ProbeDeps,
  ProbeError,
  type ProbeErrorReason,
  type ProbeOptions,
  type SweepCall,
} from '../probes/index.ts';
import { unique } from './clean-up-case.ts';

/**
 * The sweep behind `cutover cleanup`: what cutover runs left behind on each target's notification
 * and CRM systems — from crashed or cancelled runs — listed, and deleted on request. An item
 * counts only if its own text carries a marker of this project (the config's prefix,
 * `ct-YYYYMMDD-xxxxxx`); it is deleted by id with the probe's own `delete`, never by a query, and
 * never with an empty id list. Probes shared by several targets are swept once.
 */

export type SweepSystem = 'notification' | 'crm';

export interface SweptItem {
  system: SweepSystem;
  probe: string;
  /** The targets whose probe this is (one system is often shared by several). */
  targets: string[];
  id: string;
  /** The marker the item carries. */
  marker: string;
  /** The system's receive or creation time, ISO. */
  createdAt: string;
  /** What the item is, for a reader: a mail's subject, a record's email. */
  label: string;
  /** `found` in a dry run; `deleted` or `failed` when asked to delete. */
  result: 'found' | 'deleted' | 'failed';
  reason?: string;
}

export interface SweptProbe {
  system: SweepSystem;
  probe: string;
  use: string;
  targets: string[];
  /** `cannot-sweep`: the probe has no way to list its system; `unreachable`/`error`: it could not read it. */
  status: 'swept' | 'cannot-sweep' | 'unreachable' | 'error';
  reason?: string;
  found: number;
}

export interface SweepReport {
  since: string;
  dryRun: boolean;
  items: SweptItem[];
  probes: SweptProbe[];
}

export interface SweepOptions {
  /** The config, demo:// URLs already resolved. */
  config: CutoverConfig;
  targets: string[];
  /** Only items received or created at or after this moment. */
  since: Date;
  /** Delete what was found; without it nothing is changed (a dry run). */
  delete?: boolean;
  deps: ProbeDeps;
  signal: AbortSignal;
  /** Told about each probe as it is swept, for progress output. */
  onProbe?: (probe: SweptProbe) => void;
}

/** Notification deletes go out in batches of ids (Mailpit, IMAP take many at once); CRM ones one by one. */
const NOTIFICATION_BATCH = 50;

interface Group {
  system: SweepSystem;
  options: ProbeOptions<SweepSystem>;
  syntheticEmail: string;
  targets: string[];
}

export async function sweepTargets(options: SweepOptions): Promise<SweepReport> {
  const { config, since, signal } = options;
  const pattern = markerPattern(config.synthetic.marker);
  const groups = new Map<string, Group>();
  for (const name of options.targets) {
    const target = config.targets[name];
    if (!target) throw new Error(`no target "${name}" in the config`);
    const syntheticEmail = target.syntheticEmail ?? config.synthetic.email;
    const systems = [
      ...target.probes.notification.map((probe) => ['notification', probe] as const),
      ...(target.probes.crm ? [['crm', target.probes.crm] as const] : []),
    ];
    for (const [system, probeOptions] of systems) {
      const key = `${system} ${syntheticEmail} ${JSON.stringify(probeOptions)}`;
      const group = groups.get(key);
      if (group) group.targets.push(name);
      else groups.set(key, { system, options: probeOptions, syntheticEmail, targets: [name] });
    }
  }

  const report: SweepReport = {
    since: since.toISOString(),
    dryRun: options.delete !== true,
    items: [],
    probes: [],
  };
  for (const group of groups.values()) {
    signal.throwIfAborted();
    const call: SweepCall = {
      since,
      markerPattern: pattern,
      markerPrefix: config.synthetic.marker,
      syntheticEmail: group.syntheticEmail,
      signal,
    };
    const { probe, items } = await sweepGroup(group, call, options);
    report.probes.push(probe);
    report.items.push(...items);
    options.onProbe?.(probe);
  }
  return report;
}

async function sweepGroup(
  group: Group,
  call: SweepCall,
  options: SweepOptions,
): Promise<{ probe: SweptProbe; items: SweptItem[] }> {
  const where = {
    system: group.system,
    probe: group.options.name ?? group.options.use,
    targets: group.targets,
  };
  const base = { ...where, use: group.options.use };
  let probe: NotificationProbe | CrmProbe | undefined;
  try {
    const cannot = capabilityGap(group.system, group.options, 'sweep');
    if (cannot !== undefined) {
      return { probe: { ...base, status: 'cannot-sweep', reason: cannot, found: 0 }, items: [] };
    }
    probe = createProbe(group.system, group.options, options.deps);
    const found =
      group.system === 'notification'
        ? await notificationItems(probe as NotificationProbe, call)
        : await crmItems(probe as CrmProbe, call);
    const listed = found.map(({ item, ...rest }) => ({
      item,
      entry: { ...rest, ...where, result: 'found' } as SweptItem,
    }));
    if (options.delete && listed.length > 0) await remove(probe, group.system, listed, call.signal);
    return {
      probe: { ...base, status: 'swept', found: listed.length },
      items: listed.map(({ entry }) => entry),
    };
  } catch (error) {
    if (call.signal.aborted) throw call.signal.reason;
    const reason = error instanceof Error ? error.message : String(error);
    const status = reasonOf(error) === 'unreachable' ? 'unreachable' : 'error';
    return { probe: { ...base, status, reason, found: 0 }, items: [] };
  } finally {
    await probe?.close?.().catch(() => undefined);
  }
}

interface Marked<T> {
  item: T;
  id: string;
  marker: string;
  createdAt: string;
  label: string;
}

async function notificationItems(
  probe: NotificationProbe,
  call: SweepCall,
): Promise<Marked<NotificationMessage>[]> {
  const messages = unique(await probe.sweep!(call));
  return marked(
    messages,
    call,
    markerText.notification,
    (m) => m.receivedAt,
    (m) => m.subject,
  );
}

async function crmItems(probe: CrmProbe, call: SweepCall): Promise<Marked<CrmRecord>[]> {
  const records = unique(await probe.sweep!(call));
  return marked(records, call, markerText.crm, (r) => r.createdAt, recordLabel);
}

/**
 * A record as a person recognises it, whatever the CRM calls its fields: its address (a field
 * named like one — email, Email, メールアドレス — or any value that is one), else its first
 * fields as `name: value`, never a raw JSON dump.
 */
export function recordLabel(record: CrmRecord): string {
  const entries = Object.entries(record.fields).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  const address = /^[^\s@]+@[^\s@]+$/;
  const email =
    entries.find(([key, value]) => /e-?mail|メール/i.test(key) && address.test(value.trim())) ??
    entries.find(([, value]) => address.test(value.trim()));
  if (email) return email[1].trim();
  const shown = entries
    .slice(0, 2)
    .map(([key, value]) => `${key}: ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`);
  return shown.length > 0 ? `record ${record.id} (${shown.join(', ')})` : `record ${record.id}`;
}

/** Only what carries a marker, and only what is new enough: whatever the probe returned, nothing else is listed. */
function marked<T extends { id: string }>(
  items: T[],
  call: SweepCall,
  text: (item: T) => string,
  at: (item: T) => Date,
  label: (item: T) => string,
): Marked<T>[] {
  const out: Marked<T>[] = [];
  for (const item of items) {
    const marker = new RegExp(call.markerPattern.source).exec(text(item))?.[0];
    // Clock resolution of the vendors (Salesforce: whole seconds) is the only allowance.
    if (!marker || item.id.trim() === '' || at(item).getTime() < call.since.getTime() - 999) continue;
    out.push({ item, id: item.id, marker, createdAt: at(item).toISOString(), label: label(item) });
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function remove(
  probe: NotificationProbe | CrmProbe,
  system: SweepSystem,
  listed: Array<{ item: NotificationMessage | CrmRecord; entry: SweptItem }>,
  signal: AbortSignal,
): Promise<void> {
  const size = system === 'notification' ? NOTIFICATION_BATCH : 1;
  for (let start = 0; start < listed.length; start += size) {
    const batch = listed.slice(start, start + size);
    // Never an empty list: Mailpit, for one, deletes EVERY message on an empty delete.
    if (batch.length === 0) continue;
    try {
      const items = batch.map(({ item }) => item);
      if (system === 'notification') {
        await (probe as NotificationProbe).delete(items as NotificationMessage[], { signal });
      } else {
        await (probe as CrmProbe).delete(items as CrmRecord[], { signal });
      }
      for (const { entry } of batch) entry.result = 'deleted';
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const reason = error instanceof Error ? error.message : String(error);
      for (const { entry } of batch) Object.assign(entry, { result: 'failed', reason });
    }
  }
}

function reasonOf(error: unknown): ProbeErrorReason | undefined {
  return error instanceof ProbeError ? error.reason : undefined;
}
