import type { AnalyticsEvent } from '../probe.ts';
import { utmOf } from '../shared/page-utm.ts';

/**
 * The GA4 `/g/collect` wire format (gtag.js / GTM, reverse-engineered; see
 * reference/api-contracts.md §6.1). The query string carries the parameters shared by every event
 * of the request; a batched request carries one event per body line, each an `&`-joined query
 * string whose keys override the URL's. Without a body the URL alone is one event.
 */
export function parseGa4Hit(url: string, body?: string | null): Record<string, string>[] {
  let shared: Record<string, string>;
  try {
    shared = Object.fromEntries(new URL(url).searchParams);
  } catch {
    return [];
  }
  const lines = (body ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return [shared];
  return lines.map((line) => ({ ...shared, ...Object.fromEntries(new URLSearchParams(line)) }));
}

/**
 * One parsed event as an AnalyticsEvent: `en` is the name, `ep.x` / `epn.x` become `x` (the
 * currency `cu` becomes `currency` when no `ep.currency` is given), UTMs come from `dl`.
 * Undefined when the line has no event name.
 */
export function ga4Event(
  params: Record<string, string>,
  seen: { url: string; line?: string; at: Date; source: string },
): AnalyticsEvent | undefined {
  const name = params.en;
  if (!name) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith('ep.') && key.length > 3) out[key.slice(3)] = value;
    else if (key.startsWith('epn.') && key.length > 4) out[key.slice(4)] = value;
  }
  if (params.cu && out.currency === undefined) out.currency = params.cu;
  return {
    name,
    params: out,
    page: params.dl,
    utm: utmOf(params.dl),
    hit: params,
    at: seen.at,
    source: seen.source,
    raw: seen.line ? `${seen.url}\n${seen.line}` : seen.url,
  };
}

/** Every event of one request, in the order the browser batched them. */
export function ga4Events(
  url: string,
  body: string | null | undefined,
  seen: { at: Date; source: string },
): AnalyticsEvent[] {
  const lines = (body ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return parseGa4Hit(url, body)
    .map((params, index) => ga4Event(params, { url, line: lines[index], at: seen.at, source: seen.source }))
    .filter((event): event is AnalyticsEvent => event !== undefined);
}
