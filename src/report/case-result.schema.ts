import { z } from 'zod';
import { FINDING_KINDS, MATCH_KINDS } from '../scenario/findings.ts';

/**
 * The zod mirror of src/scenario/case-result.ts. The TypeScript interfaces stay the engine's
 * contract; this schema is what a report file is validated against, and a type-level test keeps
 * the two mutually assignable (test/report/schema.test.ts).
 */

export const verdictSchema = z.enum(['passed', 'failed', 'error', 'skipped']);
export const checkNameSchema = z.enum(['submit', 'form', 'notification', 'crm', 'analytics']);

const timestamp = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 date-time, e.g. 2026-11-26T01:02:03.456Z' });

const fieldErrorSchema = z.object({ field: z.string(), message: z.string().optional() });

const submitEvidenceSchema = z.object({
  kind: z.literal('submit'),
  outcome: z.enum(['accepted', 'rejected', 'error', 'timeout']),
  url: z.string(),
  status: z.number().int().optional(),
  fieldErrors: z.array(fieldErrorSchema),
  screenshot: z
    .string()
    .optional()
    .meta({ description: "Path of the outcome page's screenshot, relative to the report directory." }),
  durationMs: z.number().nonnegative(),
  submissions: z.number().int().nonnegative(),
  step: z
    .enum(['open', 'confirm', 'submit'])
    .optional()
    .meta({ description: 'The page step the outcome showed at.' }),
  clicks: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'How many times the final button was clicked, when more than once.' }),
  steps: z
    .array(
      z.object({
        step: z.string(),
        phase: z.string(),
        in: z.enum(['page', 'form']),
        durationMs: z.number().nonnegative(),
      }),
    )
    .optional()
    .meta({ description: 'The declarative steps taken before the form and between its pages.' }),
  files: z
    .array(
      z.object({
        field: z.string(),
        name: z.string(),
        size: z.number().int().nonnegative(),
        sha256: z.string(),
      }),
    )
    .optional()
    .meta({ description: 'The files chosen in file fields: name, size and SHA-256.' }),
});

const formEvidenceSchema = z.object({
  kind: z.literal('form'),
  values: z.record(z.string(), z.string().nullable()),
  readAt: timestamp,
});

const notificationEvidenceSchema = z.object({
  kind: z.literal('notification'),
  messages: z.array(
    z.object({
      id: z.string(),
      receivedAt: timestamp,
      to: z.array(z.string()),
      from: z.string().optional(),
      subject: z.string(),
      fields: z.record(z.string(), z.string()),
      excerpt: z.string(),
      html: z
        .string()
        .optional()
        .meta({ description: 'The HTML body as received, cut at 100,000 characters.' }),
      htmlTruncated: z.boolean().optional().meta({ description: 'The HTML body was longer than `html`.' }),
    }),
  ),
});

const crmEvidenceSchema = z.object({
  kind: z.literal('crm'),
  records: z.array(
    z.object({
      id: z.string(),
      createdAt: timestamp,
      updatedAt: timestamp.optional(),
      fields: z.record(z.string(), z.string().nullable()),
    }),
  ),
});

const analyticsEvidenceSchema = z.object({
  kind: z.literal('analytics'),
  events: z.array(
    z.object({
      name: z.string(),
      params: z.record(z.string(), z.string()),
      page: z.string().optional(),
      utm: z.record(z.string(), z.string()),
      hit: z.record(z.string(), z.string()).optional().meta({
        description: 'GA4: the parameters of the hit that carried the event (gcs, gcd, npa, dl, dr…).',
      }),
      at: timestamp,
      source: z.string(),
      raw: z.string(),
    }),
  ),
});

export const evidenceSchema = z.discriminatedUnion('kind', [
  submitEvidenceSchema,
  formEvidenceSchema,
  notificationEvidenceSchema,
  crmEvidenceSchema,
  analyticsEvidenceSchema,
]);

export const findingSchema = z
  .object({
    aspect: z.string().meta({
      description:
        'What the finding is about, relative to its check: outcome, fieldErrors.<field>, messages.count, records.count, to, subject, body, fields.<label or property>, subject.charset|body.charset|html.charset, events.<name>[<source>].count|params.<key>|utm.<key>|hit.<key>, delay; form: fields.<field key>.',
    }),
    kind: z.enum(FINDING_KINDS),
    expected: z.string().optional(),
    actual: z.string().optional(),
    match: z.enum(MATCH_KINDS).optional(),
    item: z.number().int().positive().optional(),
    withinMs: z.number().nonnegative().optional(),
    note: z.string().optional(),
    range: z
      .object({
        lowerMs: z.number(),
        upperMs: z.number(),
        resolutionMs: z.number().positive(),
        source: z.string(),
        stampContradicted: z.literal(true).optional(),
      })
      .optional(),
    charset: z
      .object({
        problem: z.enum(['invalid', 'mislabelled', 'unknown']),
        offset: z.number().int().nonnegative().optional(),
        byte: z.number().int().min(0).max(255).optional(),
      })
      .optional()
      .meta({
        description:
          'For mojibake: invalid bytes (the first at offset is byte), bytes mislabelled, or a charset mail readers need not know.',
      }),
  })
  .meta({ description: 'One thing a failed check found wrong (src/scenario/findings.ts).' });

