import type { CleanupEntry } from '../cleanup/clean-up-case.ts';
import type { Caveat } from '../config/vacuous-checks.ts';
import type { AnalyticsEvent } from '../probes/index.ts';
import type { Delay } from './delay.ts';
import type { Finding } from './findings.ts';

export type { CleanupEntry, CleanupOutcome } from '../cleanup/clean-up-case.ts';
export type { Caveat, CaveatKind } from '../config/vacuous-checks.ts';
export type { Finding, FindingKind, MatchKind } from './findings.ts';

export type Verdict = 'passed' | 'failed' | 'error' | 'skipped';
export type CheckName = 'submit' | 'form' | 'notification' | 'crm' | 'analytics';
export const CHECK_NAMES: readonly CheckName[] = ['submit', 'form', 'notification', 'crm', 'analytics'];

/** What the page did with the input. `error`: the site failed (5xx, unreachable); `timeout`: no outcome shown. */
export type SubmitOutcome = 'accepted' | 'rejected' | 'error' | 'timeout';

export interface FieldError {
  field: string;
  message?: string;
}

export interface SubmitEvidence {
  kind: 'submit';
  outcome: SubmitOutcome;
  /** The outcome page's URL with the marker and query kept (no secrets are ever in it). */
  url: string;
  status?: number;
  fieldErrors: FieldError[];
  /** Path of the outcome page's screenshot, relative to the report directory. */
  screenshot?: string;
  /** Page open to outcome shown, of the last submission. */
  durationMs: number;
  submissions: number;
  /** The page step the outcome showed at: opening the form, its confirmation step, or the final submit. */
  step?: 'open' | 'confirm' | 'submit';
  /** How many times the final button was clicked (`expect.submit.clicks`), when more than once. */
  clicks?: number;
  /** The declarative steps taken before the form and between its pages, in order. */
  steps?: Array<{ step: string; phase: string; in: 'page' | 'form'; durationMs: number }>;
  /** The files chosen in file fields of the last submission: name, size and SHA-256 of each. */
  files?: Array<{ field: string; name: string; size: number; sha256: string }>;
}

export interface FormEvidence {
  kind: 'form';
  /** The values the form held just before it was sent, by field key, as a person reads them (null: no such field). */
  values: Record<string, string | null>;
  readAt: string;
}

export interface NotificationEvidence {
  kind: 'notification';
  messages: Array<{
    id: string;
    receivedAt: string;
    to: string[];
    from?: string;
    subject: string;
    /** The body's fields as a person reads them: of its text part, else of its HTML (body-fields.ts). */
    fields: Record<string, string>;
    /** The text a person reads (the text part, else the HTML's visible text), cut at 1,200 characters. */
    excerpt: string;
    /** The HTML body as received (the report shows it in a sandboxed frame), cut at 100,000 characters. */
    html?: string;
    /** The HTML body was longer than `html`. */
    htmlTruncated?: boolean;
  }>;
}

export interface CrmEvidence {
  kind: 'crm';
  records: Array<{
    id: string;
    createdAt: string;
    updatedAt?: string;
    fields: Record<string, string | null>;
  }>;
}

export interface AnalyticsEvidence {
  kind: 'analytics';
  events: Array<Omit<AnalyticsEvent, 'at'> & { at: string }>;
}

export type Evidence = SubmitEvidence | FormEvidence | NotificationEvidence | CrmEvidence | AnalyticsEvidence;

/**
 * What a passed or skipped check rests on, as data: its reason sentence is rendered from it (in
 * any language) together with the check's delay, SLA and evidence. A failed check has findings.
 *
 * - `accepted` / `rejectedAsExpected`: the submit outcome (the field errors are in the evidence).
 * - `arrived`: the notification(s) this case caused; the first one's subject.
 * - `recorded`: the CRM records carrying the synthetic email; `updatedBy`: the submission (1-based)
 *   that updated the first one, when the scenario expects an update (a resubmission).
 * - `events`: each expected analytics event and how often it fired (`none`: it must not fire).
 * - `absent`: nothing arrived within the window, as the scenario expects.
 * - `notExpected`, `noProbe`, `notReached`: why a check was skipped.
 */
export type Grounds =
  | { is: 'accepted'; afterMs?: number; submissions: number }
  | { is: 'rejectedAsExpected' }
  | { is: 'arrived'; count: number; subject: string }
  | { is: 'recorded'; count: number; id: string; updatedBy?: number }
  | { is: 'events'; events: Array<{ name: string; source: string; count: number; none?: true }> }
  | { is: 'absent' }
  | { is: 'notExpected' }
  | { is: 'noProbe' }
  | { is: 'notReached'; because: 'rejected' | 'incomplete' | 'notSubmitted' | 'notRun' };

export interface CheckResult {
  check: CheckName;
  verdict: Verdict;
  /**
   * One sentence a QA person can act on: "CRM utm_source: expected "newsletter", got no value".
   * Of a failed check it is rendered from the findings (render-findings.ts); of any other, it
   * says why it passed, was skipped, or could not find out.
   */
  reason: string;
  /** One line per finding (an errored check may list its errors); read by people, never by cutover. */
  details: string[];
  /** What a failed check found wrong, as data (findings.ts); empty for any other verdict. */
  findings: Finding[];
  /** What a passed or skipped check rests on, as data ({@link Grounds}); absent in reports before it. */
  grounds?: Grounds;
  /** The probe that read the system, e.g. mailpit, hubspot, ga4. */
  probe?: string;
  /**
   * A further notification channel, as the scenario names it (`expect.notifications.<channel>`:
   * autoreply, teams); absent for the main notification and every other check.
   */
  channel?: string;
  startedAt: string;
  endedAt: string;
  /** t0 → the item's arrival: the upper bound of `delay` (what SLAs are judged on). */
  delayMs?: number;
  /** The measured interval, its resolution and source (notification and CRM checks). */
  delay?: Delay;
  /** The deadline the scenario gave (within), or the absence window. */
  slaMs?: number;
  evidence?: Evidence;
  /**
   * Why the scenario's expectation of this check cannot (wholly) fail with the target's probes and
   * the case's inputs — the warnings of `validate` (src/config/vacuous-checks.ts), put on the check
   * by the case runner: a pass here is no verdict on the site. Absent when there is none.
   */
  caveats?: Caveat[];
}

export interface CaseResult {
  scenario: { id: string; title: string; file?: string; tags: string[] };
  target: { name: string; url: string; production: boolean };
  marker: string;
  email: string;
  verdict: Verdict;
  startedAt: string;
  /** The final click of the last submission. */
  t0?: string;
  endedAt: string;
  durationMs: number;
  checks: CheckResult[];
  cleanup: CleanupEntry[];
}

/** A check's key within its case: its name, or `notification:<channel>` for a further channel. */
export function checkKey(check: { check: string; channel?: string }): string {
  return check.channel === undefined ? check.check : `${check.check}:${check.channel}`;
}

/** A check as people read its name: "notification", "notification (autoreply)". */
export function checkLabel(check: { check: string; channel?: string }): string {
  return check.channel === undefined ? check.check : `${check.check} (${check.channel})`;
}

/** The case's verdict: failed if any check failed, else error if any errored, else passed (skips count as passed). */
export function overallVerdict(checks: CheckResult[]): Verdict {
  if (checks.some((c) => c.verdict === 'failed')) return 'failed';
  if (checks.some((c) => c.verdict === 'error')) return 'error';
  if (checks.every((c) => c.verdict === 'skipped')) return 'skipped';
  return 'passed';
}
