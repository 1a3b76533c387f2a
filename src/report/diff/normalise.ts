import type { CaseResult } from '../../scenario/case-result.ts';

/**
 * Run-specific values are replaced by placeholders before two runs are compared, so only what
 * the site does differently remains: the marker, the synthetic email, the ids the systems gave
 * this case's items, timestamps, and the origins (ports) of the sites.
 */
export const PLACEHOLDER = {
  marker: '{marker}',
  email: '{email}',
  id: '{id}',
  timestamp: '{timestamp}',
  origin: '{origin}',
} as const;

/** Any cutover marker, whatever its prefix: `ct-20261126-7f3a9c`. */
const MARKER = /\b[a-z]{1,10}-\d{8}-[0-9a-f]{6}\b/g;
/** Sites on this machine (the demo world, a dev server) get a new port every run. */
const LOOPBACK_ORIGIN = /\bhttps?:\/\/(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?/gi;
const LOOPBACK_ORIGIN_ENCODED =
  /\bhttps?%3A%2F%2F(?:127(?:\.\d{1,3}){3}|localhost|%5B%3A%3A1%5D)(?:%3A\d+)?/gi;
/** A date with a time of day: a moment, always run-specific (ISO 8601, 2026/11/26 10:15, 2026年11月26日 10時15分). */
const DATE_TIME =
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?|\b\d{4}\/\d{1,2}\/\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?|\d{4}年\d{1,2}月\d{1,2}日\s*(?:[(（][^)）]{1,3}[)）]\s*)?\d{1,2}(?:時|:)\d{2}(?:分|:\d{2}(?:秒)?)?(?:\d{1,2}秒)?/g;
/** A date alone is data (a preferred date, a deadline) unless it is the day of the run. */
const DATE_ONLY =
  /\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b|(\d{4})年(\d{1,2})月(\d{1,2})日/g;
const EPOCH = /^\d{10}(?:\d{3})?$/;
const NEAR_MS = 2 * 24 * 3_600_000;

export type Normaliser = (text: string) => string;

/** The normaliser of one case run: knows its marker, email, item ids, origin and run time. */
export function caseNormaliser(c: CaseResult): Normaliser {
  const runAt = Date.parse(c.startedAt);
  const exact: Array<[string, string]> = [];
  const origin = originOf(c.target.url);
  if (origin) exact.push([encodeURIComponent(origin), PLACEHOLDER.origin], [origin, PLACEHOLDER.origin]);
  if (c.email) exact.push([encodeURIComponent(c.email), PLACEHOLDER.email], [c.email, PLACEHOLDER.email]);
  const ids = new Set<string>();
  for (const check of c.checks) {
    const e = check.evidence;
    if (e?.kind === 'notification') for (const m of e.messages) ids.add(m.id);
    if (e?.kind === 'crm') for (const r of e.records) ids.add(r.id);
  }
  // Short ids ("101") are replaced only as whole values: inside text they would hit unrelated digits.
  for (const id of ids) if (id.length >= 6) exact.push([id, PLACEHOLDER.id]);
  if (c.marker) exact.push([c.marker, PLACEHOLDER.marker]);

  return (text: string): string => {
    if (ids.has(text)) return PLACEHOLDER.id;
    if (EPOCH.test(text) && near(Number(text.length === 10 ? `${text}000` : text), runAt)) {
      return PLACEHOLDER.timestamp;
    }
    let out = text;
    for (const [value, placeholder] of exact) out = replaceAllInsensitive(out, value, placeholder);
    return out
      .replace(LOOPBACK_ORIGIN_ENCODED, PLACEHOLDER.origin)
      .replace(LOOPBACK_ORIGIN, PLACEHOLDER.origin)
      .replace(MARKER, PLACEHOLDER.marker)
      .replace(DATE_TIME, PLACEHOLDER.timestamp)
      .replace(DATE_ONLY, (date, ...groups: Array<string | undefined>) => {
        const [y, m, d] = groups.slice(0, 9).filter((g): g is string => g !== undefined);
        const at = Date.UTC(Number(y), Number(m) - 1, Number(d));
        return near(at, runAt) ? PLACEHOLDER.timestamp : date;
      });
  };
}

function near(ms: number, runAt: number): boolean {
  return Number.isFinite(runAt) && Math.abs(ms - runAt) <= NEAR_MS;
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** Emails and hosts are case-insensitive, and CRMs lowercase them. */
function replaceAllInsensitive(text: string, value: string, replacement: string): string {
  if (!value) return text;
  return text.replace(new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), replacement);
}
