import type { Matcher } from '../config/index.ts';
import { compileLinear } from '../foundation/linear-regex.ts';
import { type Finding, findingValue, type MatchKind } from './findings.ts';
import { matchPhrase } from './render-findings.ts';

export interface MatchResult {
  ok: boolean;
  /** What was expected and what was found, in words. */
  message: string;
}

interface Compared {
  ok: boolean;
  match: MatchKind;
  expected?: string;
  /** The value found; undefined for none (missing, null or empty). */
  found?: string;
}

function compare(matcher: Matcher, actual: string | null | undefined): Compared {
  const found = actual === null || actual === undefined || actual === '' ? undefined : actual;
  if (typeof matcher !== 'object') return equals(String(matcher), found);
  if (matcher.equals !== undefined) return equals(String(matcher.equals), found);
  if (matcher.contains !== undefined) {
    const ok = found?.includes(matcher.contains) ?? false;
    return { ok, match: 'contains', expected: matcher.contains, found };
  }
  if (matcher.matches !== undefined) {
    // RE2 (linear time): a user's pattern cannot hang the run, whatever the value.
    const ok = found !== undefined && compileLinear(matcher.matches).test(found);
    return { ok, match: 'matches', expected: matcher.matches, found };
  }
  if (matcher.present) return { ok: found !== undefined, match: 'present', found };
  return { ok: found === undefined, match: 'absent', found };
}

function equals(expected: string, found: string | undefined): Compared {
  return { ok: found?.trim() === expected.trim(), match: 'equals', expected, found };
}

/** Checks one value against a scenario matcher. A bare scalar means equals (trimmed). */
export function match(matcher: Matcher, actual: string | null | undefined): MatchResult {
  const c = compare(matcher, actual);
  return { ok: c.ok, message: matchPhrase({ match: c.match, expected: c.expected, actual: c.found }) };
}

/**
 * The finding of one value against a scenario matcher, or undefined when it matches: `missing`
 * (no value), `differs` (another value), or `unexpected` (a value where `absent` was asked).
 */
export function valueFinding(
  aspect: string,
  matcher: Matcher,
  actual: string | null | undefined,
  item?: number,
): Finding | undefined {
  const c = compare(matcher, actual);
  if (c.ok) return undefined;
  const kind = c.match === 'absent' ? 'unexpected' : c.found === undefined ? 'missing' : 'differs';
  return {
    aspect,
    kind,
    match: c.match,
    ...(c.expected === undefined ? {} : { expected: findingValue(c.expected) }),
    ...(c.found === undefined ? {} : { actual: findingValue(c.found) }),
    ...(item === undefined ? {} : { item }),
  };
}

/** The findings of a map of matchers against a record, in the order written; `aspectOf` names each key's aspect. */
export function valueFindings(
  matchers: Record<string, Matcher> | undefined,
  read: (key: string) => string | null | undefined,
  aspectOf: (key: string) => string,
  item?: number,
): Finding[] {
  const out: Finding[] = [];
  for (const [key, matcher] of Object.entries(matchers ?? {})) {
    const finding = valueFinding(aspectOf(key), matcher, read(key), item);
    if (finding) out.push(finding);
  }
  return out;
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
