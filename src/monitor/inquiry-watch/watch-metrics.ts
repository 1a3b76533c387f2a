import type { Counter, Gauge, Registry } from 'prom-client';
import type { WatchSource } from '../../config/index.ts';
import { counterOf, gaugeOf } from '../instrument.ts';
import { METRICS, type MetricLabels } from '../metrics.ts';

/** The real-inquiry watch's instruments (names and labels fixed in METRICS), on the monitor's registry. */
export class WatchMetrics {
  private readonly total: Counter<MetricLabels<'realInquiries'>>;
  private readonly baseline: Gauge<MetricLabels<'realInquiriesBaseline'>>;
  private readonly countedUntilGauge: Gauge<MetricLabels<'realInquiriesCountedUntil'>>;
  private readonly window: Gauge<MetricLabels<'realInquiriesWindow'>>;

  constructor(registry: Registry) {
    this.total = counterOf(METRICS.realInquiries, registry);
    this.baseline = gaugeOf(METRICS.realInquiriesBaseline, registry);
    this.countedUntilGauge = gaugeOf(METRICS.realInquiriesCountedUntil, registry);
    this.window = gaugeOf(METRICS.realInquiriesWindow, registry);
  }

  /** The counter at zero from the start, so `rate()` has a starting point. */
  declare(target: string, sources: readonly WatchSource[], windowMs: number): void {
    this.window.set({ target }, windowMs / 1000);
    for (const source of sources) this.total.inc({ target, source }, 0);
  }

  /** Counting starts (or has reached) this moment: the end of the last window counted. */
  setCountedUntil(target: string, source: WatchSource, until: number): void {
    this.countedUntilGauge.set({ target, source }, until / 1000);
  }

  recordCount(target: string, source: WatchSource, count: number, until: number): void {
    this.total.inc({ target, source }, count);
    this.countedUntilGauge.set({ target, source }, until / 1000);
  }

  setBaseline(target: string, source: WatchSource, perHour: number): void {
    this.baseline.set({ target, source }, perHour);
  }
}
