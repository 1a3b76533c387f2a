import { describe, expect, it } from 'vitest';
import { parseBusinessDuration, slaSchema } from '../../src/config/sla.schema.ts';
import {
  type BusinessCalendar,
  businessDeadline,
  businessMsBetween,
  DEFAULT_CALENDAR,
  isBusinessDay,
  startOfLocalDay,
} from '../../src/foundation/business-time.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
/** A Tokyo wall-clock time as an instant (JST is UTC+9 all year). */
const jst = (text: string) => Date.parse(`${text}+09:00`);
const calendar = (patch: Partial<BusinessCalendar> = {}): BusinessCalendar => ({
  ...DEFAULT_CALENDAR,
  ...patch,
});

describe('business time', () => {
  it('a lead at Friday 17:55 before a holiday Monday is due on Tuesday (1 business day = 9 business hours)', () => {
    // 2027-09-17 is a Friday; Monday 2027-09-20 is 敬老の日.
    const friday = jst('2027-09-17T17:55:00');
    const due = businessDeadline(calendar(), friday, { amount: 1, unit: 'day' });
    expect(new Date(due).toISOString()).toBe(new Date(jst('2027-09-21T17:55:00')).toISOString());
    // Over the weekend and the holiday only the 5 minutes of Friday count.
    expect(businessMsBetween(calendar(), friday, jst('2027-09-21T09:00:00'))).toBe(5 * MIN);
    expect(isBusinessDay(calendar(), { year: 2027, month: 9, day: 20 })).toBe(false);
  });

  it('counts nothing on the company’s closed days (年末年始) nor on a one-off closure', () => {
    const dec28 = jst('2026-12-28T17:00:00'); // Monday, the last day before 年末年始
    const due = businessDeadline(calendar(), dec28, { amount: 4, unit: 'hour' });
    // 12-29..01-03 closed (01-01 a holiday too), 01-04 is the first working day.
    expect(due).toBe(jst('2027-01-04T12:00:00'));
    const oneOff = calendar({
      closed: [...DEFAULT_CALENDAR.closed, { from: '2027-01-04', to: '2027-01-04' }],
    });
    expect(businessDeadline(oneOff, dec28, { amount: 4, unit: 'hour' })).toBe(jst('2027-01-05T12:00:00'));
  });

  it('starts the clock of a lead received at night or on a weekend when the office opens', () => {
    const saturdayNight = jst('2026-12-05T23:30:00');
    expect(businessDeadline(calendar(), saturdayNight, { amount: 4, unit: 'hour' })).toBe(
      jst('2026-12-07T13:00:00'),
    );
    expect(businessMsBetween(calendar(), saturdayNight, jst('2026-12-07T08:59:00'))).toBe(0);
    expect(businessMsBetween(calendar(), jst('2026-12-07T20:00:00'), jst('2026-12-08T10:30:00'))).toBe(
      1.5 * HOUR,
    );
  });

  it('reads days in the calendar’s time zone: Sunday 23:30 UTC is Monday 08:30 in Tokyo', () => {
    const sundayUtc = Date.parse('2026-12-06T23:30:00Z');
    const tokyo = calendar();
    const utc = calendar({ timeZone: 'UTC', holidays: 'none' });
    expect(businessDeadline(tokyo, sundayUtc, { amount: 1, unit: 'hour' })).toBe(jst('2026-12-07T10:00:00'));
    expect(businessDeadline(utc, sundayUtc, { amount: 1, unit: 'hour' })).toBe(
      Date.parse('2026-12-07T10:00:00Z'),
    );
    expect(businessMsBetween(tokyo, sundayUtc, sundayUtc + 2 * HOUR)).toBe(90 * MIN);
    expect(businessMsBetween(utc, sundayUtc, sundayUtc + 2 * HOUR)).toBe(0);
  });

  it('a cutover date a team names begins at its own midnight: 2026-12-01 in Tokyo is 15:00 UTC the day before', () => {
    expect(new Date(startOfLocalDay('2026-12-01', 'Asia/Tokyo')).toISOString()).toBe(
      '2026-11-30T15:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('2026-12-01', 'UTC')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('follows a zone with daylight saving time (Europe/Berlin, the night clocks go back)', () => {
    const berlin = calendar({ timeZone: 'Europe/Berlin', holidays: 'none', closed: [] });
    // 2026-10-25 is a Sunday (CEST → CET); Monday opens at 09:00 CET = 08:00 UTC.
    expect(businessDeadline(berlin, Date.parse('2026-10-24T12:00:00Z'), { amount: 1, unit: 'hour' })).toBe(
      Date.parse('2026-10-26T09:00:00Z'),
    );
  });

  it('parses business durations in English and Japanese, full-width digits too', () => {
    expect(parseBusinessDuration('1 business day')).toEqual({ amount: 1, unit: 'day' });
    expect(parseBusinessDuration('4 business hours')).toEqual({ amount: 4, unit: 'hour' });
    expect(parseBusinessDuration('１営業日')).toEqual({ amount: 1, unit: 'day' });
    expect(parseBusinessDuration('4営業時間')).toEqual({ amount: 4, unit: 'hour' });
    expect(parseBusinessDuration('1 day')).toBeUndefined();
    expect(parseBusinessDuration('0 business days')).toBeUndefined();
  });

  it('the sla block: defaults, and every problem at once with its path', () => {
    const parsed = slaSchema.parse({
      firstResponse: { status: { field: 'hs_lead_status', initial: ['NEW'] }, within: '1 business day' },
    });
    expect(parsed.calendar).toMatchObject({ timeZone: 'Asia/Tokyo', openMinute: 540, closeMinute: 1080 });
    expect(parsed.calendar.closed).toEqual([{ from: '12-29', to: '01-03' }]);
    const bad = slaSchema.safeParse({
      firstResponse: { activity: 'Task', status: { field: 'Status', initial: ['Open'] }, within: '1 day' },
      scope: { field: 'Status' },
      calendar: { timeZone: 'Asia/Tokio', hours: '18:00-09:00', closed: ['13-01'] },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'firstResponse.within',
        'calendar.timeZone',
        'calendar.hours',
        'calendar.closed.0',
      ]),
    );
  });
});
