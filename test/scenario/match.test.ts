import { describe, expect, it } from 'vitest';
import { match, mismatches } from '../../src/scenario/match.ts';

describe('match: one value against a scenario matcher', () => {
  it('treats a bare scalar as equals, ignoring surrounding whitespace', () => {
    expect(match('株式会社テスト商事', ' 株式会社テスト商事\n').ok).toBe(true);
    expect(match(1, '1')).toEqual({ ok: true, message: 'expected "1", got "1"' });
    expect(match(true, 'true').ok).toBe(true);
    expect(match('03-1234-5678', '０３－１２３４－５６７８')).toEqual({
      ok: false,
      message: 'expected "03-1234-5678", got "０３－１２３４－５６７８"',
    });
  });

  it('says "got no value" for a missing, null or empty value', () => {
    for (const actual of [undefined, null, '']) {
      expect(match('newsletter', actual)).toEqual({
        ok: false,
        message: 'expected "newsletter", got no value',
      });
    }
  });

  it('equals, contains and matches name what was expected', () => {
    expect(match({ equals: 'email' }, 'email').ok).toBe(true);
    expect(match({ contains: 'ct-20261126-abcdef' }, '見積もり（ct-20261126-abcdef）').ok).toBe(true);
    expect(match({ contains: 'ct-20261126-abcdef' }, '見積もり')).toEqual({
      ok: false,
      message: 'expected to contain "ct-20261126-abcdef", got "見積もり"',
    });
    expect(match({ matches: '^0\\d{1,4}-\\d{1,4}-\\d{4}$' }, '03-1234-5678').ok).toBe(true);
    expect(match({ matches: '^0\\d{1,4}-\\d{1,4}-\\d{4}$' }, '０３－１２３４－５６７８')).toEqual({
      ok: false,
      message: 'expected to match /^0\\d{1,4}-\\d{1,4}-\\d{4}$/, got "０３－１２３４－５６７８"',
    });
    expect(match({ matches: 'x' }, undefined).ok).toBe(false);
  });

  it('present and absent check whether there is a value at all', () => {
    expect(match({ present: true }, 'a').ok).toBe(true);
    expect(match({ present: true }, '')).toEqual({ ok: false, message: 'expected a value, got no value' });
    expect(match({ absent: true }, null).ok).toBe(true);
    expect(match({ absent: true }, 'newsletter')).toEqual({
      ok: false,
      message: 'expected no value, got "newsletter"',
    });
  });

  it('shortens a long value in the message', () => {
    const { message } = match('short', 'あ'.repeat(300));
    expect(message.length).toBeLessThan(160);
    expect(message).toContain('…');
  });
});

describe('mismatches: a map of matchers against a record', () => {
  it('returns one line per mismatch, prefixed by the key, in the order written', () => {
    const record: Record<string, string | null> = {
      utm_source: null,
      utm_medium: 'email',
      utm_campaign: '',
      company: '株式会社テスト商事',
    };
    expect(
      mismatches(
        {
          utm_source: 'newsletter',
          utm_medium: 'email',
          utm_campaign: 'ct-1',
          company: { contains: 'テスト' },
        },
        (key) => record[key],
      ),
    ).toEqual([
      'utm_source: expected "newsletter", got no value',
      'utm_campaign: expected "ct-1", got no value',
    ]);
  });

  it('finds nothing wrong when there are no matchers', () => {
    expect(mismatches(undefined, () => 'x')).toEqual([]);
    expect(mismatches({}, () => 'x')).toEqual([]);
  });
});
