import { formatDuration } from '../foundation/duration.ts';
import type { CheckResult } from '../scenario/case-result.ts';
import { shortDelay } from '../scenario/delay.ts';

export { formatDuration };

/**
 * "1.2 s / SLA 30 s", "0.3 s (±1 s, IMAP INTERNALDATE) / SLA 30 s" (a coarse stamp: its resolution
 * and source go with it), "SLA 30 s" (nothing arrived, or an absence window), "" (no timing).
 */
export function formatDelay(check: Pick<CheckResult, 'delayMs' | 'slaMs' | 'delay'>): string {
  const { delayMs, slaMs } = check;
  const shown = check.delay
    ? shortDelay(check.delay)
    : delayMs !== undefined
      ? formatDuration(delayMs)
      : undefined;
  if (shown !== undefined && slaMs !== undefined) return `${shown} / SLA ${formatDuration(slaMs)}`;
  if (shown !== undefined) return shown;
  if (slaMs !== undefined) return `SLA ${formatDuration(slaMs)}`;
  return '';
}

export function overSla(check: Pick<CheckResult, 'delayMs' | 'slaMs'>): boolean {
  return check.delayMs !== undefined && check.slaMs !== undefined && check.delayMs > check.slaMs;
}

/**
 * "2026-11-26 10:15:03 UTC": second precision in one named time zone, so vendor and client read
 * the same clock. Text that is not a timestamp is returned as it is.
 */
export function formatTime(iso: string, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${parts} ${timeZone}`;
}
