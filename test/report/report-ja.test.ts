import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { ja } from '../../src/foundation/i18n/index.ts';
import { diffReports, renderDiffHtml, renderDiffText, renderReportHtml } from '../../src/report/index.ts';
import { parseAspect } from '../../src/scenario/findings.ts';
import { englishWords, wordsOf } from '../support/english-words.ts';
import { RUNS, reportOf } from './helpers.ts';

/**
 * A report rendered in Japanese reads as Japanese: every word a reader sees is Japanese, data (the
 * site's titles, values, ids, URLs) or a name kept as it is. Text cutover cannot translate (a
 * probe's own error message) is marked lang="en" and left out.
 */
type Node = {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  children?: Node[];
};

/** The text a reader sees, outside what is data by markup: <code>, <pre>, .mono, lang="en", the frame of a mail. */
function visibleText(node: Node): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type === 'style' || node.type === 'script' || node.type === 'directive' || node.type === 'comment')
    return '';
  const a = node.attribs ?? {};
  if (node.name && ['code', 'pre', 'iframe', 'title'].includes(node.name)) return '';
  if (a.lang === 'en' || (a.class ?? '').split(' ').includes('mono')) return '';
  return (node.children ?? []).map(visibleText).join(' ');
}

/** Every word of the report's data: what came from the site, the scenario and the systems. */
function dataWords(report: ReturnType<typeof reportOf>): Set<string> {
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

describe('the acceptance report in Japanese', () => {
  const report = reportOf(RUNS.legacy, RUNS.renewalDefects);
  const page = renderReportHtml(report, { sha256: 'ab'.repeat(32), lang: 'ja', timeZone: 'Asia/Tokyo' });
  const text = visibleText(parseDocument(page) as unknown as Node);

  it('has no English UI word: only data and names kept as they are (cutover, CRM, GA4, URL …)', () => {
    expect(englishWords(text, new Set([...dataWords(report), 'ab'.repeat(32)]))).toEqual([]);
  });

  it('speaks the words of 検収: 検収報告書, 合格/不合格, 受入基準, 期限, 証跡, 検収者', () => {
    for (const word of [
      '検収報告書',
      '✓ 合格',
      '✗ 不合格',
      '受入基準',
      '期限',
      '証跡',
      '検収者（発注者）',
      '署名・印',
      '日付',
    ])
      expect(text).toContain(word);
  });

  it('names every finding of a failed check in Japanese, none hidden behind "+N more"', () => {
    expect(page).not.toMatch(/\+\d+ more/);
    expect(text).toContain('utm_source: 想定 "newsletter"、実際は値なし');
    expect(text).toContain('utm_medium: 想定 "email"、実際は値なし');
    expect(text).toMatch(/utm_campaign: 想定 "ct-\d{8}-[0-9a-f]{6}"、実際は値なし/);
  });

  it('shows every time in JST, saying so', () => {
    expect(text).toContain('2026-11-26 10:00:00 JST');
    expect(text).not.toMatch(/\d\d:\d\d:\d\d UTC/);
  });

  it('marks what it cannot translate (a probe’s own error) as English instead of passing it off as Japanese', () => {
    expect(page).toContain('<span lang="en">HubSpot answered 401: token rejected</span>');
  });

  it('in UTC, every time says UTC', () => {
    const utc = renderReportHtml(report, { sha256: 'ab'.repeat(32), lang: 'ja', timeZone: 'UTC' });
    expect(utc).toContain('2026-11-26 01:00:00 UTC');
    expect(utc).not.toMatch(/\d\d:\d\d:\d\d JST/);
  });
});

describe('the parity diff in Japanese', () => {
  const legacy = reportOf(RUNS.legacy);
  const renewal = reportOf(RUNS.renewalDefects);
  const result = diffReports(legacy, renewal, { messages: ja });

  it('HTML: no English UI word, the reasons in Japanese', () => {
    const page = renderDiffHtml(result, { lang: 'ja', timeZone: 'Asia/Tokyo' });
    const text = visibleText(parseDocument(page) as unknown as Node);
    // An errored check's reason is a probe's message (HubSpot's 401): quoted as it came, not translated.
    const errors = renewal.cases.flatMap((c) =>
      c.checks.filter((k) => k.verdict === 'error').map((k) => k.reason),
    );
    const data = new Set([...dataWords(legacy), ...dataWords(renewal), ...wordsOf(...errors)]);
    expect(englishWords(text, data)).toEqual([]);
    expect(text).toContain('差分比較: legacy → renewal');
    expect(text).toMatch(/renewal で欠落。この点で不合格: 電話番号: 想定 "03-1234-5678"、実際は値なし/);
    expect(text).toContain('JST');
  });

  it('text: the same words, aligned by terminal width', () => {
    const table = renderDiffText(result, { lang: 'ja' });
    expect(table).toContain('cutover 差分比較');
    expect(table).toMatch(/デグレード \d+ 件: renewal は legacy より悪化しています。/);
    expect(table).not.toMatch(/regression|change\(s\)|does worse|\bpassed\b|\bfailed\b/);
  });

  it('diff data keeps its English reasons: only the documents change language', () => {
    const data = diffReports(legacy, renewal);
    expect(data.differences.map((d) => [d.scenario, d.aspect, d.kind])).toEqual(
      result.differences.map((d) => [d.scenario, d.aspect, d.kind]),
    );
    expect(data.differences.some((d) => d.reason.includes('missing on renewal'))).toBe(true);
  });
});
