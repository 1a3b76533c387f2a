import type { Matcher, NotificationExpectation } from '../../config/index.ts';
import type { NotificationMessage, NotificationProbe } from '../../probes/index.ts';
import type { CheckResult, Grounds, NotificationEvidence } from '../case-result.ts';
import { aspect, type Finding, mojibakeFinding } from '../findings.ts';
import { valueFinding, valueFindings } from '../match.ts';
import { messageFields, readableText } from './body-fields.ts';
import { type CheckContext, groundedResult } from './check-context.ts';
import { type ItemCheckResult, itemCheck } from './item-check.ts';

/** The fields of a plain text (moved to body-fields.ts; kept here for its importers). */
export { bodyFields } from './body-fields.ts';

export async function checkNotification(
  probe: NotificationProbe | undefined,
  expectation: NotificationExpectation | undefined,
  ctx: CheckContext,
): Promise<ItemCheckResult<NotificationMessage>> {
  if (!expectation) return skipped({ is: 'notExpected' });
  if (!probe) return skipped({ is: 'noProbe' });
  return itemCheck({
    check: 'notification',
    probe,
    missesProveAbsence: false,
    expected: expectation,
    ctx,
    read: async (signal) =>
      (await probe.find(ctx.identity, { signal })).sort(
        (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime(),
      ),
    changed: probe.changed ? (signal) => probe.changed!({ signal }) : undefined,
    stampOf: (message) => message.receivedAt,
    observedAt: (message) => message.observedAt,
    // One submission: the first mail after t0. Several: the last mail after the last submission's t0.
    delayOf: (found) =>
      ctx.submissions === 1
        ? { t0: ctx.identity.t0.getTime(), item: found[0]! }
        : { t0: ctx.lastT0, item: found.at(-1)! },
    findings: (found) =>
      found.flatMap((message, i) =>
        messageFindings(message, expectation, found.length > 1 ? i + 1 : undefined),
      ),
    evidence: toEvidence,
    grounds: (found) => ({ is: 'arrived', count: found.length, subject: found[0]!.subject }),
    countAspect: aspect.messagesCount,
  });
}

function skipped(grounds: Grounds): { result: CheckResult; found: NotificationMessage[] } {
  return { result: groundedResult('notification', new Date(), 'skipped', grounds), found: [] };
}

/**
 * What one message shows wrong: parts whose bytes are not in the charset they declare (the reader
 * sees 文字化け, whatever the scenario expects), recipients, subject, body, then the body's fields.
 */
function messageFindings(
  message: NotificationMessage,
  expectation: NotificationExpectation,
  item: number | undefined,
): Finding[] {
  const out: Finding[] = (message.charsetProblems ?? []).map((problem) => mojibakeFinding(problem, item));
  const check = (key: string, matcher: Matcher | undefined, actual: string) => {
    if (matcher === undefined) return;
    const finding = valueFinding(key, matcher, actual, item);
    if (finding) out.push(finding);
  };
  check(aspect.to, expectation.to, message.to.join(', '));
  check(aspect.subject, expectation.subject, message.subject);
  const bodies =
    expectation.body === undefined
      ? []
      : Array.isArray(expectation.body)
        ? expectation.body
        : [expectation.body];
  const text = readableText(message);
  for (const matcher of bodies) check(aspect.body, matcher, text);
  const fields = messageFields(message);
  out.push(...valueFindings(expectation.fields, (key) => fields[key], aspect.field, item));
  return out;
}

/** Longest HTML body kept in the evidence (characters); a longer one is cut, and says so. */
export const EVIDENCE_HTML_MAX = 100_000;

function toEvidence(messages: NotificationMessage[]): NotificationEvidence {
  return {
    kind: 'notification',
    messages: messages.map((m) => {
      const text = readableText(m);
      return {
        id: m.id,
        receivedAt: m.receivedAt.toISOString(),
        to: m.to,
        from: m.from,
        subject: m.subject,
        fields: messageFields(m),
        excerpt: text.length > 1200 ? `${text.slice(0, 1200)}…` : text,
        ...(m.html === undefined
          ? {}
          : m.html.length > EVIDENCE_HTML_MAX
            ? { html: m.html.slice(0, EVIDENCE_HTML_MAX), htmlTruncated: true }
            : { html: m.html }),
      };
    }),
  };
}
