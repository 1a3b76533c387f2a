import { isInScope, type SlaDefinition } from '../../config/index.ts';
import { businessDeadline, businessDurationMs, businessMsBetween } from '../../foundation/business-time.ts';

/**
 * The numbers of the weekly sales/marketing meeting, from the facts of real leads: per period
 * (before and after the cutover date, or the whole span), 問い合わせ件数, 有効問い合わせ率, the first
 * response p50/p90 in business hours, breaches, leads still awaiting, and field completeness.
 * Counts and durations only: what goes into the JSON and HTML names no lead.
 */

/** What the report reads of one real lead (a CRM probe's `readLeads` gives exactly this: no name, no id). */
export interface LeadFacts {
  createdAt: number;
  firstResponseAt: number | undefined;
  scopeValue: string | null;
  carries: Record<string, boolean>;
}

export interface SlaPeriodSummary {
  label: 'before' | 'after' | 'all';
  from: string;
  to: string;
  leads: number;
  inScope: number;
  /** In-scope share, null without leads. */
  validShare: number | null;
  answered: number;
  /** Business hours from receipt to first response of in-scope leads answered; null when none. */
  firstResponseHours: { p50: number | null; p90: number | null };
  /** In-scope leads whose deadline has passed unanswered or answered late. */
  breaches: number;
  /** In-scope leads still without a response at the end of the span. */
  awaiting: number;
  /** Share of leads carrying each watched field; null without leads. */
  completeness: Record<string, number | null>;
}

export interface SlaSummary {
  target: string;
  generatedAt: string;
  since: string;
  until: string;
  cutover: string | null;
  slaBusinessHours: number;
  within: string;
  timeZone: string;
  periods: SlaPeriodSummary[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function summarizePeriod(
  sla: SlaDefinition,
  leads: readonly LeadFacts[],
  label: SlaPeriodSummary['label'],
  from: number,
  to: number,
  now: number,
): SlaPeriodSummary {
  const inPeriod = leads.filter((lead) => lead.createdAt >= from && lead.createdAt < to);
  const inScope = inPeriod.filter((lead) => isInScope(sla, lead.scopeValue));
  const hours: number[] = [];
  let breaches = 0;
  let awaiting = 0;
  for (const lead of inScope) {
    const answered = lead.firstResponseAt !== undefined && lead.firstResponseAt <= now;
    if (answered)
      hours.push(businessMsBetween(sla.calendar, lead.createdAt, lead.firstResponseAt!) / 3_600_000);
    else awaiting++;
    const deadline = businessDeadline(sla.calendar, lead.createdAt, sla.firstResponse.within);
    if (deadline <= now && (!answered || lead.firstResponseAt! > deadline)) breaches++;
  }
  hours.sort((a, b) => a - b);
  const share = (n: number) => (inPeriod.length === 0 ? null : round2(n / inPeriod.length));
  const p50 = percentile(hours, 0.5);
  const p90 = percentile(hours, 0.9);
  return {
    label,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    leads: inPeriod.length,
    inScope: inScope.length,
    validShare: share(inScope.length),
    answered: hours.length,
    firstResponseHours: { p50: p50 === null ? null : round2(p50), p90: p90 === null ? null : round2(p90) },
    breaches,
    awaiting,
    completeness: Object.fromEntries(
      sla.fields.map((field) => [field, share(inPeriod.filter((lead) => lead.carries[field]).length)]),
    ),
  };
}

export function summarizeSla(
  sla: SlaDefinition,
  leads: readonly LeadFacts[],
  span: { target: string; since: number; until: number; cutover?: number },
): SlaSummary {
  const { since, until, cutover } = span;
  const within = sla.firstResponse.within;
  const periods =
    cutover !== undefined && cutover > since && cutover < until
      ? [
          summarizePeriod(sla, leads, 'before', since, cutover, until),
          summarizePeriod(sla, leads, 'after', cutover, until, until),
        ]
      : [summarizePeriod(sla, leads, 'all', since, until, until)];
  return {
    target: span.target,
    generatedAt: new Date(until).toISOString(),
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    cutover: cutover === undefined ? null : new Date(cutover).toISOString(),
    slaBusinessHours: round2(businessDurationMs(sla.firstResponse.within, sla.calendar) / 3_600_000),
    within: `${within.amount} business ${within.unit}${within.amount === 1 ? '' : 's'}`,
    timeZone: sla.calendar.timeZone,
    periods,
  };
}
