import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, ja } from '../../src/foundation/i18n/index.ts';
import { createEvidenceStore } from '../../src/monitor/evidence/evidence-store.ts';
import { renderRunList, renderRunPage } from '../../src/monitor/evidence/run-pages.ts';
import { runSummary } from '../../src/monitor/evidence/run-summary.ts';
import type { CaseResult } from '../../src/scenario/case-result.ts';
import { englishWords, visibleText, wordsOf } from '../support/english-words.ts';
import { caseResult, runThrough } from '../support/evidence-fixtures.ts';

/**
 * The monitor's kept-run pages in the monitor's language and clock: what an on-call engineer opens
 * from an alert reads as Japanese with `report.lang: ja`, its times in JST saying so; in English,
 * the times in the zone given, saying so. run.json's summary stays English data.
 */
const AT = new Date('2026-12-08T01:15:41.000Z');
const ID = '20261208T011541Z-renewal-ac-01-7f3a';
const PASSED_ID = '20261208T010041Z-renewal-ac-01-0b1c';

/** A failed run whose auto-reply lost the phone number: a finding, rendered in the page's words. */
function failedResult(): CaseResult {
  const result = caseResult('failed', AT);
  const [submit, notification] = result.checks;
  return {
    ...result,
    checks: [
      submit!,
      {
        ...notification!,
        findings: [{ aspect: 'fields.電話番号', kind: 'missing', expected: '03-1234-5678' }],
      },
    ],
  };
}

const failed = failedResult();
const failedSummary = runSummary(ID, failed, { screenshot: false, trace: true, lastPassed: PASSED_ID });
const passed = caseResult('passed', new Date(AT.getTime() - 15 * 60_000));
const passedSummary = runSummary(PASSED_ID, passed, { screenshot: false, trace: false });
const choices = { targets: ['renewal'], scenarios: ['AC-01'] };
const tokyo = { m: ja, timeZone: 'Asia/Tokyo' };

/** What the runs carry from the site, the scenario and the systems: data, not UI words. */
const data = wordsOf(
  ID,
  PASSED_ID,
  JSON.stringify(failed),
  JSON.stringify(passed),
  'trace.zip result.json trace.playwright.dev',
  '0.1.0',
);

describe('a kept run’s page in Japanese', () => {
  const page = renderRunPage(failedSummary, failed, new Map(), '0.1.0', tokyo);
  const text = visibleText(page);

  it('has no English UI word: only data and names kept as they are', () => {
    expect(englishWords(text, data)).toEqual([]);
  });

  it('speaks an on-call engineer’s words: 証跡, 何が起きたか, 最後に合格した実行, トレース, 不合格', () => {
    for (const word of [
      '証跡・判定理由・後片付け',
      '何が起きたか',
      '最後に合格した実行',
      'Playwright のトレース',
      '✗ 不合格',
      '保存された実行の一覧',
    ])
      expect(text).toContain(word);
    expect(page).toContain('<title>AC-01（renewal）: 不合格 — cutover 監視');
  });

  it('says what went wrong in Japanese, rendered from the finding, not run.json’s English', () => {
    const wrong = visibleText(page.match(/<dd id="run-summary">.*?<\/dd>/s)![0]);
    expect(wrong).toContain('通知メール（autoreply）が不合格:');
    expect(wrong).toContain('電話番号');
    expect(wrong).not.toContain('expected');
    expect(failedSummary.summary).toBe(
      'notification (autoreply) failed: notification 電話番号: expected "03-1234-5678", got no value',
    );
  });

  it('shows its times in JST, saying so', () => {
    expect(text).toContain('2026-12-08 10:15:41 JST');
    expect(text).not.toMatch(/\d\d:\d\d:\d\d UTC/);
  });

  it('marks a probe’s own message it cannot translate as English', () => {
    const errored = caseResult('error', AT, 'IMAP: connection refused (127.0.0.1:1143)');
    const summary = runSummary(ID, errored, { screenshot: false, trace: false });
    const page = renderRunPage(summary, errored, new Map(), '0.1.0', tokyo);
    expect(page).toContain(
      '通知メール（autoreply）が確認不能: <span class="as-reported">原文: <span lang="en">IMAP: connection refused',
    );
  });
});

