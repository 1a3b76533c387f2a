import { Counter, Gauge, type Registry } from 'prom-client';
import type { WatchSource } from '../../config/index.ts';
import { METRICS } from '../metrics.ts';

/** The real-inquiry watch's two instruments (names and labels fixed in METRICS), on the monitor's registry. */
export class WatchMetrics {
  private readonly total: Counter<string>;
  private readonly baseline: Gauge<string>;

  constructor(registry: Registry) {
    const registers = [registry];
    const { realInquiries, realInquiriesBaseline } = METRICS;
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
  }

  /** The counter at zero from the start, so `increase()` has a starting point. */
  declare(target: string, sources: readonly WatchSource[]): void {
    for (const source of sources) this.total.inc({ target, source }, 0);
  }

  recordCount(target: string, source: WatchSource, count: number): void {
    this.total.inc({ target, source }, count);
  }

  setBaseline(target: string, source: WatchSource, perHour: number): void {
    this.baseline.set({ target, source }, perHour);
  }
}
