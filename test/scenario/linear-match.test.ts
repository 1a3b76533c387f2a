/**
 * Matchers cannot hang: user-written patterns (`matches`, `success.url`) run on RE2 in linear
 * time, keep their JavaScript meaning on Japanese text, and what RE2 cannot run is refused at
 * validate time, naming the key.
 */

import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/index.ts';
import { compileLinear, linearRegexProblem } from '../../src/foundation/linear-regex.ts';
import { match, mismatches } from '../../src/scenario/match.ts';
import { projectWith } from '../config/validate-project.ts';

describe('a catastrophic pattern', () => {
  it('finishes at once on 45 "a"s and "!" (a backtracking engine would run for hours)', {
    timeout: 10_000,
  }, () => {
    const input = `${'a'.repeat(45)}!`;
    expect(mismatches({ company: { matches: '^(a+)+$' } }, () => input)).toEqual([
      `company: expected to match /^(a+)+$/, got "${input}"`,
    ]);
    expect(match({ matches: '^(a|aa)+$' }, `${'a'.repeat(5000)}!`).ok).toBe(false);
    expect(match({ matches: '^(a+)+$' }, 'a'.repeat(45)).ok).toBe(true);
  });
});

describe('Japanese text keeps its JavaScript meaning', () => {
  const cases: Array<[pattern: string, value: string, ok: boolean]> = [
    ['^株式会社', '株式会社テスト商事', true],
    ['株式会社$', '株式会社テスト商事', false],
    ['^\\(株\\)', '(株)テスト商事', true],
    ['^（株）', '（株）テスト商事', true],
    ['^\\p{Script=Han}+$', '株式会社', true],
    ['^\\p{sc=Han}+$', '株式会社テスト', false],
    ['^[\\p{Script=Han}\\p{Script=Katakana}]+$', '株式会社テスト', true],
    ['^\\p{Letter}+$', '株式会社テスト', true],
    ['^\\p{General_Category=Decimal_Number}+$', '０３', true],
    ['^[ぁ-ん]+$', 'ひらがな', true],
    ['^[ァ-ヶー]+$', 'テスト', true],
    ['^[０-９－]+$', '０３－１２３４－５６７８', true],
    ['^0\\d{1,4}-\\d{1,4}-\\d{4}$', '03-1234-5678', true],
    // \d is ASCII in JavaScript (u flag) and in RE2: full-width digits are not \d.
    ['^0\\d{1,4}-\\d{1,4}-\\d{4}$', '０３－１２３４－５６７８', false],
    // \s includes the full-width space U+3000, as in JavaScript.
    ['^山田\\s太郎$', '山田　太郎', true],
    ['^山田\\S+$', '山田　太郎', false],
    ['^[^\\s]+$', '山田　太郎', false],
    ['^.{4}$', '株式会社', true],
    ['^.{2}$', '𠮷野', true],
    ['^.$', '\u2028', false],
    ['\\u682A\\u5F0F', '株式会社', true],
    ['\\u{1F600}', '😀', true],
    ['\\uD83D\\uDE00', '😀', true],
    ['^[\\u3040-\\u309F]+$', 'ひらがな', true],
    ['(?<kind>株式|有限)会社', '有限会社テスト', true],
    // `[` in a class is a literal, not the start of a POSIX class as RE2 would read it.
    ['^[[:a]$', 'x', false],
    ['^[[:a]$', '[', true],
    ['^[]', 'x', false],
    ['^[^]$', '株', true],
  ];
  it.each(cases)('/%s/ on %j → %s, the same as JavaScript', (pattern, value, ok) => {
    expect(match({ matches: pattern }, value).ok).toBe(ok);
    expect(new RegExp(pattern, 'u').test(value)).toBe(ok);
  });
});

describe('what RE2 cannot run in linear time is refused', () => {
  it.each([
    ['(a)\\1', '"\\1" is a backreference'],
    ['(?<n>a)\\k<n>', '"\\k<…>" is a backreference'],
    ['株式会社(?=テスト)', '"(?=" is a lookahead'],
    ['株式会社(?!テスト)', '"(?!" is a negative lookahead'],
    ['(?<=株式)会社', '"(?<=" is a lookbehind'],
    ['(?<!株式)会社', '"(?<!" is a negative lookbehind'],
  ])('%s: %s', (pattern, what) => {
    expect(linearRegexProblem(pattern)).toBe(
      `RE2 syntax: no backreferences or lookaround (${what}); matching must take linear time`,
    );
    expect(() => compileLinear(pattern)).toThrow(/^RE2 syntax: no backreferences or lookaround/);
  });

  it('names other RE2 limits', () => {
    expect(linearRegexProblem('a{1001}')).toBe(
      'RE2 syntax: invalid repeat count: `{1001}` (RE2 repeats at most 1000 times)',
    );
    expect(linearRegexProblem('\\p{scx=Han}')).toBe(
      'RE2 syntax: \\p{scx=Han} is not supported (RE2 knows scripts, not script extensions); write \\p{Han}',
    );
    expect(linearRegexProblem('^[\\p{Han}]{1,1000}$')).toBeUndefined();
  });
});

describe('validation', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('refuses a backreference in a scenario and a lookahead in a success URL, naming each key', async () => {
    const dir = await projectWith(undefined);
    dirs.push(dir);
    await writeFile(
      join(dir, 'scenarios', 'ac-09.yaml'),
      [
        'id: AC-09',
        'title: 後方参照',
        'form: contact',
        'targets: [legacy]',
        'input: { company: テスト }',
        'expect:',
        '  submit: { outcome: accepted }',
        '  crm:',
        '    fields:',
        '      company: { matches: "^(株式会社)\\\\1$" }',
        '',
      ].join('\n'),
    );
    const config = join(dir, 'cutover.config.ts');
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(config, 'utf8');
    await writeFile(
      config,
      text.replace("success: { url: '/complete/' }", "success: { url: '/complete/(?!error)' }"),
    );

    const result = await loadProject({ cwd: dir, env: { TEST_HUBSPOT_TOKEN: 'pat-na1-test' } });
    expect(result.ok).toBe(false);
    const problems = result.ok
      ? []
      : result.problems.map(({ file, path, message }) => ({ file, path, message }));
    expect(problems).toEqual([
      {
        file: 'cutover.config.ts',
        path: 'targets.staging.forms.contact.success.url',
        message:
          'RE2 syntax: no backreferences or lookaround ("(?!" is a negative lookahead); matching must take linear time',
      },
      {
        file: 'scenarios/ac-09.yaml',
        path: 'expect.crm.fields.company.matches',
        message:
          'RE2 syntax: no backreferences or lookaround ("\\1" is a backreference); matching must take linear time',
      },
    ]);
  });
});