describe('the list of kept runs in Japanese', () => {
  const list = renderRunList([failedSummary, passedSummary], {}, choices, '0.1.0', tokyo);
  const text = visibleText(list);

  it('has no English UI word, and its header says the time zone', () => {
    expect(englishWords(text, data)).toEqual([]);
    expect(text).toContain('保存された実行');
    expect(list).toMatch(/<th>開始（JST）<\/th>/);
    expect(text).toContain('2026-12-08 10:15:41 JST');
    expect(text).toContain('2026-12-08 10:00:41 JST');
  });

  it('offers the verdicts in Japanese while the filter’s values stay the data’s', () => {
    expect(list).toContain('<option value="failed">不合格</option>');
    expect(list).toContain('<option value="">すべて</option>');
  });

  it('shows run.json’s English summary marked as English when it has no Japanese for a run', () => {
    expect(list).toContain('<td class="reason"><span class="as-reported">');
  });

  it('says so in Japanese when nothing is kept, or nothing matches', () => {
    const empty = visibleText(renderRunList([], {}, choices, '0.1.0', tokyo));
    expect(empty).toContain('まだ保存された実行はありません');
    expect(englishWords(empty, data)).toEqual([]);
    const none = visibleText(renderRunList([], { verdict: 'error' }, choices, '0.1.0', tokyo));
    expect(none).toContain('条件に合う保存された実行はありません');
  });
});

describe('the pages in English', () => {
  it('a run page reads as before, its times in the zone given, saying so', () => {
    const page = renderRunPage(failedSummary, failed, new Map(), '0.1.0', { m: en, timeZone: 'Asia/Tokyo' });
    const text = visibleText(page);
    for (const words of [
      'All kept runs',
      'What went wrong',
      'Last passing run',
      'Evidence, reasons and cleanup',
    ])
      expect(text).toContain(words);
    expect(text).toContain(failedSummary.summary);
    expect(text).toContain('2026-12-08 10:15:41 JST');
    expect(page).toContain('<span class="badge v-failed">✗ failed</span>');
  });

  it('the list says its zone in the header and every time, UTC by default', () => {
    const list = renderRunList([failedSummary], {}, choices, '0.1.0');
    expect(list).toContain('<th>Started (UTC)</th>');
    expect(visibleText(list)).toContain('2026-12-08 01:15:41 UTC');
    expect(visibleText(list)).toContain(failedSummary.summary);
  });
});

describe('an evidence directory kept in Japanese', () => {
  it('writes its pages in Japanese and JST, and lists each run in Japanese again after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-evidence-ja-'));
    try {
      const open = async () => {
        const store = createEvidenceStore({
          dir,
          keep: 10,
          maxAgeMs: 86_400_000 * 3650,
          secrets: [],
          pages: tokyo,
        });
        await store.open();
        return store;
      };
      const first = await open();
      const kept = (await runThrough(first, 'failed', AT))!;
      const page = await readFile(join(dir, kept.id, 'index.html'), 'utf8');
      expect(page).toContain('<dt>何が起きたか</dt>');
      expect(page).toContain('2026-12-08 10:15:41 JST');
      // run.json stays data: English, as the JSON of /runs serves it.
      const json = JSON.parse(await readFile(join(dir, kept.id, 'run.json'), 'utf8')) as { summary: string };
      expect(json.summary).toMatch(/^notification \(autoreply\) failed: /);
      const inJapanese = '通知メール（autoreply）が不合格:';
      expect(first.wentWrong(kept).value).toContain(inJapanese);
      // A monitor started again on the directory renders the list from each run's result.json.
      const again = await open();
      expect(again.wentWrong(again.get(kept.id)!).value).toContain(inJapanese);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
