import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  parseDuration,
  redact,
  renderDeep,
  renderText,
  Secret,
} from '../../src/foundation/index.ts';
import { markerPattern, mintMarker, syntheticEmail } from '../../src/foundation/marker.ts';
import { match } from '../../src/scenario/match.ts';

describe('durations are written as text', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['5 min', '90', 's', '5d', ''])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it('formats delays the way people read them', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(7_200)).toBe('7.2 s');
    expect(formatDuration(5_000)).toBe('5 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
});

describe('templates', () => {
  const values = {
    marker: 'ct-20261126-7f3a9c',
    email: 'qa+ct-20261126-7f3a9c@example.com',
    target: 'legacy',
    input: { company: '（株）テスト' },
  };

  it('fills marker, email, target and input references, Japanese included', () => {
    expect(renderText('{{ marker }} / {{email}} / {{target}} / {{input.company}}', values)).toBe(
      'ct-20261126-7f3a9c / qa+ct-20261126-7f3a9c@example.com / legacy / （株）テスト',
    );
  });

  it('walks lists and mappings and leaves other values alone', () => {
    expect(renderDeep({ a: ['{{marker}}', 3, true], b: { c: '{{target}}' } }, values)).toEqual({
      a: ['ct-20261126-7f3a9c', 3, true],
      b: { c: 'legacy' },
    });
  });
});

describe('markers', () => {
  it('look like ct-YYYYMMDD-xxxxxx and are unique per case run', () => {
    const a = mintMarker('ct', new Date('2026-11-26T10:00:00Z'));
    const b = mintMarker('ct', new Date('2026-11-26T10:00:00Z'));
    expect(a).toMatch(/^ct-20261126-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
    expect(markerPattern('ct').test(a)).toBe(true);
    expect(markerPattern('ct').test('qa-20261126-7f3a9c')).toBe(false);
  });

  it('go into the synthetic email by plus-addressing', () => {
    expect(syntheticEmail('qa+{marker}@example.com', 'ct-20261126-7f3a9c')).toBe(
      'qa+ct-20261126-7f3a9c@example.com',
    );
  });
});

describe('matchers', () => {
  it('equals trims, and says what it found', () => {
    expect(match('newsletter', ' newsletter ').ok).toBe(true);
    expect(match('newsletter', null)).toEqual({ ok: false, message: 'expected "newsletter", got no value' });
    expect(match('株式会社テスト商事', '（株）テスト商事')).toEqual({
      ok: false,
      message: 'expected "株式会社テスト商事", got "（株）テスト商事"',
    });
  });

  it('contains, matches, present and absent', () => {
    expect(match({ contains: 'ct-' }, 'x ct-1').ok).toBe(true);
    expect(match({ matches: '^0\\d{1,4}-\\d{1,4}-\\d{4}$' }, '03-1234-5678').ok).toBe(true);
    expect(match({ matches: '^0\\d{1,4}-\\d{1,4}-\\d{4}$' }, '０３－１２３４－５６７８').ok).toBe(false);
    expect(match({ present: true }, '').ok).toBe(false);
    expect(match({ absent: true }, '').ok).toBe(true);
    expect(match({ absent: true }, 'x')).toEqual({ ok: false, message: 'expected no value, got "x"' });
  });
});

describe('secrets', () => {
  it('never print their value, only the variable name', () => {
    const secret = new Secret('HUBSPOT_TOKEN', 'pat-na1-abcdef');
    expect(String(secret)).toBe('[secret HUBSPOT_TOKEN]');
    expect(JSON.stringify({ token: secret })).toBe('{"token":"[secret HUBSPOT_TOKEN]"}');
    expect(secret.reveal()).toBe('pat-na1-abcdef');
    expect(redact('401 for Bearer pat-na1-abcdef', [secret])).toBe('401 for Bearer [secret HUBSPOT_TOKEN]');
  });
});
