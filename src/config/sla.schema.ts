import { z } from 'zod';
import {
  type BusinessCalendar,
  type BusinessDuration,
  DEFAULT_CALENDAR,
  isTimeZone,
} from '../foundation/business-time.ts';
import { boundedDuration, DURATION_LIMITS } from '../foundation/duration.ts';
import { describeValue } from '../foundation/problems.ts';

/**
 * The `sla:` block of a watch: the sales side of a real inquiry — when the CRM shows its first
 * response, the deadline in business time, which leads are in scope, and which fields a lead
 * should carry. Only counts and durations leave cutover.
 */

const UNITS: Record<string, BusinessDuration['unit']> = {
  day: 'day',
  days: 'day',
  hour: 'hour',
  hours: 'hour',
  minute: 'minute',
  minutes: 'minute',
  営業日: 'day',
  営業時間: 'hour',
  営業分: 'minute',
};
const BUSINESS_DURATION =
  /^(\d+(?:\.\d+)?)\s*(?:business\s+(days?|hours?|minutes?)|(営業日|営業時間|営業分))$/i;

/** "1 business day", "4 business hours", "30 business minutes", "1営業日", "４営業時間"; undefined otherwise. */
export function parseBusinessDuration(text: string): BusinessDuration | undefined {
  const match = BUSINESS_DURATION.exec(text.normalize('NFKC').trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = UNITS[(match[2] ?? match[3] ?? '').toLowerCase()];
  return unit && amount > 0 ? { amount, unit } : undefined;
}

const businessDurationSchema = z
  .string({
    error: (i) => `expected a business duration like "1 business day", got ${describeValue(i.input)}`,
  })
  .transform((text, ctx) => {
    const parsed = parseBusinessDuration(text);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        input: text,
        message: `expected a business duration like "1 business day", "4 business hours" or "1営業日", got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({
    title: 'business duration',
    examples: ['1 business day', '4 business hours', '1営業日'],
    description:
      'Business time: N business days, hours or minutes ("1 business day", "4 business hours", "1営業日"). A business day is one day’s open hours; the clock stops at night, on weekends, holidays and closed days.',
  });

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HOURS = /^([01]\d|2[0-4]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$/;
const CLOSED = /^(\d{4}-)?\d{2}-\d{2}(\.\.(\d{4}-)?\d{2}-\d{2})?$/;

const hoursSchema = z
  .string()
  .transform((text, ctx) => {
    const match = HOURS.exec(text.normalize('NFKC').trim());
    const open = match ? Number(match[1]) * 60 + Number(match[2]) : 0;
    const close = match ? Number(match[3]) * 60 + Number(match[4]) : 0;
    if (!match || close <= open || close > 24 * 60) {
      ctx.addIssue({
        code: 'custom',
        input: text,
        message: `expected opening hours like "09:00-18:00" (closing after opening), got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
    return { openMinute: open, closeMinute: close };
  })
  .describe('Opening hours, local time: "09:00-18:00" (default)');

const closedSchema = z.string().transform((text, ctx) => {
  const normal = text.normalize('NFKC').trim();
  const [from = '', to = from] = normal.split('..');
  const valid =
    CLOSED.test(normal) &&
    from.length === to.length &&
    [from, to].every((d) => {
      const [month, day] = d.slice(-5).split('-').map(Number);
      return month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31;
    }) &&
    (from.length === 5 || from <= to);
  if (!valid) {
    ctx.addIssue({
      code: 'custom',
      input: text,
      message: `expected a closed day or range like "12-29..01-03" (every year) or "2027-08-13..2027-08-15", got ${JSON.stringify(text)}`,
    });
    return z.NEVER;
  }
  return { from, to };
});

export const calendarSchema = z
  .strictObject({
    timeZone: z
      .string()
      .refine(isTimeZone, {
        error: (i) => `expected an IANA time zone like "Asia/Tokyo", got ${describeValue(i.input)}`,
      })
      .default(DEFAULT_CALENDAR.timeZone)
      .describe('IANA time zone of the office (default Asia/Tokyo)'),
    hours: hoursSchema.prefault('09:00-18:00'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Working weekdays (default mon–fri)'),
    holidays: z
      .enum(['jp', 'none'])
      .default('jp')
      .describe('Public holidays the office is closed on: jp (Japan, from @holiday-jp/holiday_jp) or none'),
    closed: z
      .array(closedSchema)
      .prefault(['12-29..01-03'])
      .describe(
        'The company’s own closed days: "MM-DD" or "MM-DD..MM-DD" every year (年末年始 "12-29..01-03", the default), "YYYY-MM-DD[..YYYY-MM-DD]" once',
      ),
  })
  .transform(
    (c): BusinessCalendar => ({
      timeZone: c.timeZone,
      days: c.days.map((d) => WEEKDAYS.indexOf(d) + 1),
      openMinute: c.hours.openMinute,
      closeMinute: c.hours.closeMinute,
      holidays: c.holidays,
      closed: c.closed,
    }),
  );

const fieldName = z.string().min(1);

const firstResponseSchema = z
  .strictObject({
    status: z
      .strictObject({
        field: fieldName.describe('Status field: HubSpot hs_lead_status, Salesforce Status'),
        initial: z
          .array(z.string())
          .min(1)
          .describe(
            'Values a lead is received with: it has had a response once the field leaves them (e.g. [NEW])',
          ),
      })
      .optional()
      .describe(
        'First response = the status field first leaving its initial value(s), read from its history',
      ),
    activity: fieldName
      .optional()
      .describe(
        'First response = the first logged activity: HubSpot notes_last_contacted (its first value), Salesforce Task, a REST CRM’s timestamp field',
      ),
    within: businessDurationSchema.describe(
      'The first-response deadline in business time, e.g. "1 business day"',
    ),
  })
  .refine((f) => (f.status === undefined) !== (f.activity === undefined), {
    error: 'give exactly one of status or activity: how the CRM shows the first response',
  });

const scopeSchema = z
  .strictObject({
    field: fieldName.describe(
      'Field telling in-scope leads from the rest, e.g. lifecyclestage, Status, 対象外',
    ),
    inScope: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Values of in-scope leads (the rest are out of scope)'),
    outOfScope: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Values of out-of-scope leads (the rest, unset included, are in scope)'),
  })
  .refine((s) => (s.inScope === undefined) !== (s.outOfScope === undefined), {
    error: 'give exactly one of inScope or outOfScope',
  });

export const slaSchema = z.strictObject({
  firstResponse: firstResponseSchema,
  scope: scopeSchema
    .optional()
    .describe(
      'How to tell in-scope leads (有効問い合わせ) from out-of-scope ones; without it every lead is in scope',
    ),
  fields: z
    .array(fieldName)
    .default([])
    .describe('Fields a real lead should carry (utm_source, phone, company…): their completeness is watched'),
  calendar: calendarSchema
    .prefault({})
    .describe('Business hours, days, holidays and closed days the deadline counts in'),
  every: boundedDuration(DURATION_LIMITS.any, 1000)
    .default(900_000)
    .describe('How often the leads are read (on the clock’s grid); 1s to 24h (default 15m)'),
  window: boundedDuration(DURATION_LIMITS.any, 10_000)
    .default(4 * 3_600_000)
    .describe(
      'The window the valid share and field completeness are taken over, against the same window 1…weeks weeks ago; 10s to 24h (default 4h)',
    ),
  lookbackDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(14)
    .describe('Leads received this many days back are followed until their first response (default 14)'),
});

export type SlaDefinition = z.output<typeof slaSchema>;

/** Whether a lead with this scope value is in scope (有効): without `scope`, every lead is. */
export function isInScope(sla: Pick<SlaDefinition, 'scope'>, scopeValue: string | null): boolean {
  const scope = sla.scope;
  if (!scope) return true;
  const value = scopeValue ?? '';
  return scope.inScope ? scope.inScope.includes(value) : !(scope.outOfScope ?? []).includes(value);
}
