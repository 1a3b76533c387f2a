import { describe, expect, it } from 'vitest';
import { ja } from '../../src/foundation/i18n/index.ts';
import { diffReports, renderDiffHtml, renderDiffText, renderReportHtml } from '../../src/report/index.ts';
import { dataWords, englishWords, visibleText, wordsOf } from '../support/english-words.ts';
import { RUNS, reportOf } from './helpers.ts';

/**
 * A report rendered in Japanese reads as Japanese: every word a reader sees is Japanese, data (the
 * site's titles, values, ids, URLs) or a name kept as it is. Text cutover cannot translate (a
 * probe's own error message) is marked lang="en" and left out.
 */
describe('the acceptance report in Japanese', () => {
  const report = reportOf(RUNS.legacy, RUNS.renewalDefects);
  const page = renderReportHtml(report, { sha256: 'ab'.repeat(32), lang: 'ja', timeZone: 'Asia/Tokyo' });
  const text = visibleText(page);

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
    const text = visibleText(page);
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
