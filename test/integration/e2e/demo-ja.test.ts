import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashText, readReport } from '../../../src/report/index.ts';
import { packBudgetMs } from '../../support/budget.ts';
import { dataWords, englishWords, visibleText, wordsOf } from '../../support/english-words.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * `cutover demo --lang ja` on a machine whose clock is Japan's: Japanese reports, diff and summary
 * with JST times, and a PDF of each acceptance report a client can file.
 */
const run = promisify(execFile);
const bin = join(REPO_ROOT, 'bin', 'cutover.js');
const DEMO_BUDGET_MS = await packBudgetMs({ workers: 3 });

let out: string;
let result: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'cutover-demo-ja-'));
  result = await run(process.execPath, [bin, 'demo', '--lang', 'ja', '--out', out], {
    cwd: REPO_ROOT,
    // The system's zone is the default clock of the documents.
    env: { ...process.env, NO_COLOR: '1', TZ: 'Asia/Tokyo', LANG: 'C.UTF-8', LC_ALL: '' },
    maxBuffer: 20 * 1024 * 1024,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}, DEMO_BUDGET_MS + 60_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('cutover demo --lang ja', () => {
  it('finds the documented defects and says so in Japanese', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('想定どおり: 仕込んだ不具合をすべて検出し、それ以外の検出はありません。');
    expect(result.stdout).toMatch(/legacy\s+6 件: 合格 6、不合格 0、確認不能 0/);
    expect(result.stdout).toContain('時刻は Asia/Tokyo で表示しています。');
    // Progress lines: a failed case lists its checks with Japanese verdicts and reasons.
    expect(result.stdout).toMatch(
      /✗ renewal\s+AC-01 .*\n(?: {6}.*\n)*? {6}✗ 通知メール\s+不合格 .*電話番号: 想定/,
    );
  });

  it('writes both acceptance reports in Japanese with JST times, every finding named', async () => {
    for (const target of ['legacy', 'renewal']) {
      const page = await readFile(join(out, target, 'index.html'), 'utf8');
      const report = await readReport(join(out, target, 'report.json'));
      const text = visibleText(page);
      // The report.json's own SHA-256 is data too (the footer quotes it).
      const sha256 = hashText(await readFile(join(out, target, 'report.json')));
      expect(englishWords(text, new Set([...dataWords(report), ...wordsOf(sha256)])), target).toEqual([]);
      expect(text).toContain('検収報告書');
      expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST/);
      expect(text).not.toMatch(/\d\d:\d\d:\d\d UTC/);
      expect(page).not.toMatch(/\+\d+ more/);
      // report.json keeps its data: English reasons (the data in them may be Japanese, the words are not).
      const reasons = report.cases.flatMap((c) => c.checks.map((k) => k.reason)).join('\n');
      expect(reasons).not.toMatch(/期限|想定どおり|回目の送信|受付完了/);
      expect(reasons).toMatch(/SLA/);
    }
    const renewal = visibleText(await readFile(join(out, 'renewal', 'index.html'), 'utf8'));
    // The resubmission case says what it proved.
    expect(renewal).toMatch(/1 件（\d+）、2 回目の送信で更新/);
  });

  it('writes the parity diff in Japanese (HTML and text), diff.json with English reasons', async () => {
    const legacy = await readReport(join(out, 'legacy', 'report.json'));
    const renewal = await readReport(join(out, 'renewal', 'report.json'));
    const errors = renewal.cases.flatMap((c) =>
      c.checks.filter((k) => k.verdict === 'error').map((k) => k.reason),
    );
    const html = visibleText(await readFile(join(out, 'diff.html'), 'utf8'));
    expect(
      englishWords(html, new Set([...dataWords(legacy), ...dataWords(renewal), ...wordsOf(...errors)])),
    ).toEqual([]);
    expect(html).toContain('差分比較: legacy → renewal');
    const text = await readFile(join(out, 'diff.txt'), 'utf8');
    expect(text).toContain('cutover 差分比較');
    expect(text).toMatch(/デグレード \d+ 件: renewal は legacy より悪化しています。/);
    const json = JSON.parse(await readFile(join(out, 'diff.json'), 'utf8'));
    expect(json.differences.some((d: { reason: string }) => /missing on renewal/.test(d.reason))).toBe(true);
  });

  it('prints a PDF of each acceptance report beside it and lists it', async () => {
    for (const target of ['legacy', 'renewal']) {
      const pdf = join(out, target, 'report.pdf');
      expect(existsSync(pdf), pdf).toBe(true);
      expect(result.stdout).toContain(pdf);
      expect((await readFile(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });
});
