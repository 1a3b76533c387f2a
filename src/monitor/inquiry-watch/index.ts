export { baselineWindows, hourBaseline, median } from './baseline.ts';
export { watchedSources } from './probe-sources.ts';
export {
  type CountRealInquiries,
  createInquiryWatch,
  type InquiryWatch,
  type WatchedSource,
} from './watch.ts';
export { WatchMetrics } from './watch-metrics.ts';
export { type CountWindow, dueWindows, HOUR_MS, WEEK_MS } from './windows.ts';
