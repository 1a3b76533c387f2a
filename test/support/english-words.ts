import { parseDocument } from 'htmlparser2';
import type { AcceptanceReport } from '../../src/report/index.ts';
import { parseAspect } from '../../src/scenario/findings.ts';

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
    'embedded',
    // Kept in Japanese technical writing as it is.
    'iframe',
    'DOM',
    'autoreply',
    'case',
    // Commands typed as they are (npx playwright show-report).
    'npx',
    'playwright',
    'show',
    // Identifiers: t0 (the final click), sha256 (a hash's name), the demo's planted defects D1–D4.
    't0',
    'sha256',
    'd1',
    'd4',
    'd5',
    'd9',
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

type HtmlNode = {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  children?: HtmlNode[];
};

/** The text a reader sees, outside what is data by markup: <code>, <pre>, .mono, lang="en", the frame of a mail. */
function textOf(node: HtmlNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type === 'style' || node.type === 'script' || node.type === 'directive' || node.type === 'comment')
    return '';
  const a = node.attribs ?? {};
  if (node.name && ['code', 'pre', 'iframe', 'title'].includes(node.name)) return '';
  if (a.lang === 'en' || (a.class ?? '').split(' ').includes('mono')) return '';
  return (node.children ?? []).map(textOf).join(' ');
}

/** Every word of the report's data: what came from the site, the scenario and the systems. */
export function dataWords(report: AcceptanceReport): Set<string> {
  const texts: string[] = [report.run.id, report.run.configFile, report.tool.version];
  const walk = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      // The stored English sentences are not data: they are what must not show through.
      if (
        ![
          'reason',
          'details',
          'why',
          'fix',
          'check',
          'verdict',
          'kind',
          'is',
          'because',
          'outcome',
          'result',
          'match',
          'system',
        ].includes(key)
      )
        texts.push(value);
      if (key === 'aspect') {
        const ref = parseAspect(value);
        texts.push(
          'name' in ref ? ref.name : '',
          'field' in ref ? ref.field : '',
          'key' in ref ? ref.key : '',
        );
      }
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, key);
    } else if (value && typeof value === 'object') {
      // The names of a record's properties, an event's params and UTM keys are data too.
      if (['fields', 'params', 'utm'].includes(key)) texts.push(...Object.keys(value));
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(report.cases);
  for (const t of report.run.targets) texts.push(t.name, t.url);
  return wordsOf(...texts);
}

/** The text a reader sees in a page, outside what is data by markup: <code>, <pre>, .mono, lang="en", a mail's frame. */
export function visibleText(page: string): string {
  return textOf(parseDocument(page) as unknown as HtmlNode);
}
