import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counterOf, gaugeOf, histogramOf } from '../instrument.ts';
import { AWAITING_AGES, METRICS, type MetricLabels } from '../metrics.ts';
import type { SlaRound, SlaWindowShares } from './sla-round.ts';

/** The sales SLA watch's instruments (names and labels fixed in METRICS), on the monitor's registry. */
export class SlaMetrics {
  private readonly firstResponse: Histogram<MetricLabels<'firstResponse'>>;
  private readonly breaches: Counter<MetricLabels<'firstResponseBreaches'>>;
  private readonly awaiting: Gauge<MetricLabels<'leadsAwaiting'>>;
  private readonly overdue: Gauge<MetricLabels<'leadsOverdue'>>;
  private readonly oldest: Gauge<MetricLabels<'oldestUnworkedLead'>>;
  private readonly sla: Gauge<MetricLabels<'firstResponseSla'>>;
  private readonly validRatio: Gauge<MetricLabels<'validInquiryRatio'>>;
  private readonly validBaseline: Gauge<MetricLabels<'validInquiryRatioBaseline'>>;
  private readonly windowLeads: Gauge<MetricLabels<'slaWindowLeads'>>;
  private readonly completeness: Gauge<MetricLabels<'fieldCompleteness'>>;
  private readonly completenessBaseline: Gauge<MetricLabels<'fieldCompletenessBaseline'>>;
  private readonly readUntil: Gauge<MetricLabels<'slaReadUntil'>>;

  constructor(registry: Registry) {
    this.firstResponse = histogramOf(METRICS.firstResponse, registry);
    this.breaches = counterOf(METRICS.firstResponseBreaches, registry);
    this.awaiting = gaugeOf(METRICS.leadsAwaiting, registry);
    this.overdue = gaugeOf(METRICS.leadsOverdue, registry);
    this.oldest = gaugeOf(METRICS.oldestUnworkedLead, registry);
    this.sla = gaugeOf(METRICS.firstResponseSla, registry);
    this.validRatio = gaugeOf(METRICS.validInquiryRatio, registry);
    this.validBaseline = gaugeOf(METRICS.validInquiryRatioBaseline, registry);
    this.windowLeads = gaugeOf(METRICS.slaWindowLeads, registry);
    this.completeness = gaugeOf(METRICS.fieldCompleteness, registry);
    this.completenessBaseline = gaugeOf(METRICS.fieldCompletenessBaseline, registry);
    this.readUntil = gaugeOf(METRICS.slaReadUntil, registry);
  }

  /** Counters at zero and the SLA known from the start, so `increase()` and the rules have a starting point. */
  declare(target: string, source: string, slaSeconds: number, readUntil: number): void {
    this.breaches.inc({ target, source }, 0);
    this.firstResponse.zero({ target, source });
    this.sla.set({ target }, slaSeconds);
    this.readUntil.set({ target }, readUntil / 1000);
  }

  /** One closed window's first responses and breaches. */
  recordWindow(target: string, source: string, round: SlaRound): void {
    for (const seconds of round.firstResponses) this.firstResponse.observe({ target, source }, seconds);
    this.breaches.inc({ target, source }, round.breaches);
  }

  /** The state at the end of the last window read. */
  setState(target: string, round: SlaRound, readUntil: number): void {
    for (const age of AWAITING_AGES) this.awaiting.set({ target, age }, round.awaiting[age]);
    this.overdue.set({ target }, round.overdue);
    this.oldest.set({ target }, round.oldestAwaitingSeconds);
    this.readUntil.set({ target }, readUntil / 1000);
  }

  setShares(target: string, shares: SlaWindowShares): void {
    this.windowLeads.set({ target }, shares.leads);
    if (shares.leads === 0) return; // no share of nothing: the gauges keep their last value
    this.validRatio.set({ target }, shares.validRatio);
    for (const [field, share] of Object.entries(shares.completeness))
      this.completeness.set({ target, field }, share);
  }

  setBaseline(target: string, baseline: Partial<SlaWindowShares>): void {
    if (baseline.validRatio !== undefined) this.validBaseline.set({ target }, baseline.validRatio);
    for (const [field, share] of Object.entries(baseline.completeness ?? {}))
      this.completenessBaseline.set({ target, field }, share);
  }
}
