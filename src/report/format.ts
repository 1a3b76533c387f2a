import { formatDuration } from '../foundation/duration.ts';
import { en, type Messages } from '../foundation/i18n/index.ts';
import type { CheckResult } from '../scenario/case-result.ts';
import { shortDelay } from '../scenario/delay.ts';

export { formatTime } from '../foundation/i18n/index.ts';
export { formatDuration };

/**
 * "1.2 s / SLA 30 s", "0.3 s (±1 s, IMAP INTERNALDATE) / SLA 30 s" (a coarse stamp: its resolution
 * and source go with it), "SLA 30 s" (nothing arrived, or an absence window), "" (no timing) —
 * in the catalog's words ("1.2 s（期限 30 s）").
 */
export function formatDelay(
  check: Pick<CheckResult, 'delayMs' | 'slaMs' | 'delay'>,
  m: Messages = en,
): string {
  const { delayMs, slaMs } = check;
  const shown = check.delay
    ? shortDelay(check.delay, m)
    : delayMs !== undefined
      ? formatDuration(delayMs)
      : undefined;
  if (shown !== undefined && slaMs !== undefined) return m.delay.withSla(shown, formatDuration(slaMs));
  if (shown !== undefined) return shown;
  if (slaMs !== undefined) return m.delay.slaOnly(formatDuration(slaMs));
  return '';
}

export function overSla(check: Pick<CheckResult, 'delayMs' | 'slaMs'>): boolean {
  return check.delayMs !== undefined && check.slaMs !== undefined && check.delayMs > check.slaMs;
}

/** A check's name in running text and terminal lines: "notification (autoreply)", "通知メール（autoreply）". */
export function checkLabelIn(check: Pick<CheckResult, 'check' | 'channel'>, m: Messages = en): string {
  const name = m.checkName[check.check];
  return check.channel === undefined ? name : m.checkWithChannel(name, check.channel);
}

/** A check as people read its name in the catalog's words: "Notification", "Notification (autoreply)". */
export function checkTitle(check: Pick<CheckResult, 'check' | 'channel'>, m: Messages = en): string {
  const title = m.check[check.check];
  return check.channel === undefined ? title : m.checkWithChannel(title, check.channel);
}
