import { describe, expect, it } from 'vitest';
import { configSchema, reportSettings } from '../../src/config/index.ts';
import { parseWith } from '../../src/foundation/index.ts';

const minimal = { forms: {}, targets: {} };

describe('report: { lang, timeZone } in the config', () => {
  it('is optional; --lang wins over it, it wins over LANG; the zone defaults to the system’s', () => {
    const config = parseWith(
      configSchema,
      { ...minimal, report: { lang: 'ja', timeZone: 'Asia/Tokyo' } },
      'c.ts',
    );
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(reportSettings(config.value, undefined, { LANG: 'en_US.UTF-8' })).toMatchObject({
      lang: 'ja',
      timeZone: 'Asia/Tokyo',
    });
    expect(reportSettings(config.value, 'en', {}).lang).toBe('en');
    expect(reportSettings(config.value, 'en', {}).messages.report.title).toBe('Acceptance report');
    expect(reportSettings(undefined, undefined, { LANG: 'ja_JP.UTF-8' }).messages.report.title).toBe(
      '検収報告書',
    );
    expect(reportSettings(undefined, undefined, {}).timeZone).toBe(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  });

  it('a language or zone it does not know is reported with its path, together', () => {
    const config = parseWith(
      configSchema,
      { ...minimal, report: { lang: 'jp', timeZone: 'Asia/Tokio' } },
      'c.ts',
    );
    expect(config.ok).toBe(false);
    if (config.ok) return;
    const paths = config.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['report.lang', 'report.timeZone']));
    expect(config.problems.find((p) => p.path === 'report.timeZone')?.message).toMatch(
      /IANA time zone like "Asia\/Tokyo"/,
    );
  });
});
