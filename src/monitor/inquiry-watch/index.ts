export { baselineWindows, hourBaseline, median } from './baseline.ts';
export { leadQuery, slaReader, watchedSources } from './probe-sources.ts';
export { SlaMetrics } from './sla-metrics.ts';
export { type SlaRound, slaRound, windowShares } from './sla-round.ts';
export { createSlaWatch, type ReadLeads, type SlaWatch } from './sla-watch.ts';
export {
  type CountRealInquiries,
  createInquiryWatch,
  type InquiryWatch,
  type WatchedSource,
} from './watch.ts';
export { WatchMetrics } from './watch-metrics.ts';
export { type CountWindow, dueWindows, HOUR_MS, WEEK_MS } from './windows.ts';
