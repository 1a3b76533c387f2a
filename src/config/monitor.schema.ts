import { z } from 'zod';
import { nameSchema } from '../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS, durationSchema, parsePeriod } from '../foundation/duration.ts';
import { describeValue } from '../foundation/problems.ts';
import { slaSchema } from './sla.schema.ts';

/** The systems a watch can count real inquiries in: the target's CRM probe and notification probe. */
export const WATCH_SOURCES = ['crm', 'notification'] as const;
export type WatchSource = (typeof WATCH_SOURCES)[number];

/**
 * The real-inquiry watch: counts the real (non-synthetic) inquiries the target's CRM and/or sales
 * inbox received, window by window, against a baseline from the same system's own history.
 * Only counts leave the process.
 */
export const watchSchema = z.strictObject({
  count: z
    .array(z.enum(WATCH_SOURCES))
    .min(1)
    .default(['crm', 'notification'])
    .describe('Where real inquiries are counted: the target’s CRM probe, its notification inbox, or both'),
  every: boundedDuration(DURATION_LIMITS.any, 1000)
    .default(300_000)
    .describe(
      'Window length: every window of this length (aligned to the clock) is counted once it has closed; 1s to 24h (default 5m)',
    ),
  weeks: z
    .number()
    .int()
    .min(1)
    .max(12)
    .default(4)
    .describe(
      'Weeks of history behind the baseline: the median of the same hour of the week over these weeks',
    ),
  crmFilter: z
    .strictObject({
      field: z.string().min(1).describe('CRM field, e.g. hs_analytics_source or LeadSource'),
      value: z.string().min(1).describe('The value real web inquiries carry, e.g. Web'),
    })
    .optional()
    .describe(
      'Count only CRM records whose field equals this value (records from other channels are not web inquiries)',
    ),
  sla: slaSchema
    .optional()
    .describe(
      'The sales side: first-response time of real leads in business time, the valid (in-scope) share and field completeness, read from the target’s CRM probe',
    ),
});

export type WatchDefinition = z.output<typeof watchSchema>;

/** How long a failed run's evidence is kept: "7d", "36h", "90m"; 1m to 366d. */
const periodSchema = z
  .string({ error: (i) => `expected a period like "7d" or "36h", got ${describeValue(i.input)}` })
  .refine(
    (text) => {
      const ms = parsePeriod(text);
      return ms !== undefined && ms >= 60_000 && ms <= 366 * 86_400_000;
    },
    { error: (i) => `expected a period from 1m to 366d like "7d" or "36h", got ${describeValue(i.input)}` },
  );

/**
 * Where the monitor keeps each failed or errored run's evidence, and for how long. Like `listen`,
 * it is the monitor process's: the first file's counts, and the command line's flags win.
 */
export const evidenceSchema = z.strictObject({
  dir: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The evidence directory, from the directory the monitor runs in like --evidence-dir (default .cutover/monitor-evidence)',
    ),
  keep: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('Failed or errored runs kept at most; the oldest go first (default 200)'),
  maxAge: periodSchema
    .optional()
    .describe('How long a failed or errored run is kept, e.g. "7d" or "36h" (default 7d)'),
});

export const monitorSchema = z.strictObject({
  $schema: z.string().optional(),
  target: nameSchema.describe('The target to watch (a key of targets in cutover.config.ts)'),
  scenarios: z.array(z.string().min(1)).min(1).describe('Scenario ids to repeat'),
  interval: boundedDuration(DURATION_LIMITS.any, 1000).describe(
    'How often a cycle starts, e.g. "5m"; 1s to 24h',
  ),
  timeout: durationSchema
    .optional()
    .describe(
      'Deadline of one whole cycle (default: none beyond each case’s own deadline, derived from its SLAs; a cycle still running when the next is due makes that one skipped)',
    ),
  sla: z
    .strictObject({
      submit: boundedDuration(DURATION_LIMITS.step).optional(),
      notification: durationSchema.optional(),
      crm: durationSchema.optional(),
      analytics: durationSchema.optional(),
    })
    .default({})
    .describe('Deadlines per check; override the scenarios’ own `within`'),
  errorRatioWindow: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(12)
    .describe('Case runs behind cutover_error_ratio'),
  listen: z
    .string({ error: (i) => `expected host:port like "127.0.0.1:9464", got ${describeValue(i.input)}` })
    .regex(/^[^:]+:\d+$/, {
      error: (i) => `expected host:port like "127.0.0.1:9464", got ${describeValue(i.input)}`,
    })
    .default('127.0.0.1:9464'),
  externalUrl: z
    .string()
    .regex(/^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/, {
      error: (i) =>
        `expected the URL people reach the monitor by, like https://monitor.example.com or https://ops.example.com/cutover, got ${describeValue(i.input)}`,
    })
    .optional()
    .describe(
      'The address people reach this monitor by (a reverse proxy’s, with its path), for the links to kept runs in the log and in alerts (default: the listen address); like listen, the first file’s counts and --external-url wins',
    ),
  evidence: evidenceSchema
    .optional()
    .describe(
      'Where failed and errored runs keep their evidence (page, JSON, screenshot, trace), and for how long',
    ),
  production: z.boolean().default(false).describe('Set to true to allow running against a production target'),
  watch: watchSchema
    .optional()
    .describe(
      'Also count real inquiries in the target’s CRM and/or sales inbox against their hour-of-week baseline',
    ),
});

export type MonitorDefinition = z.output<typeof monitorSchema>;
