import holidayJp from '@holiday-jp/holiday_jp';

/**
 * Business time: how much of a span falls in a company's business hours, and when a deadline of
 * N business hours or days falls. A sales SLA ("first response within 1 business day") runs only
 * while someone is at work: not at night, not on weekends, not on Japanese public holidays
 * (@holiday-jp/holiday_jp, which lists them by the date in Japan), not on the company's own closed
 * days (年末年始 12/29–1/3, お盆…). Days are the calendar's days in its time zone, so a lead at
 * 23:30 UTC on a Sunday is a Monday-morning lead in Asia/Tokyo.
 */

export interface ClosedDays {
  /** `MM-DD` (every year) or `YYYY-MM-DD` (that day only). */
  from: string;
  /** Inclusive; the same form as `from`. A yearly range may wrap the new year (12-29 → 01-03). */
  to: string;
}

export interface BusinessCalendar {
  /** IANA time zone the hours and days are in, e.g. Asia/Tokyo. */
  timeZone: string;
  /** Working weekdays, ISO numbering: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Opening and closing time, minutes after local midnight (closing > opening). */
  openMinute: number;
  closeMinute: number;
  /** Whose public holidays close the office: Japan's, or none. */
  holidays: 'jp' | 'none';
  closed: ClosedDays[];
}

/** A duration in business time: hours and minutes of open office, or whole business days. */
export interface BusinessDuration {
  amount: number;
  unit: 'day' | 'hour' | 'minute';
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Tokyo',
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 18 * 60,
  holidays: 'jp',
  closed: [{ from: '12-29', to: '01-03' }],
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The length of one business day: the open hours of a day. */
export function businessDayMs(calendar: BusinessCalendar): number {
  return (calendar.closeMinute - calendar.openMinute) * MINUTE_MS;
}

/** A business duration in ms of business time (a business day is one day's open hours). */
export function businessDurationMs(duration: BusinessDuration, calendar: BusinessCalendar): number {
  if (duration.unit === 'day') return duration.amount * businessDayMs(calendar);
  return duration.amount * (duration.unit === 'hour' ? 60 : 1) * MINUTE_MS;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Node's ICU knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offsets by zone and quarter-hour: zones change their offset on quarter-hour boundaries. */
const offsetCache = new Map<string, Map<number, number>>();
const QUARTER_MS = 900_000;

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, timeZone: string): number {
  let offsets = offsetCache.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    offsetCache.set(timeZone, offsets);
  }
  const quarter = Math.floor(t / QUARTER_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    offset = zoneOffset(quarter * QUARTER_MS, timeZone);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset;
}

function zoneOffset(t: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(t))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

function localDateOf(t: number, timeZone: string): LocalDate {
  const shifted = new Date(t + offsetAt(t, timeZone));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The instant of a local wall-clock minute of a local date (DST-safe: re-checks the offset). */
function instantOf(date: LocalDate, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minute);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The instant a local date ("2026-12-01") begins in a zone: a date a team names is its own day. */
export function startOfLocalDay(isoDay: string, timeZone: string): number {
  const [year, month, day] = isoDay.split('-').map(Number) as [number, number, number];
  return instantOf({ year, month, day }, 0, timeZone);
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day) + DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (date: LocalDate) => `${date.year}-${pad(date.month)}-${pad(date.day)}`;

function inClosedRange(date: LocalDate, range: ClosedDays): boolean {
  const iso = isoDate(date);
  if (range.from.length === 10) return iso >= range.from && iso <= range.to;
  const md = iso.slice(5);
  return range.from <= range.to ? md >= range.from && md <= range.to : md >= range.from || md <= range.to;
}

const holidays = holidayJp.holidays as unknown as Record<string, unknown>;

/** Whether the office is open on this local date (a working weekday, no holiday, no closed day). */
export function isBusinessDay(calendar: BusinessCalendar, date: LocalDate): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
  if (!calendar.days.includes(weekday)) return false;
  if (calendar.holidays === 'jp' && isoDate(date) in holidays) return false;
  return !calendar.closed.some((range) => inClosedRange(date, range));
}

interface DayFacts {
  start: number;
  open: [number, number] | undefined;
}

/**
 * Per calendar, each local day's start and open interval, computed once: a watch evaluates
 * thousands of leads a round, and each zone lookup formats a date.
 */
const dayCache = new WeakMap<BusinessCalendar, Map<string, DayFacts>>();

function dayFacts(calendar: BusinessCalendar, date: LocalDate): DayFacts {
  let days = dayCache.get(calendar);
  if (!days) {
    days = new Map();
    dayCache.set(calendar, days);
  }
  const key = isoDate(date);
  let facts = days.get(key);
  if (!facts) {
    facts = {
      start: instantOf(date, 0, calendar.timeZone),
      open: isBusinessDay(calendar, date)
        ? [
            instantOf(date, calendar.openMinute, calendar.timeZone),
            instantOf(date, calendar.closeMinute, calendar.timeZone),
          ]
        : undefined,
    };
    days.set(key, facts);
  }
  return facts;
}

/** The open interval of a local date, or undefined when the office is closed that day. */
function openInterval(calendar: BusinessCalendar, date: LocalDate): [number, number] | undefined {
  return dayFacts(calendar, date).open;
}

/** A long closure (年末年始 plus a holiday week) never spans this many days; a loop bound, not a rule. */
const MAX_SCAN_DAYS = 3660;

/** Business time in [from, to), in ms; 0 when `to` is not after `from`. */
export function businessMsBetween(calendar: BusinessCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let date = localDateOf(from, calendar.timeZone);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    const dayStart = dayFacts(calendar, date).start;
    if (dayStart >= to) break;
    const open = openInterval(calendar, date);
    if (open) total += Math.max(0, Math.min(open[1], to) - Math.max(open[0], from));
    date = nextDate(date);
  }
  return total;
}

/**
 * The instant `ms` of business time after `start`: the deadline of a lead received at `start`.
 * A lead received out of hours starts its clock when the office next opens.
 */
export function addBusinessMs(calendar: BusinessCalendar, start: number, ms: number): number {
  let left = ms;
  let date = localDateOf(start, calendar.timeZone);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    const open = openInterval(calendar, date);
    if (open && open[1] > start) {
      const from = Math.max(open[0], start);
      const available = open[1] - from;
      if (left <= available) return from + left;
      left -= available;
    }
    date = nextDate(date);
  }
  throw new RangeError(`no business time within ${MAX_SCAN_DAYS} days of ${new Date(start).toISOString()}`);
}

/** When a lead received at `receivedAt` is due under a `within` of this business duration. */
export function businessDeadline(
  calendar: BusinessCalendar,
  receivedAt: number,
  within: BusinessDuration,
): number {
  return addBusinessMs(calendar, receivedAt, businessDurationMs(within, calendar));
}
