import type { NotificationExpectation } from '../../config/index.ts';
import { formatDuration } from '../../config/index.ts';
import type { NotificationMessage, NotificationProbe } from '../../probes/probe.ts';
import type { CheckResult, NotificationEvidence } from '../case-result.ts';
import { match, mismatches } from '../match.ts';
import { watch } from '../watch.ts';
import { type CheckContext, delayFrom, errorResult, result, settled } from './check-context.ts';

/**
 * The "Label: value" lines of a notification body (half- or full-width colon), first occurrence
 * per label. A label in 【】 or [] needs no colon: `【会社名】株式会社テスト商事`, the usual form of
 * Japanese form-mail templates.
 */
export function bodyFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const found =
      /^\s*[【[]([^:：【】[\]\n]{1,40}?)[】\]]\s*[:：]?\s*(.*?)\s*$/.exec(line) ??
      /^\s*([^:：【】[\]\n]{1,40}?)\s*[:：]\s*(.*?)\s*$/.exec(line);
    if (found?.[1] && !(found[1] in fields)) fields[found[1]] = found[2] ?? '';
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
  try {
    found = await watch({
      read: (signal) => probe.find(ctx.identity, { signal }),
      done: (messages) => {
        if (absence) return messages.length > 0;
        if (messages.length >= (expectation.count ?? 1)) reachedAt ??= Date.now();
        return settled(messages.length, expectation.count, reachedAt, ctx.defaults.settle);
      },
      changed: probe.changed ? (signal) => probe.changed!({ signal }) : undefined,
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
    const first = found[0]!;
    return {
      result: result(
        'notification',
        startedAt,
        'failed',
        `a notification arrived although none was expected: "${first.subject}" to ${first.to.join(', ')}`,
        base,
      ),
      found,
    };
  }
  if (found.length === 0) {
    return {
      result: result(
        'notification',
        startedAt,
        'failed',
        `no notification arrived within ${formatDuration(slaMs)}`,
        base,
      ),
      found,
    };
  }
  const delayMs = notificationDelay(found, ctx);
  const withDelay = { ...base, delayMs };
  if (expectation.count !== undefined && found.length !== expectation.count) {
    const reason = `${found.length} notifications arrived; expected exactly ${expectation.count}`;
    return { result: result('notification', startedAt, 'failed', reason, withDelay), found };
  }
  const details = found.flatMap((message, i) =>
    messageMismatches(message, expectation).map((m) => (found.length > 1 ? `#${i + 1} ${m}` : m)),
  );
  if (details.length > 0) {
    const reason = `notification ${details[0]}${details.length > 1 ? ` (+${details.length - 1} more)` : ''}`;
    return { result: result('notification', startedAt, 'failed', reason, { ...withDelay, details }), found };
  }
  if (delayMs > slaMs) {
    const reason = `notification arrived after ${formatDuration(delayMs)}; SLA ${formatDuration(slaMs)}`;
    return { result: result('notification', startedAt, 'failed', reason, withDelay), found };
  }
  const reason = `notification arrived after ${formatDuration(delayMs)} (SLA ${formatDuration(slaMs)}): "${found[0]!.subject}"`;
  return { result: result('notification', startedAt, 'passed', reason, withDelay), found };
}

function messageMismatches(message: NotificationMessage, expectation: NotificationExpectation): string[] {
  const out: string[] = [];
  const check = (label: string, matcher: Parameters<typeof match>[0] | undefined, actual: string) => {
    if (matcher === undefined) return;
    const r = match(matcher, actual);
    if (!r.ok) out.push(`${label}: ${r.message}`);
  };
  check('to', expectation.to, message.to.join(', '));
  check('subject', expectation.subject, message.subject);
  const bodies =
    expectation.body === undefined
      ? []
      : Array.isArray(expectation.body)
        ? expectation.body
        : [expectation.body];
  for (const matcher of bodies) check('body', matcher, message.text);
  const fields = bodyFields(message.text);
  out.push(...mismatches(expectation.fields, (key) => fields[key]));
  return out;
}

/** One submission: first mail after t0. Several: the last mail after the last submission's t0. */
function notificationDelay(found: NotificationMessage[], ctx: CheckContext): number {
  if (ctx.submissions === 1) return delayFrom(ctx.identity.t0.getTime(), found[0]!.receivedAt);
  return delayFrom(ctx.lastT0, found.at(-1)!.receivedAt);
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
