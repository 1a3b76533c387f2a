import type { CutoverConfig, WatchDefinition } from '../../config/index.ts';
import { markerPattern } from '../../foundation/marker.ts';
import type { TargetProbes } from '../../scenario/target-probes.ts';
import type { WatchedSource } from './watch.ts';

/**
 * The watch's sources on one target's probes: each counts through the probe's `countCreated`,
 * told what is synthetic (any marker of the config's prefix, the target's synthetic email
 * pattern) so that cutover's own inquiries are never counted as real ones.
 */
export function watchedSources(
  watch: WatchDefinition,
  config: CutoverConfig,
  targetName: string,
  probes: TargetProbes,
): WatchedSource[] {
  const prefix = config.synthetic.marker;
  const exclude = {
    markerPattern: markerPattern(prefix),
    markerPrefix: prefix,
    syntheticEmail: config.targets[targetName]?.syntheticEmail ?? config.synthetic.email,
  };
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
