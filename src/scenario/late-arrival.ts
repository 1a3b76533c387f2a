import type { CrmRecord, NotificationMessage, TimestampKind } from '../probes/index.ts';
import type { CheckResult } from './case-result.ts';
import { failedResult } from './checks/check-context.ts';
import { measureDelay, type Observed, rangeOf } from './delay.ts';
import { aspect, type Finding } from './findings.ts';

/**
 * A check that failed only because nothing arrived within its window, when the final read then
 * found the item: the finding becomes `late` (arrived after the window closed), with its delay.
 */
export function arrivedLate(
  check: CheckResult,
  items: Array<NotificationMessage | CrmRecord>,
  lastT0: number,
  probe: { timestamps: TimestampKind },
  observed: Observed,
): CheckResult | undefined {
  const missing = check.findings.find(
    (f) => f.kind === 'missing' && (f.aspect === aspect.messagesCount || f.aspect === aspect.recordsCount),
  );
  if (check.verdict !== 'failed' || !missing || missing.withinMs === undefined) return undefined;
  const at = (item: NotificationMessage | CrmRecord) =>
    'receivedAt' in item ? item.receivedAt : item.createdAt;
  const first = [...items].sort((a, b) => at(a).getTime() - at(b).getTime())[0]!;
  const delay = measureDelay(lastT0, at(first), probe.timestamps, observed);
  const late: Finding = {
    aspect: aspect.delay,
    kind: 'late',
    expected: String(missing.withinMs),
    actual: String(Math.round(delay.ms)),
    range: rangeOf(delay),
    note: 'arrived after the check’s window closed; found by the final read',
  };
  const findings = check.findings.map((f) => (f === missing ? late : f));
  const amended = failedResult(check.check, new Date(check.startedAt), findings, {
    probe: check.probe,
    slaMs: check.slaMs,
    evidence: check.evidence,
    delayMs: delay.ms,
    delay,
    channel: check.channel,
  });
  return { ...amended, reason: `${amended.reason} — late, not missing: it came after the window closed` };
}
