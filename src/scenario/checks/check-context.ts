import { type CaseIdentity, ProbeError } from '../../probes/index.ts';
import type { CheckName, CheckResult, Grounds, Verdict } from '../case-result.ts';
import { type Delay, judgeSla, rangeOf } from '../delay.ts';
import { aspect, type Finding } from '../findings.ts';
import { renderFindings } from '../render-findings.ts';
import { groundsSentence } from '../render-reason.ts';
import type { CheckDefaults, DownstreamCheck } from './check-window.ts';

/** What every downstream check is given: who the case is, when it submitted, and its limits. */
export interface CheckContext {
  /** identity.t0 is the final click of the FIRST submission: nothing older belongs to this case. */
  identity: CaseIdentity;
  /** The final click of the last submission, epoch ms: deadlines and delays count from here. */
  lastT0: number;
  submissions: number;
  signal: AbortSignal;
  defaults: CheckDefaults;
  /** Deadlines that replace the scenario's own `within` (the monitor's SLA); an absence keeps its window. */
  sla?: Partial<Record<DownstreamCheck, number>>;
}

export function result(
  check: CheckName,
  startedAt: Date,
  verdict: Verdict,
  reason: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    check,
    verdict,
    reason,
    details: [],
    findings: [],
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    ...extra,
  };
}

/** A passed or skipped check: what it rests on, with the reason rendered from it. */
export function groundedResult(
  check: CheckName,
  startedAt: Date,
  verdict: 'passed' | 'skipped',
  grounds: Grounds,
  extra: Partial<CheckResult> = {},
): CheckResult {
  const base = result(check, startedAt, verdict, '', { ...extra, grounds });
  return { ...base, reason: groundsSentence(base, grounds) };
}

/** A failed check: its findings, with the reason and details rendered from them. */
export function failedResult(
  check: CheckName,
  startedAt: Date,
  findings: Finding[],
  extra: Partial<CheckResult> & { email?: string } = {},
): CheckResult {
  const { email, ...rest } = extra;
  const { reason, details } = renderFindings({ check, findings, evidence: rest.evidence, email });
  return result(check, startedAt, 'failed', reason, { ...rest, details, findings });
}

/** A check that could not find out: the probe failed, or the case was aborted. */
export function errorResult(check: CheckName, startedAt: Date, error: unknown, probe?: string): CheckResult {
  const reason =
    error instanceof ProbeError
      ? error.message
      : isAbort(error)
        ? `the case was stopped before this check finished (${stopCause(error as Error)})`
        : `cutover failed while checking: ${error instanceof Error ? error.message : String(error)}`;
  return result(check, startedAt, 'error', reason, probe ? { probe } : {});
}

function stopCause(error: Error): string {
  if (error.name === 'TimeoutError') return 'its deadline passed';
  return /^this operation was aborted$/i.test(error.message) ? 'cancelled' : error.message;
}

/** A cancel or a deadline, not a fault. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Non-negative delay between t0 and a system's own receive time (clocks of two hosts may disagree slightly). */
export function delayFrom(t0: number, at: Date): number {
  return Math.max(0, at.getTime() - t0);
}

/**
 * A delay not certainly within its SLA, as a `late` finding — late when the lower bound is past
 * the SLA, and also when the SLA lies inside the measured interval (the conservative rule).
 */
export function lateFinding(delay: Delay, slaMs: number): Finding | undefined {
  if (judgeSla(delay, slaMs) === 'within') return undefined;
  return {
    aspect: aspect.delay,
    kind: 'late',
    expected: String(slaMs),
    actual: String(Math.round(delay.ms)),
    range: rangeOf(delay),
  };
}
