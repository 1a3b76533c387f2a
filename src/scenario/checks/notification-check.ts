import type { Matcher, NotificationExpectation } from '../../config/index.ts';
import { formatDuration } from '../../foundation/index.ts';
import type { NotificationMessage, NotificationProbe } from '../../probes/index.ts';
import type { CheckResult, NotificationEvidence } from '../case-result.ts';
import { shortDelay } from '../delay.ts';
import { aspect, type Finding } from '../findings.ts';
import { valueFinding, valueFindings } from '../match.ts';
import { type CheckContext, result } from './check-context.ts';
import { type ItemCheckResult, itemCheck } from './item-check.ts';
import { visibleText } from './visible-text.ts';

/**
 * The "Label: value" lines of a notification body (half- or full-width colon), first occurrence
 * per label. A label in 【】 or [] needs no colon: `【会社名】株式会社テスト商事`, the usual form of
 * Japanese form-mail templates.
 */
export function bodyFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    // As a person sees the line: Slack mrkdwn / Markdown marks and link syntax are not part of it.
    const line = visibleText(raw);
    const found =
      /^\s*[【[]([^:：【】[\]\n]{1,40}?)[】\]]\s*[:：]?\s*(.*?)\s*$/.exec(line) ??
      /^\s*([^:：【】[\]\n]{1,40}?)\s*[:：]\s*(.*?)\s*$/.exec(line);
    // A label that keeps its own colon inside the marks (`*会社名:* 値`, a Teams fact "会社名:").
    const label = found?.[1]?.replace(/\s*[:：]\s*$/, '').trim();
    if (found && label && !(label in fields)) fields[label] = (found[2] ?? '').replace(/^[:：]\s*/, '');
  }
  return fields;
}

export async function checkNotification(
  probe: NotificationProbe | undefined,
  expectation: NotificationExpectation | undefined,
  ctx: CheckContext,
): Promise<ItemCheckResult<NotificationMessage>> {
  if (!expectation) return skipped('the scenario expects nothing of the notification');
  if (!probe) return skipped('the target has no notification probe');
  return itemCheck({
    check: 'notification',
    probe,
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
    passed: (found, delay, slaMs) =>
      `notification arrived after ${shortDelay(delay)} (SLA ${formatDuration(slaMs)}): "${found[0]!.subject}"`,
    countAspect: aspect.messagesCount,
    nothing: 'no notification',
  });
}

function skipped(reason: string): { result: CheckResult; found: NotificationMessage[] } {
  return { result: result('notification', new Date(), 'skipped', reason), found: [] };
}

/** What one message shows wrong: recipients, subject, body, then the body's "Label: value" lines. */
function messageFindings(
  message: NotificationMessage,
  expectation: NotificationExpectation,
  item: number | undefined,
): Finding[] {
  const out: Finding[] = [];
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
  for (const matcher of bodies) check(aspect.body, matcher, message.text);
  const fields = bodyFields(message.text);
  out.push(...valueFindings(expectation.fields, (key) => fields[key], aspect.field, item));
  return out;
}

function toEvidence(messages: NotificationMessage[]): NotificationEvidence {
  return {
    kind: 'notification',
    messages: messages.map((m) => ({
      id: m.id,
      receivedAt: m.receivedAt.toISOString(),
      to: m.to,
      from: m.from,
      subject: m.subject,
      fields: bodyFields(m.text),
      excerpt: m.text.length > 1200 ? `${m.text.slice(0, 1200)}…` : m.text,
    })),
  };
}
