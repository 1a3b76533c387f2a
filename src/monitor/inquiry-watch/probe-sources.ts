import type { CutoverConfig, WatchDefinition } from '../../config/index.ts';
import { markerPattern } from '../../foundation/marker.ts';
import type { LeadCall } from '../../probes/index.ts';
import type { TargetProbes } from '../../scenario/target-probes.ts';
import type { ReadLeads } from './sla-watch.ts';
import type { WatchedSource } from './watch.ts';

/** What is synthetic on a target: any marker of the config's prefix, the target's synthetic email pattern. */
function exclusions(config: CutoverConfig, targetName: string) {
  const prefix = config.synthetic.marker;
  return {
    markerPattern: markerPattern(prefix),
    markerPrefix: prefix,
    syntheticEmail: config.targets[targetName]?.syntheticEmail ?? config.synthetic.email,
  };
}

/**
 * A lead read for a watch's `sla` (its window and signal aside): the same exclusions and CRM
 * filter as the count, the first-response sign, the scope field and the watched fields.
 */
export function leadQuery(
  watch: WatchDefinition,
  config: CutoverConfig,
  targetName: string,
): Omit<LeadCall, 'from' | 'to' | 'signal'> {
  const sla = watch.sla;
  if (!sla) throw new TypeError(`the watch of target "${targetName}" has no sla`);
  return {
    ...exclusions(config, targetName),
    ...(watch.crmFilter ? { filter: watch.crmFilter } : {}),
    firstResponse: sla.firstResponse.status
      ? { status: sla.firstResponse.status }
      : { activity: sla.firstResponse.activity! },
    ...(sla.scope ? { scopeField: sla.scope.field } : {}),
    fields: sla.fields,
  };
}

/**
 * The sales SLA watch's reader on the target's CRM probe (`readLeads`), with the same exclusions
 * and CRM filter as the count, and the probe's name as the metrics' `source`.
 */
export function slaReader(
  watch: WatchDefinition,
  config: CutoverConfig,
  targetName: string,
  probes: TargetProbes,
): { source: string; settleMs: number; readLeads: ReadLeads } {
  const sla = watch.sla;
  const probe = probes.crm;
  const readLeads = probe?.readLeads?.bind(probe);
  if (!sla || !probe || !readLeads) {
    // `cutover validate` reports this first (config/cross-check.ts).
    throw new TypeError(`the crm probe of target "${targetName}" cannot read leads for the sales SLA`);
  }
  const query = leadQuery(watch, config, targetName);
  return {
    source: probe.name,
    settleMs: probe.searchLagMs ?? 0,
    readLeads: (window, signal) => readLeads({ ...window, ...query, signal }),
  };
}

/**
 * The watch's sources on one target's probes: each counts through the probe's `countCreated`,
 * told what is synthetic so that cutover's own inquiries are never counted as real ones.
 */
export function watchedSources(
  watch: WatchDefinition,
  config: CutoverConfig,
  targetName: string,
  probes: TargetProbes,
): WatchedSource[] {
  const exclude = exclusions(config, targetName);
  return watch.count.map((source): WatchedSource => {
    // The main notification channel (the first) receives the sales mail of every real inquiry.
    const probe = source === 'notification' ? probes.notifications[0] : probes.crm;
    const countCreated = probe?.countCreated?.bind(probe);
    if (!countCreated) {
      // `cutover validate` reports this first (config/cross-check.ts); a probe built elsewhere may still lack it.
      throw new TypeError(`the ${source} probe of target "${targetName}" cannot count real inquiries`);
    }
    return {
      source,
      settleMs: source === 'crm' ? (probes.crm?.searchLagMs ?? 0) : 5000,
      count: (window, signal) =>
        countCreated({
          ...window,
          ...exclude,
          ...(source === 'crm' && watch.crmFilter ? { filter: watch.crmFilter } : {}),
          signal,
        }),
    };
  });
}
