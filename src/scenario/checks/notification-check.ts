import type { Matcher, NotificationExpectation } from '../../config/index.ts';
import { formatDuration } from '../../foundation/index.ts';
import type { NotificationMessage, NotificationProbe } from '../../probes/probe.ts';
import type { CheckResult, NotificationEvidence } from '../case-result.ts';
import { type Delay, measureDelay, shortDelay, type TimestampKind, timestampsOf } from '../delay.ts';
import { aspect, type Finding } from '../findings.ts';
import { valueFinding, valueFindings } from '../match.ts';
import { watch } from '../watch.ts';
import {
  type CheckContext,
  errorResult,
  failedResult,
  lateFinding,
  result,
  settled,
} from './check-context.ts';
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
): Promise<{ result: CheckResult; found: NotificationMessage[] }> {
  const startedAt = new Date();
  if (!expectation)
    return {
      result: result(
        'notification',
        startedAt,
        'skipped',
        'the scenario expects nothing of the notification',
      ),
      found: [],
    };
  if (!probe)
    return {
      result: result('notification', startedAt, 'skipped', 'the target has no notification probe'),
      found: [],
    };
  const absence = expectation.none === true;
  const slaMs = expectation.within ?? (absence ? ctx.defaults.absence : ctx.defaults.within);
  let reachedAt: number | undefined;
  let found: NotificationMessage[] = [];
  // When cutover first saw each message (the read that returned it): bounds its delay from above.
  const seenAt = new Map<string, number>();
  try {
    found = await watch({
      read: async (signal) => {
        const messages = await probe.find(ctx.identity, { signal });
        const now = Date.now();
        for (const m of messages) {
          if (!seenAt.has(m.id)) seenAt.set(m.id, Math.min(now, m.observedAt?.getTime() ?? now));
        }
        return messages;
      },
      done: (messages) => {
        if (absence) return messages.length > 0;
        if (messages.length >= (expectation.count ?? 1)) reachedAt ??= Date.now();
        return settled(messages.length, expectation.count, reachedAt, ctx.defaults.settle);
      },
      changed: probe.changed ? (signal) => probe.changed!({ signal }) : undefined,
      wakeAt: () => (reachedAt === undefined ? undefined : reachedAt + ctx.defaults.settle),
      // Past the SLA, keep watching a little: a late item is reported as late (and cleaned up).
      deadline: ctx.lastT0 + slaMs + (absence ? 0 : ctx.defaults.grace),
      signal: ctx.signal,
    });
  } catch (error) {
    return { result: errorResult('notification', startedAt, error, probe.name), found };
  }
  found = [...found].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const evidence = toEvidence(found);
  const base = { probe: probe.name, slaMs, evidence };
  const failed = (findings: Finding[], extra: Partial<CheckResult> = {}) => ({
    result: failedResult('notification', startedAt, findings, { ...base, ...extra }),
    found,
  });
  if (absence) {
    if (found.length === 0) {
      return {
        result: result(
          'notification',
          startedAt,
          'passed',
          `no notification within ${formatDuration(slaMs)}, as expected`,
          base,
        ),
        found,
      };
    }
    return failed([
      {
        aspect: aspect.messagesCount,
        kind: 'unexpected',
        expected: '0',
        actual: String(found.length),
        withinMs: slaMs,
      },
    ]);
  }
  if (found.length === 0) {
    return failed([
      {
        aspect: aspect.messagesCount,
        kind: 'missing',
        expected: String(expectation.count ?? 1),
        actual: '0',
        withinMs: slaMs,
      },
    ]);
  }
  const delay = notificationDelay(found, ctx, timestampsOf(probe), seenAt);
  const delayMs = delay.ms;
  const withDelay = { ...base, delayMs, delay };
  if (expectation.count !== undefined && found.length !== expectation.count) {
    return failed(
      [
        {
          aspect: aspect.messagesCount,
          kind: 'count',
          expected: String(expectation.count),
          actual: String(found.length),
        },
      ],
      { delayMs, delay },
    );
  }
  const findings = found.flatMap((message, i) =>
    messageFindings(message, expectation, found.length > 1 ? i + 1 : undefined),
  );
  if (findings.length > 0) return failed(findings, { delayMs, delay });
  const late = lateFinding(delay, slaMs);
  if (late) return failed([late], { delayMs, delay });
  const reason = `notification arrived after ${shortDelay(delay)} (SLA ${formatDuration(slaMs)}): "${found[0]!.subject}"`;
  return { result: result('notification', startedAt, 'passed', reason, withDelay), found };
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

/** One submission: first mail after t0. Several: the last mail after the last submission's t0. */
function notificationDelay(
  found: NotificationMessage[],
  ctx: CheckContext,
  kind: TimestampKind,
  seenAt: Map<string, number>,
): Delay {
  const [t0, message] =
    ctx.submissions === 1 ? [ctx.identity.t0.getTime(), found[0]!] : [ctx.lastT0, found.at(-1)!];
  return measureDelay(t0, message.receivedAt, kind, seenAt.get(message.id));
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
