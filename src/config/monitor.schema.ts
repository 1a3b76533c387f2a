import { z } from 'zod';
import { nameSchema } from './common.schema.ts';
import { boundedDuration, DURATION_LIMITS, durationSchema } from './duration.ts';
import { describeValue } from './problems.ts';

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
  production: z.boolean().default(false).describe('Set to true to allow running against a production target'),
});

export type MonitorDefinition = z.output<typeof monitorSchema>;
