import { z } from 'zod';
import { urlSchema } from '../../foundation/common.schema.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

export const slackOptionsSchema = z
  .strictObject({
    use: z.literal('slack'),
    ...nameOption,
    token: secretRefSchema.describe('Bot token (xoxb-…) with channels:history'),
    channel: z.string().describe('Channel ID, e.g. C0123456789'),
    apiUrl: urlSchema
      .default('https://slack.com/api')
      .describe('Slack Web API base URL (a proxy or a test double)'),
  })
  .meta({
    description:
      'A Slack channel the site posts its notification to: reads `conversations.history` from the click on, honouring 429 Retry-After. Receive time: `ts`, 1 ms.',
  });

export type SlackProbeOptions = z.output<typeof slackOptionsSchema>;
