import { z } from 'zod';
import { nameSchema, regexSourceSchema, urlSchema } from '../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS, durationSchema } from '../foundation/duration.ts';
import { isTimeZone, LANGS } from '../foundation/i18n/index.ts';
import { analyticsProbeSchema, crmProbeSchema, notificationProbeSchema } from '../probes/index.ts';
import { stepsSchema } from './step.schema.ts';

/** One field of a form, addressed by its visible label; a string is shorthand for `{ label }`. */
export const fieldSchema = z.union([
  z.string().min(1),
  z.strictObject({
    label: z.string().min(1).describe('The visible label, e.g. "会社名". Matched as accessible name.'),
    exact: z.boolean().default(false).describe('Match the label exactly instead of as a substring.'),
    type: z
      .enum(['file'])
      .optional()
      .describe(
        'file: the control is an <input type=file>; scenarios give it a path (relative to the scenario file) or a list of paths',
      ),
  }),
]);

/**
 * Where an embedded form lives: the iframe whose URL contains `src` (or matches it, written as
 * `/regex/`), or the iframe a CSS selector finds on the page.
 */
export const frameSchema = z
  .strictObject({
    src: z
      .string()
      .min(1)
      .superRefine((src, ctx) => {
        const regex = regexOfFrameSrc(src);
        if (regex === undefined) return;
        const checked = regexSourceSchema.safeParse(regex);
        if (!checked.success)
          for (const issue of checked.error.issues)
            ctx.addIssue({ code: 'custom', input: src, message: issue.message });
      })
      .optional()
      .describe('Text the frame’s URL contains, e.g. "forms.example.net/quote", or /a regular expression/'),
    selector: z
      .string()
      .min(1)
      .optional()
      .describe('CSS selector of the <iframe> element, e.g. "iframe#quote-form"'),
  })
  .refine((frame) => (frame.src === undefined) !== (frame.selector === undefined), {
    error: 'give either src (the frame’s URL) or selector (its <iframe> element), not both',
  });

/** The regular expression of a `frame.src` written as `/…/`; undefined for a plain substring. */
export function regexOfFrameSrc(src: string): string | undefined {
  return src.length > 2 && src.startsWith('/') && src.endsWith('/') ? src.slice(1, -1) : undefined;
}

/** A form as QA knows it: its fields by logical key (the keys scenarios use in `input`). */
export const formSchema = z.strictObject({
  fields: z.record(nameSchema, fieldSchema).refine((fields) => Object.keys(fields).length > 0, {
    error: 'a form needs at least one field',
  }),
});

/** How to operate one form on one target: where it is, how to submit, what success looks like. */
export const targetFormSchema = z.strictObject({
  path: z.string().startsWith('/').describe('Page path of the form, e.g. "/contact/"'),
  frame: frameSchema
    .optional()
    .describe(
      'The iframe the form lives in when the page embeds it (HubSpot, formrun, Marketo…), cross-origin included: `{ src: "…" }` or `{ selector: "iframe#…" }`. Fields, buttons, errors and the success text are looked up there',
    ),
  before: stepsSchema
    .optional()
    .describe(
      'Steps this site needs before the form can be filled, e.g. a cookie banner: `- click: { role: button, name: 同意する }`. Run before the scenario’s own `before`',
    ),
  selectors: z
    .record(nameSchema, z.string().min(1))
    .default({})
    .describe('CSS/Playwright selectors that override the label for some fields on this target'),
  confirm: z
    .string()
    .optional()
    .describe('Button that leads to a confirmation screen (入力内容の確認), when the form has one'),
  submit: z.string().min(1).describe('The button that finally sends the form (送信 / 送信する)'),
  success: z
    .strictObject({
      url: regexSourceSchema.optional().describe('Regular expression the thank-you URL matches'),
      text: z.string().optional().describe('Text the thank-you page shows'),
    })
    .refine((s) => s.url !== undefined || s.text !== undefined, {
      error: 'give a success url, text or both',
    })
    .describe(
      'What the page shows once the inquiry is accepted: `url`, a regular expression the thank-you URL matches, and/or `text` it shows; with both, both must hold',
    ),
  errors: z
    .strictObject({
      invalid: z
        .string()
        .default('[aria-invalid="true"]')
        .describe(
          'Selector matching a control the site marks invalid; its aria-describedby text is recorded',
        ),
    })
    .default({ invalid: '[aria-invalid="true"]' })
    .describe(
      'How field errors show: `invalid`, a selector matching a control the site marks invalid (its aria-describedby text is recorded)',
    ),
});

