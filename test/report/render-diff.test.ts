import { describe, expect, it } from 'vitest';
import {
  type DiffResult,
  diffReports,
  displayWidth,
  padEndWidth,
  renderDiffHtml,
  renderDiffJson,
  renderDiffText,
  truncateWidth,
} from '../../src/report/index.ts';
import { RUNS, reportOf } from './helpers.ts';

const result = diffReports(reportOf(RUNS.legacy), reportOf(RUNS.renewalDefects), {
  baselineFile: 'legacy/report.json',
  candidateFile: 'renewal/report.json',
});

describe('terminal widths', () => {
  it('counts full-width characters as two columns and combining marks as none', () => {
    expect(displayWidth('電話番号')).toBe(8);
    expect(displayWidth('AC-01 対象（UTM）')).toBe(6 + 4 + 2 + 3 + 2);
    expect(displayWidth('ｶﾞ')).toBe(2);
    expect(displayWidth('が')).toBe(2);
    expect(displayWidth('か\u3099')).toBe(2);
    expect(displayWidth('✓ passed')).toBe(8);
    expect(padEndWidth('電話', 6)).toBe('電話  ');
    expect(truncateWidth('株式会社テスト商事', 9)).toBe('株式会社…');
    expect(displayWidth(truncateWidth('株式会社テスト商事', 10))).toBeLessThanOrEqual(10);
  });
});

describe('the terminal table', () => {
  const text = renderDiffText(result);

  it('names both sides, counts, and lists each difference under its scenario', () => {
    expect(text).toContain('baseline   legacy   http://127.0.0.1:41001  (legacy/report.json)');
    expect(text).toContain('candidate  renewal  http://127.0.0.1:41003  (renewal/report.json)');
    expect(text).toContain('5 scenarios compared · 10 regressions · 3 changes');
    expect(text).toContain(
      'AC-01 対象内のお問い合わせ（UTM付き）が営業通知・CRM・GA4 にすべて届く  (passed → failed)',
    );
    expect(text).toMatch(
      /regression {2}notification {2}fields\.電話番号 +03-1234-5678 +— +missing on renewal; /,
    );
    expect(text).toContain('10 regressions: renewal does worse than legacy.');
    expect(text).not.toContain('\u001b[');
  });

  it('aligns every column by terminal width, Japanese included', () => {
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('KIND'))!;
    const whyColumn = displayWidth(header.slice(0, header.indexOf('WHY')));
    const block = lines.slice(lines.indexOf(header) + 1, lines.indexOf('', lines.indexOf(header)));
    expect(block.length).toBe(11);
    const ac01 = result.differences.filter((d) => d.scenario === 'AC-01');
    for (const [i, line] of block.entries())
      expect(displayWidth(line.slice(0, line.indexOf(ac01[i]!.reason))), line).toBe(whyColumn);
  });

  it('colours regressions and changes only when asked, and never passes control characters through', () => {
    const coloured = renderDiffText(result, { color: true });
    expect(coloured).toContain('\u001b[31mregression\u001b[0m');
    expect(coloured).toContain('\u001b[33mchange');
    const hostile: DiffResult = structuredClone(result);
    hostile.differences[0]!.candidate = 'bad\u001b[2Jvalue\nnext';
    const safe = renderDiffText(hostile);
    expect(safe).not.toContain('\u001b');
    expect(safe).toContain('bad\\x1b[2Jvalue ⏎ next');
  });

  it('says so when there is nothing to report', () => {
    const same = renderDiffText(diffReports(reportOf(RUNS.legacy), reportOf(RUNS.legacyAgain)));
    expect(same).toContain('No differences: legacy behaves like legacy on every scenario compared.');
  });
});

describe('the HTML and JSON diff', () => {
  it('is one self-contained, escaped page with a row per difference', () => {
    const hostile: DiffResult = structuredClone(result);
    hostile.differences[0]!.candidate = '<script>alert(1)</script>';
    hostile.differences[0]!.title = '<img src=x onerror=alert(2)>';
    const page = renderDiffHtml(hostile);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(page).not.toMatch(/<script|<img|<link|https?:\/\/(?!127\.0\.0\.1)/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.match(/<tr data-kind="regression"/g)).toHaveLength(10);
    expect(page.match(/<tr data-kind="change"/g)).toHaveLength(3);
    expect(page).toContain('data-aspect="fields.電話番号"');
    expect(page).toContain('<html lang="ja">');
  });

  it('round-trips as JSON', () => {
    const json = renderDiffJson(result);
    expect(json.endsWith('\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(result);
  });
});
