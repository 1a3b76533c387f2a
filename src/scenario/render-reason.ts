import { en, type Messages } from '../foundation/i18n/index.ts';
import { formatDuration } from '../foundation/index.ts';
import type { CheckResult, Grounds } from './case-result.ts';
import { shortDelay } from './delay.ts';
import { findingsTemplate, renderFindings } from './render-findings.ts';

/**
 * The reason sentence of a check in one language, rendered from its data: a failed check's from
 * its findings, a passed or skipped check's from its grounds. An errored check (and a check of a
 * report written before grounds) keeps the sentence it was written with: a probe's or the
 * browser's own message, which no catalog can hold.
 */
export function reasonIn(check: CheckResult, m: Messages, email?: string): string {
  return wordsIn(check, m, email).reason;
}

/** The reason and the details (one line per finding) in one language; `translated`: rendered from data. */
export function wordsIn(
  check: CheckResult,
  m: Messages,
  email?: string,
): { reason: string; details: string[]; translated: boolean } {
  // The stored words are English, rendered from the same data when the check ended.
  if (m.lang === 'en') return { reason: check.reason, details: check.details, translated: true };
  if (check.verdict === 'failed' && check.findings.length > 0) {
    const words = renderFindings(
      { check: check.check, findings: check.findings, evidence: check.evidence, email },
      findingsTemplate(m),
    );
    return { ...words, translated: true };
  }
  if (check.grounds && (check.verdict === 'passed' || check.verdict === 'skipped'))
    return { reason: groundsSentence(check, check.grounds, m), details: [], translated: true };
  return { reason: check.reason, details: check.details, translated: false };
}

/** What a passed or skipped check rests on, as one sentence: "1 record (59005), updated by the 2nd submission …". */
export function groundsSentence(
  check: Pick<CheckResult, 'check' | 'channel' | 'delay' | 'delayMs' | 'slaMs' | 'evidence'>,
  grounds: Grounds,
  m: Messages = en,
): string {
  const g = m.grounds;
  const sla = check.slaMs === undefined ? '?' : formatDuration(check.slaMs);
  const delay = check.delay
    ? shortDelay(check.delay, m)
    : check.delayMs !== undefined
      ? formatDuration(check.delayMs)
      : '?';
  switch (grounds.is) {
    case 'accepted':
      return g.accepted({
        afterMs: grounds.afterMs === undefined ? undefined : formatDuration(grounds.afterMs),
        submissions: grounds.submissions,
      });
    case 'rejectedAsExpected': {
      const errors = check.evidence?.kind === 'submit' ? check.evidence.fieldErrors : [];
      return g.rejectedAsExpected(errors.map((e) => g.fieldError(e.field, e.message)).join(m.listSeparator));
    }
    case 'arrived':
      return g.arrived({ count: grounds.count, delay, sla, subject: grounds.subject });
    case 'recorded':
      return g.recorded({ count: grounds.count, id: grounds.id, delay, sla, updatedBy: grounds.updatedBy });
    case 'events':
      return g.events({
        events: grounds.events
          .map((e) => (e.none ? g.eventNone(e.name, e.source) : g.eventSeen(e.name, e.source, e.count)))
          .join(m.listSeparator),
        after: check.delayMs === undefined ? undefined : formatDuration(check.delayMs),
        within: sla,
      });
    case 'absent':
      return g.absent(check.check, sla);
    case 'notExpected':
      return g.notExpected(check.check);
    case 'noProbe':
      return g.noProbe(check.check, check.channel);
    case 'notReached':
      return g.notReached(grounds.because);
  }
}
