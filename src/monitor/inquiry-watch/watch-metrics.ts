import { Counter, Gauge, type Registry } from 'prom-client';
import type { WatchSource } from '../../config/index.ts';
import { METRICS } from '../metrics.ts';

/** The real-inquiry watch's two instruments (names and labels fixed in METRICS), on the monitor's registry. */
export class WatchMetrics {
  private readonly total: Counter<string>;
  private readonly baseline: Gauge<string>;
  private readonly countedUntilGauge: Gauge<string>;
  private readonly window: Gauge<string>;

  constructor(registry: Registry) {
    const registers = [registry];
    const { realInquiries, realInquiriesBaseline, realInquiriesCountedUntil, realInquiriesWindow } = METRICS;
    this.total = new Counter({
      name: realInquiries.name,
      help: realInquiries.help,
      labelNames: realInquiries.labels,
      registers,
    });
    this.baseline = new Gauge({
      name: realInquiriesBaseline.name,
      help: realInquiriesBaseline.help,
      labelNames: realInquiriesBaseline.labels,
      registers,
    });
    this.countedUntilGauge = new Gauge({
      name: realInquiriesCountedUntil.name,
      help: realInquiriesCountedUntil.help,
      labelNames: realInquiriesCountedUntil.labels,
      registers,
    });
    this.window = new Gauge({
      name: realInquiriesWindow.name,
      help: realInquiriesWindow.help,
      labelNames: realInquiriesWindow.labels,
      registers,
    });
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
