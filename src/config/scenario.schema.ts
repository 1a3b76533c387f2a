import { z } from 'zod';
import { nameSchema, regexSourceSchema } from '../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS, durationSchema } from '../foundation/duration.ts';
import { stepsSchema } from './step.schema.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A value to enter: text, a number, a checkbox's true/false — or, for a file field, a path or a list of paths. */
const inputValue = z.union([scalar, z.array(z.string().min(1)).min(1).max(10)]);

/**
 * What one value must be. A bare value means `equals`.
 * @example
 * company: 株式会社テスト商事          # equals
 * message: { contains: "{{marker}}" }
 * phone: { matches: "^0\\d{1,4}-\\d{1,4}-\\d{4}$" }
 * utm_campaign: { absent: true }
 */
export const matcherSchema = z.union([
  scalar,
  z
    .strictObject({
      equals: scalar.optional().describe('The value, exactly (after trimming)'),
      contains: z.string().optional().describe('A text the value contains'),
      matches: regexSourceSchema.optional().describe('A regular expression the value matches'),
      present: z.literal(true).optional().describe('The value exists and is not empty'),
      absent: z.literal(true).optional().describe('The value is missing or empty'),
    })
    .refine((m) => Object.values(m).filter((v) => v !== undefined).length === 1, {
      error: 'give exactly one of equals, contains, matches, present, absent',
    }),
]);

const fieldMatchers = z.record(z.string().min(1), matcherSchema);

/**
 * Expected absence, however a scenario writes it — `none: true`, or a count of 0 (`count: 0`,
 * `records: 0`) — is `none: true` once loaded, and `count` is then absent or at least 1: the engine
 * reads one spelling.
 */
function oneAbsence<T extends { none?: true; count?: number }>(expectation: T): T & { none?: true } {
  const { count, ...rest } = expectation;
  if (count === 0) return { ...rest, none: true } as T & { none?: true };
  return (count === undefined ? rest : expectation) as T;
}

const within = durationSchema
  .optional()
  .describe('Deadline after the final click (the SLA), e.g. "2m"; at most 24h');

export const submitExpectationSchema = z.strictObject({
  outcome: z
    .enum(['accepted', 'rejected'])
    .describe('accepted: the success condition holds; rejected: the form shows errors'),
  errors: z
    .array(z.string().min(1))
    .optional()
    .describe('For rejected: the input keys whose fields must show an error — exactly these'),
  within: boundedDuration(DURATION_LIMITS.step)
    .optional()
    .describe('Deadline from the final click to the outcome page; at most 10m'),
  clicks: z
    .number()
    .int()
    .min(1)
    .max(3)
    .optional()
    .describe(
      'Click the final button this many times in quick succession (a double click, by the mouse at the button’s position), as an impatient person does: 2 checks that the page disables it, with `count: 1` on the notification, `records: 1` on the CRM and `count: 1` on the conversion. A click on a disabled button does nothing, as for a person',
    ),
});

export const notificationExpectationSchema = z
  .strictObject({
    none: z
      .literal(true)
      .optional()
      .describe('Expected absence: no notification may arrive within the window'),
    within,
    count: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Exactly this many notifications for this case (default: at least one)'),
    to: matcherSchema.optional(),
    subject: matcherSchema.optional(),
    body: z
      .union([matcherSchema, z.array(matcherSchema)])
      .optional()
      .describe('Matchers on the text body'),
    fields: fieldMatchers.optional().describe('"Label: value" lines of the body, by label, e.g. 電話番号'),
  })
  .transform(oneAbsence);

export const crmExpectationSchema = z
  .strictObject({
    none: z.literal(true).optional().describe('Expected absence: no record may appear within the window'),
    within,
    records: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Exactly this many records carry the synthetic identity (its email, or its marker)'),
    fields: fieldMatchers.optional().describe('Record properties by name, e.g. utm_source, lifecyclestage'),
    from: z
      .union([z.enum(['first', 'last']), z.number().int().min(1).max(5)])
      .optional()
      .describe(
        'Which submission’s input `{{input.…}}` in fields means: first, last (the default: a CRM keeps the latest write) or its number (1 = the first)',
      ),
    updated: z
      .literal(true)
      .optional()
      .describe(
        'A record was updated rather than created by the last submission: it was created before the last final click and changed after it',
      ),
  })
  // `records` is the CRM's word for the count of items every check has.
  .transform(({ records, ...rest }) =>
    oneAbsence<typeof rest & { count?: number }>({ ...rest, count: records }),
  );