export const caveatSchema = z
  .object({
    kind: z.enum(['unseen', 'unchecked']).meta({
      description:
        "unseen: the probe cannot see this case's items, so an expected absence passes whatever the site does; unchecked: what an expected absence says of an item is never compared",
    }),
    why: z.string(),
    fix: z.string().meta({ description: 'What to change so that the expectation can fail.' }),
  })
  .meta({ description: 'An expectation that cannot (wholly) fail (src/config/vacuous-checks.ts).' });

const groundsSchema = z
  .discriminatedUnion('is', [
    z.object({
      is: z.literal('accepted'),
      afterMs: z.number().nonnegative().optional(),
      submissions: z.number().int().nonnegative(),
    }),
    z.object({ is: z.literal('rejectedAsExpected') }),
    z.object({ is: z.literal('arrived'), count: z.number().int().nonnegative(), subject: z.string() }),
    z.object({
      is: z.literal('recorded'),
      count: z.number().int().nonnegative(),
      id: z.string(),
      updatedBy: z.number().int().positive().optional(),
    }),
    z.object({
      is: z.literal('events'),
      events: z.array(
        z.object({
          name: z.string(),
          source: z.string(),
          count: z.number().int().nonnegative(),
          none: z.literal(true).optional(),
        }),
      ),
    }),
    z.object({ is: z.literal('absent') }),
    z.object({ is: z.literal('notExpected') }),
    z.object({ is: z.literal('noProbe') }),
    z.object({
      is: z.literal('notReached'),
      because: z.enum(['rejected', 'incomplete', 'notSubmitted', 'notRun']),
    }),
  ])
  .meta({
    description:
      'What a passed or skipped check rests on, as data: the reason is rendered from it in the report language.',
  });

export const checkResultSchema = z.object({
  check: checkNameSchema,
  verdict: verdictSchema,
  reason: z.string().meta({ description: 'Rendered from the findings of a failed check; read by people.' }),
  details: z.array(z.string()),
  findings: z.array(findingSchema),
  grounds: groundsSchema.optional(),
  probe: z.string().optional(),
  channel: z.string().optional().meta({
    description: 'A further notification channel, as the scenario names it (expect.notifications.<channel>)',
  }),
  startedAt: timestamp,
  endedAt: timestamp,
  /** The upper bound of `delay`: never negative. */
  delayMs: z.number().optional(),
  delay: z
    .object({
      ms: z.number(),
      lowerMs: z.number(),
      upperMs: z.number(),
      resolutionMs: z.number().positive(),
      source: z.string(),
      upperFrom: z.enum(['stamp', 'seen']),
      lowerFrom: z.enum(['stamp', 'read', 'click']).optional(),
      stampContradicted: z.literal(true).optional().meta({
        description: "The stamp contradicted cutover's own reads: the bounds are what cutover observed.",
      }),
    })
    .optional(),
  slaMs: z.number().nonnegative().optional(),
  evidence: evidenceSchema.optional(),
  caveats: z.array(caveatSchema).optional().meta({
    description:
      "Why the scenario's expectation of this check cannot (wholly) fail with the target's probes and the case's inputs (what `cutover validate` warns of): a pass is then no verdict on the site.",
  }),
});

const cleanupEntrySchema = z.object({
  system: z.enum(['notification', 'crm']),
  probe: z.string(),
  id: z.string(),
  result: z.enum(['deleted', 'refused', 'failed']),
  reason: z.string().optional(),
});

export { timestamp as timestampSchema };

export const targetSchema = z.object({ name: z.string(), url: z.string(), production: z.boolean() });

export const caseResultSchema = z.object({
  scenario: z.object({
    id: z.string(),
    title: z.string(),
    file: z.string().optional(),
    tags: z.array(z.string()),
  }),
  target: targetSchema,
  marker: z.string(),
  email: z.string(),
  verdict: verdictSchema,
  startedAt: timestamp,
  t0: timestamp.optional(),
  endedAt: timestamp,
  durationMs: z.number().nonnegative(),
  checks: z.array(checkResultSchema),
  cleanup: z.array(cleanupEntrySchema),
});
