import { isInScope, type SlaDefinition } from '../../config/index.ts';
import { businessDayMs, businessDeadline, businessMsBetween } from '../../foundation/business-time.ts';
import type { LeadFacts } from '../../probes/index.ts';
import { AWAITING_AGES } from '../metrics.ts';
import { median } from './baseline.ts';

/**
 * The sales SLA's arithmetic on the facts of real leads, pure: what one closed window adds to
 * the first-response histogram and the breaches, what is awaiting at its end, and the in-scope
 * share and field completeness of a span. Each first response is observed in the window its
 * response falls in, each breach in the window its deadline falls in, so reading the same leads
 * again for the next window counts nothing twice — and a restarted watch nothing twice either.
 */

export type AwaitingAge = (typeof AWAITING_AGES)[number];

export interface SlaRound {
  /** Business seconds from receipt to first response, of responses in the window. */
  firstResponses: number[];
  /** Deadlines that passed in the window without a response by then. */
  breaches: number;
  awaiting: Record<AwaitingAge, number>;
  overdue: number;
  oldestAwaitingSeconds: number;
}

export interface SlaWindowShares {
  leads: number;
  validRatio: number;
  completeness: Record<string, number>;
}

export function isLeadInScope(sla: SlaDefinition, lead: LeadFacts): boolean {
  return isInScope(sla, lead.scopeValue);
}

function ageBucket(ms: number, dayMs: number): AwaitingAge {
  const hour = 3_600_000;
  if (ms < hour) return 'lt_1h';
  if (ms < 4 * hour) return '1h_4h';
  if (ms < dayMs) return '4h_1d';
  if (ms < 3 * dayMs) return '1d_3d';
  return 'gt_3d';
}

/** What the window [from, to) adds, and the state at `to`, from the leads received before `to`. */
export function slaRound(
  sla: SlaDefinition,
  leads: readonly LeadFacts[],
  from: number,
  to: number,
): SlaRound {
  const calendar = sla.calendar;
  const round: SlaRound = {
    firstResponses: [],
    breaches: 0,
    awaiting: Object.fromEntries(AWAITING_AGES.map((age) => [age, 0])) as Record<AwaitingAge, number>,
    overdue: 0,
    oldestAwaitingSeconds: 0,
  };
  for (const lead of leads) {
    if (lead.createdAt >= to || !isLeadInScope(sla, lead)) continue;
    const responded = lead.firstResponseAt;
    if (responded !== undefined && responded >= from && responded < to) {
      round.firstResponses.push(businessMsBetween(calendar, lead.createdAt, responded) / 1000);
    }
    const deadline = businessDeadline(calendar, lead.createdAt, sla.firstResponse.within);
    const late = responded === undefined || responded > deadline;
    if (late && deadline >= from && deadline < to) round.breaches++;
    if (responded === undefined || responded >= to) {
      const age = businessMsBetween(calendar, lead.createdAt, to);
      round.awaiting[ageBucket(age, businessDayMs(calendar))]++;
      if (deadline < to) round.overdue++;
      round.oldestAwaitingSeconds = Math.max(round.oldestAwaitingSeconds, age / 1000);
    }
  }
  return round;
}

/** The in-scope share and each field's completeness among the real leads received in [from, to). */
export function windowShares(
  sla: SlaDefinition,
  leads: readonly LeadFacts[],
  from: number,
  to: number,
): SlaWindowShares {
  const inWindow = leads.filter((lead) => lead.createdAt >= from && lead.createdAt < to);
  const share = (test: (lead: LeadFacts) => boolean) =>
    inWindow.length === 0 ? 0 : inWindow.filter(test).length / inWindow.length;
  return {
    leads: inWindow.length,
    validRatio: share((lead) => isLeadInScope(sla, lead)),
    completeness: Object.fromEntries(
      sla.fields.map((field) => [field, share((lead) => lead.carries[field] === true)]),
    ),
  };
}

/** The median of past windows' shares, ignoring windows without leads (a share of nothing is no evidence). */
export function baselineShares(
  sla: SlaDefinition,
  past: readonly SlaWindowShares[],
): Partial<SlaWindowShares> {
  const seen = past.filter((shares) => shares.leads > 0);
  if (seen.length === 0) return {};
  return {
    validRatio: median(seen.map((shares) => shares.validRatio)),
    completeness: Object.fromEntries(
      sla.fields.map((field) => [field, median(seen.map((shares) => shares.completeness[field] ?? 0))]),
    ),
  };
}