export const analyticsEventExpectationSchema = z
  .strictObject({
    name: z.string().min(1).describe('Event name, e.g. generate_lead'),
    source: nameSchema.optional().describe('Which analytics probe saw it (default: the target’s first)'),
    count: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Exactly this many (default: at least one; 0 = must not fire)'),
    params: fieldMatchers.optional().describe('Event parameters without the ep./epn. prefix'),
    hit: fieldMatchers
      .optional()
      .describe(
        'Parameters of the GA4 hit that carried the event, as sent (not ep./epn.): gcs (consent state, e.g. G111), gcd, npa, dl (page URL), dr (referrer), tid…',
      ),
    utm: fieldMatchers
      .optional()
      .describe('UTM values of the page the event was sent from: source, medium, campaign…'),
  })
  .transform(oneAbsence);

export const analyticsExpectationSchema = z
  .strictObject({
    within,
    events: z.array(analyticsEventExpectationSchema).min(1),
  })
  // The check is an expected absence, waited out over the absence window, when no event may fire.
  .transform((expectation) =>
    expectation.events.every((event) => event.none)
      ? { ...expectation, none: true as const }
      : (expectation as typeof expectation & { none?: true }),
  );

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, {
      error: (i) => `expected an id like "AC-01", got ${JSON.stringify(i.input)}`,
    })
    .describe('The acceptance criterion, e.g. AC-01'),
  title: z.string().min(1),
  description: z.string().optional(),
  form: nameSchema.describe('The form (a key of forms in cutover.config.ts)'),
  targets: z
    .array(nameSchema)
    .min(1)
    .optional()
    .describe('Targets to run on (default: every target with the form)'),
  production: z.boolean().default(false).describe('May run on production targets'),
  tags: z.array(z.string()).default([]),
  visit: z
    .strictObject({
      query: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .default({})
        .describe('Query string, e.g. UTM values'),
    })
    .default({ query: {} }),
  submissions: z
    .union([z.number().int().min(1).max(5), z.array(z.record(z.string(), inputValue)).min(1).max(5)])
    .default(1)
    .describe(
      'Submit the form this many times with the same input, or once per list item, each item overriding some input values, e.g. [{}, { phone: 03-9999-9999 }]',
    ),
  input: z
    .record(z.string(), inputValue)
    .describe(
      'Value per form field key; checkboxes true/false, selects by option text, file fields (type: file) a path relative to this file or a list of paths',
    ),
  before: stepsSchema
    .optional()
    .describe(
      'What the visitor does on the page before filling the form: click a button or link (a cookie banner’s 同意する), check a box, wait for a text, dismiss a dialog',
    ),
  afterConfirm: stepsSchema
    .optional()
    .describe('Steps on the confirmation screen before the final button (e.g. tick a last consent box)'),
  expect: z.strictObject({
    submit: submitExpectationSchema,
    form: fieldMatchers
      .optional()
      .describe(
        'Values the page holds just before the form is sent, by field key — what the page filled in itself (a zip lookup’s 都道府県, a default) or must leave alone (a marketing opt-in that must not be pre-ticked: `newsletter: false`)',
      ),
    notification: notificationExpectationSchema
      .optional()
      .describe('The main notification: the target’s first notification probe (the sales mail)'),
    notifications: z
      .record(nameSchema, notificationExpectationSchema)
      .optional()
      .describe(
        'Further notification channels of the same inquiry, by probe name (targets.<t>.probes.notification[].name): e.g. autoreply (the 自動返信 to the visitor), teams. Each has its own deadline, count, fields or absence',
      ),
    crm: crmExpectationSchema.optional(),
    analytics: analyticsExpectationSchema.optional(),
  }),
});

export type Matcher = z.output<typeof matcherSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type SubmitExpectation = z.output<typeof submitExpectationSchema>;
export type NotificationExpectation = z.output<typeof notificationExpectationSchema>;
export type CrmExpectation = z.output<typeof crmExpectationSchema>;
export type AnalyticsExpectation = z.output<typeof analyticsExpectationSchema>;
export type AnalyticsEventExpectation = z.output<typeof analyticsEventExpectationSchema>;

/** How many times the scenario submits the form. */
export function submissionCount(scenario: Pick<Scenario, 'submissions'>): number {
  return typeof scenario.submissions === 'number' ? scenario.submissions : scenario.submissions.length;
}

/** The input of each submission, in order: the scenario's input with that submission's overrides. */
export function submissionInputs(scenario: Pick<Scenario, 'submissions' | 'input'>): Scenario['input'][] {
  return typeof scenario.submissions === 'number'
    ? Array.from({ length: scenario.submissions }, () => ({ ...scenario.input }))
    : scenario.submissions.map((overrides) => ({ ...scenario.input, ...overrides }));
}

/** The index (0-based) of the submission a CRM expectation's `from` names, within `count` submissions. */
export function submissionIndex(from: CrmExpectation['from'] | undefined, count: number): number {
  if (from === 'first') return 0;
  if (from === undefined || from === 'last') return count - 1;
  return Math.min(count, from) - 1;
}
