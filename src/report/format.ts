import { formatDuration } from '../config/duration.ts';
import type { CheckResult } from '../scenario/case-result.ts';

export { formatDuration };

/** "1.2 s / SLA 30 s", "SLA 30 s" (nothing arrived, or an absence window), "" (no timing). */
export function formatDelay(check: Pick<CheckResult, 'delayMs' | 'slaMs'>): string {
  const { delayMs, slaMs } = check;
  if (delayMs !== undefined && slaMs !== undefined)
    return `${formatDuration(delayMs)} / SLA ${formatDuration(slaMs)}`;
  if (delayMs !== undefined) return formatDuration(delayMs);
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