export const targetSchema = z.strictObject({
  url: urlSchema.describe('Base URL of the site, e.g. https://staging.example.co.jp or demo://renewal'),
  production: z
    .boolean()
    .default(false)
    .describe(
      'A production target runs only scenarios marked production: true, and only when asked on purpose',
    ),
  syntheticEmail: z
    .string()
    .includes('{marker}', { error: 'must contain {marker}, e.g. "qa+{marker}@example.com"' })
    .optional()
    .describe('This target’s synthetic email pattern, when it differs from `synthetic.email`'),
  forms: z
    .record(nameSchema, targetFormSchema)
    .describe('How each form (a key of the top-level `forms`) is operated on this target'),
  probes: z
    .strictObject({
      notification: z
        .union([notificationProbeSchema, z.array(notificationProbeSchema).min(1)])
        .optional()
        .describe(
          'Where the inquiry is announced: one probe, or a list of named probes — e.g. `sales` (IMAP), `autoreply` (the visitor’s 自動返信), `teams` (a chat webhook). The first is the main channel (`expect.notification`); scenarios check the others by name (`expect.notifications.<name>`); cleanup covers them all',
        )
        .transform((probes) => (probes === undefined ? [] : Array.isArray(probes) ? probes : [probes]))
        .check((ctx) => {
          const seen = new Set<string>();
          for (const [i, probe] of ctx.value.entries()) {
            const name = probe.name ?? probe.use;
            if (seen.has(name))
              ctx.issues.push({
                code: 'custom',
                input: probe,
                path: [i, 'name'],
                message: `another notification probe of this target is already called "${name}": give each a distinct name`,
              });
            seen.add(name);
          }
        }),
      crm: crmProbeSchema.optional(),
      analytics: z.array(analyticsProbeSchema).default([]),
    })
    .default({ notification: [], analytics: [] })
    .describe(
      'The systems this target’s form reaches: `notification` (one probe or a list of named ones), `crm` (one probe) and `analytics` (a list); see the probe sections',
    ),
});

/** The documents cutover writes: in which language, and on which clock. */
export const reportSettingsSchema = z
  .strictObject({
    lang: z
      .enum(LANGS)
      .optional()
      .describe(
        'Language of the acceptance report, the parity diff and the run summary: "ja" or "en". Default: the environment (LC_ALL, then LANG: ja_JP.UTF-8 → ja), else en; `--lang` overrides',
      ),
    timeZone: z
      .string()
      .refine(isTimeZone, { error: 'expected an IANA time zone like "Asia/Tokyo" or "UTC"' })
      .optional()
      .describe(
        'IANA time zone every time in the documents is shown in, with its zone ("2026-12-08 10:15:41 JST"), e.g. "Asia/Tokyo". Default: the system’s',
      ),
  })
  .describe('The documents cutover writes: `lang` and `timeZone`');

export const configSchema = z.strictObject({
  synthetic: z
    .strictObject({
      marker: z
        .string()
        .regex(/^[a-z][a-z0-9]{1,9}$/, { error: 'expected a short lower-case prefix like "ct"' })
        .default('ct')
        .describe('Marker prefix: markers look like ct-20261126-7f3a9c'),
      email: z
        .string()
        .includes('{marker}', { error: 'must contain {marker}, e.g. "qa+{marker}@example.com"' })
        .default('qa+{marker}@example.com')
        .describe('Synthetic email pattern (plus-addressing by default)'),
    })
    .default({ marker: 'ct', email: 'qa+{marker}@example.com' }),
  defaults: z
    .strictObject({
      within: durationSchema
        .default(120_000)
        .describe('Deadline of a downstream check when the scenario gives none; at most 24h'),
      absence: boundedDuration(DURATION_LIMITS.case)
        .default(15_000)
        .describe('How long an expected absence is waited out; at most 1h'),
      caseTimeout: boundedDuration(DURATION_LIMITS.case, 1000)
        .default(600_000)
        .describe('Deadline of one whole case run; 1s to 1h'),
      submitTimeout: boundedDuration(DURATION_LIMITS.step, 1000)
        .default(30_000)
        .describe('Deadline for each page step and for the outcome to show; 1s to 10m'),
      settle: boundedDuration(DURATION_LIMITS.step)
        .default(2_000)
        .describe(
          'After an item shows up, how long to keep watching for duplicates and late fields; at most 10m',
        ),
      grace: boundedDuration(DURATION_LIMITS.case)
        .default(30_000)
        .describe(
          'How long past its SLA a notification or CRM record is still waited for: late, not missing; at most 1h',
        ),
      lateArrivals: boundedDuration(DURATION_LIMITS.case)
        .default(0)
        .describe(
          'How long after a case’s final click its marker is still looked for, to clean up what arrives after the case ended (a CRM written by a queue 20–40 s later, a mail the scenario did not check): `cutover uat` and `cutover demo` keep looking before they exit, the monitor looks every cycle. 0s: one last look when the run ends; at most 1h',
        ),
    })
    .default({
      within: 120_000,
      absence: 15_000,
      caseTimeout: 600_000,
      submitTimeout: 30_000,
      settle: 2_000,
      grace: 30_000,
      lateArrivals: 0,
    }),
  forms: z.record(nameSchema, formSchema),
  targets: z.record(nameSchema, targetSchema),
  report: reportSettingsSchema.optional(),
});

export type CutoverConfigInput = z.input<typeof configSchema>;
export type CutoverConfig = z.output<typeof configSchema>;
export type TargetConfig = z.output<typeof targetSchema>;
/** The probes of a target as written in cutover.config.ts, for sharing one set between targets. */
export type TargetProbesInput = z.input<typeof targetSchema>['probes'];
export type TargetFormConfig = z.output<typeof targetFormSchema>;
export type FormConfig = z.output<typeof formSchema>;
export type FieldConfig = z.output<typeof fieldSchema>;
export type FrameConfig = z.output<typeof frameSchema>;

/** Whether a form field is a file input (`type: file`). */
export function isFileField(field: string | { type?: string } | undefined): boolean {
  return typeof field === 'object' && field.type === 'file';
}
