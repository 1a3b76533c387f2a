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

/** A duration written as a string ("90s", "5m"), parsed to milliseconds. */
export const durationSchema = z
  .string({ error: (issue) => `expected a duration like "90s" or "5m", got ${describeValue(issue.input)}` })
  .refine((text) => parseDuration(text) !== undefined, {
    error: (issue) => `expected a duration like "90s" or "5m", got ${JSON.stringify(issue.input)}`,
  })
  .transform((text) => parseDuration(text) as number)
  .meta({
    examples: ['30s', '5m'],
    description: 'A duration: a number with ms, s, m or h ("90s", "5m", "1h30m").',
  });
