/** One GA4 event as `/g/collect` carries it: the URL's shared parameters overlaid by its body line. */
export type Ga4Event = Record<string, string>;

/**
 * Parse a `/g/collect` request (api-contracts §6.1): the URL holds the shared parameters, the
 * body one event per line (each an `&`-joined query string whose keys override the URL's);
 * with no body the URL alone is one event.
 */
export function parseGa4Hit(url: string, body?: string | null): Ga4Event[] {
  const shared = Object.fromEntries(new URL(url).searchParams);
  const lines = (body ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.length > 0 ? lines : ['']).map((line) => ({
    ...shared,
    ...Object.fromEntries(new URLSearchParams(line)),
  }));
}
