import { z } from 'zod';
import { describeValue } from './problems.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(?:(\d+(?:\.\d+)?)(ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Parses "500ms", "90s", "5m", "1h30m" into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Math.round(total);
}

const DAY_MS = 86_400_000;

/**
 * A period to look back or keep for, in milliseconds: days ("7d") or a duration ("36h", "90m",
 * "1h30m"); undefined when the text is neither. For command-line options that span days (how far
 * back to sweep, how long to keep evidence), where the files' durations stop at hours.
 */
export function parsePeriod(text: string): number | undefined {
  const days = /^(\d+(?:\.\d+)?)d$/.exec(text);
  return days ? Math.round(Number(days[1]) * DAY_MS) : parseDuration(text);
}

/** Formats milliseconds the way people read delays: "850 ms", "7.2 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

function trim(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

/**
 * The upper bounds of durations in config, scenario and monitor files (README, "Scenario
 * reference"). A deadline beyond them is a typo, not a plan — and past ~24.8 days Node's timers
 * fire at once, so an unbounded "99999999h" would not wait at all.
 */
export const DURATION_LIMITS = {
  /** Any duration, and every SLA (`within`, monitor `interval`, `timeout`, `sla`). */
  any: 24 * 3_600_000,
  /** One whole case run (`defaults.caseTimeout`), how long an absence is waited out, the grace. */
  case: 3_600_000,
  /** One page step (`defaults.submitTimeout`, `expect.submit.within`, `sla.submit`), `settle`. */
  step: 10 * 60_000,
} as const;

/** A duration written the way the files write them: "24h", "10m", "90s", "500ms". */
export function durationText(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * A duration written as a string ("90s", "5m"), parsed to milliseconds, between `min` and `max`
 * (default: up to {@link DURATION_LIMITS.any}). A value out of bounds is named with the bound.
 */
export function boundedDuration(max: number = DURATION_LIMITS.any, min = 0) {
  const range = min > 0 ? `from ${durationText(min)} to ${durationText(max)}` : `up to ${durationText(max)}`;
  return z
    .string({
      error: (issue) => `expected a duration like "90s" or "5m", got ${describeValue(issue.input)}`,
    })
    .superRefine((text, ctx) => {
      const ms = parseDuration(text);
      const message =
        ms === undefined
          ? `expected a duration like "90s" or "5m", got ${JSON.stringify(text)}`
          : ms > max
            ? `expected a duration of at most ${durationText(max)}, got ${JSON.stringify(text)}`
            : ms < min
              ? `expected a duration of at least ${durationText(min)}, got ${JSON.stringify(text)}`
              : undefined;
      if (message) ctx.addIssue({ code: 'custom', input: text, message });
    })
    .transform((text) => parseDuration(text) as number)
    .meta({
      title: 'duration',
      examples: ['30s', '5m'],
      description: `A duration ${range}: a number with ms, s, m or h ("90s", "5m", "1h30m").`,
    });
}

/** A duration written as a string ("90s", "5m"), parsed to milliseconds; at most 24h. */
export const durationSchema = boundedDuration();
