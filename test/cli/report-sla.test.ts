import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSlaCommand } from '../../src/cli/commands/report-sla.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { COMPANIES, FAMILY_NAMES, GIVEN_NAMES } from '../../src/demo/index.ts';
import { messagesFor } from '../../src/foundation/i18n/index.ts';
import { renderSlaHtml } from '../../src/report/sla/sla-html.ts';
import { englishWords, visibleText, wordsOf } from '../support/english-words.ts';
import { REPO_ROOT } from '../support/repo.ts';

/**
 * `cutover report sla` on the repository's own demo config (monitors/demo-renewal.yaml has
 * watch.sla): a demo world with two weeks of fictional leads, answered by its sales team in Japan
 * business hours; the report has the numbers before and after the cutover date — and none of the
 * people.
 */

let dir: string;
const lines: string[] = [];
const output = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s), color: false };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-report-sla-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cutover report sla', () => {
  it('writes one HTML page and JSON with before/after, in business hours, naming nobody', async () => {
    const code = await reportSlaCommand(
      {
        config: join(REPO_ROOT, 'cutover.config.ts'),
        since: '2w',
        cutover: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
        out: dir,
        now: new Date(),
        lang: 'en',
      },
      output,
    );
    expect(code, lines.join('\n')).toBe(EXIT.ok);
    const json = JSON.parse(await readFile(join(dir, 'sla-renewal.json'), 'utf8'));
    const html = await readFile(join(dir, 'sla-renewal.html'), 'utf8');
    expect(json.periods.map((p: { label: string }) => p.label)).toEqual(['before', 'after']);
    for (const period of json.periods) {
      expect(period.leads).toBeGreaterThan(50);
      expect(period.validShare).toBeGreaterThan(0.6);
      expect(period.validShare).toBeLessThan(1);
      // The team answers within half of 4 business hours: p90 under 2 h, no breach among the answered.
      expect(period.firstResponseHours.p90).toBeLessThanOrEqual(2);
      expect(period.completeness.utm_source).toBe(1);
    }
    expect(json.slaBusinessHours).toBe(4);
    expect(html).toContain('First response p90 (business hours)');
    expect(html).toContain('<th>change</th>');
    // The same numbers for a Japanese meeting: the page in Japanese, days and time in the calendar's zone.
    const ja = renderSlaHtml(json, messagesFor('ja'));
    expect(ja).toContain('<h1>営業 SLA — renewal</h1>');
    expect(ja).toContain('初回対応時間 p90（営業時間）');
    expect(ja).toContain('切り替え前');
    expect(ja).toContain('（Asia/Tokyo）に作成');
    const data = wordsOf(
      json.target,
      json.within,
      json.timeZone,
      ...Object.keys(json.periods[0].completeness),
    );
    expect(englishWords(visibleText(ja), new Set([...data, 'sla', 'p50', 'p90']))).toEqual([]);
    const personal = [
      ...FAMILY_NAMES,
      ...GIVEN_NAMES,
      ...COMPANIES.flatMap((c) => [c.name, c.domain]),
      '.example',
    ];
    for (const [where, text] of Object.entries({
      html,
      json: JSON.stringify(json),
      stdout: lines.join('\n'),
    })) {
      expect(
        personal.filter((word) => text.includes(word)),
        where,
      ).toEqual([]);
      expect(text, where).not.toMatch(/\b03-\d{4}-\d{4}\b/);
    }
  }, 60_000);

  it('refuses bad usage with exit 2 and says what was expected', async () => {
    lines.length = 0;
    const config = join(REPO_ROOT, 'cutover.config.ts');
    expect(await reportSlaCommand({ config, since: 'two weeks', out: dir }, output)).toBe(EXIT.invalid);
    expect(lines.join('\n')).toContain('--since: expected "2w", "14d", "36h" or a date');
    expect(await reportSlaCommand({ config, target: 'legacy', out: dir }, output)).toBe(EXIT.invalid);
    expect(lines.join('\n')).toContain('no monitor file has watch.sla for target "legacy"');
  });
});
