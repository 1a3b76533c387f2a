/**
 * English words in a text meant to be Japanese: runs of Latin letters (2 or more) that are neither
 * data nor a name the Japanese text keeps as it is (cutover, CRM, GA4, HubSpot, URL, SHA-256, …).
 */
export const KEPT_AS_IS = new Set(
  [
    'cutover',
    'CRM',
    'GA4',
    'HubSpot',
    'URL',
    'UTM',
    'utm',
    'SHA',
    'sha256sum',
    'report',
    'json',
    'junit',
    'xml',
    'diff',
    'txt',
    'HTML',
    'HTTP',
    'ID',
    'JUnit',
    'JST',
    'UTC',
    'GMT',
    'PDF',
    'WHATWG',
    'Encoding',
    'Standard',
    'UTF',
    'US',
    'ASCII',
    'ISO',
    'JP',
    'Shift_JIS',
    'ms',
    'min',
    'marker',
    'email',
    'id',
    'timestamp',
    'origin',
    'legacy',
    'renewal',
    'autoreply',
    'case',
    // Identifiers: t0 (the final click), sha256 (a hash's name), the demo's planted defects D1–D4.
    't0',
    'sha256',
    'd1',
    'd4',
    'ga4',
  ].map((w) => w.toLowerCase()),
);

/** The Latin words of `text` that are not in `data` (lower-cased words of the data) nor kept as is. */
export function englishWords(text: string, data: ReadonlySet<string> = new Set()): string[] {
  const words = text.match(/[A-Za-z][A-Za-z0-9_]+/g) ?? [];
  return [...new Set(words.filter((w) => !KEPT_AS_IS.has(w.toLowerCase()) && !data.has(w.toLowerCase())))];
}

/** Every Latin word of some data (values from the site, the scenario, the systems), lower-cased. */
export function wordsOf(...texts: string[]): Set<string> {
  return new Set(texts.flatMap((t) => (t.match(/[A-Za-z][A-Za-z0-9_]+/g) ?? []).map((w) => w.toLowerCase())));
}
