import type { Matcher } from '../config/index.ts';

export interface MatchResult {
  ok: boolean;
  /** What was expected and what was found, for the reason line. */
  message: string;
}

/** Checks one value against a scenario matcher. A bare scalar means equals (trimmed). */
export function match(matcher: Matcher, actual: string | null | undefined): MatchResult {
  const found = actual === null || actual === undefined || actual === '' ? undefined : actual;
  const got = found === undefined ? 'got no value' : `got ${quote(found)}`;
  if (typeof matcher !== 'object') return equals(String(matcher), found, got);
  if (matcher.equals !== undefined) return equals(String(matcher.equals), found, got);
  if (matcher.contains !== undefined) {
    const ok = found?.includes(matcher.contains) ?? false;
    return { ok, message: `expected to contain ${quote(matcher.contains)}, ${got}` };
  }
  if (matcher.matches !== undefined) {
    const ok = found !== undefined && new RegExp(matcher.matches, 'u').test(found);
    return { ok, message: `expected to match /${matcher.matches}/, ${got}` };
  }
  if (matcher.present) return { ok: found !== undefined, message: `expected a value, ${got}` };
  return { ok: found === undefined, message: `expected no value, ${got}` };
}

function equals(expected: string, found: string | undefined, got: string): MatchResult {
  return { ok: found?.trim() === expected.trim(), message: `expected ${quote(expected)}, ${got}` };
}

function quote(text: string): string {
  const short = text.length > 120 ? `${text.slice(0, 117)}…` : text;
  return JSON.stringify(short);
}

/** Checks a map of matchers against a record; returns one line per mismatch, prefixed by the key. */
export function mismatches(
  matchers: Record<string, Matcher> | undefined,
  read: (key: string) => string | null | undefined,
): string[] {
  const out: string[] = [];
  for (const [key, matcher] of Object.entries(matchers ?? {})) {
    const result = match(matcher, read(key));
    if (!result.ok) out.push(`${key}: ${result.message}`);
  }
  return out;
}
