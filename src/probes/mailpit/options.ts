import { z } from 'zod';
import { textOrSecretSchema, urlSchema } from '../../foundation/common.schema.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

/** `to: '{email}'`: the inbox is each case's synthetic address (the visitor's auto-reply). */
export const SYNTHETIC_TO = '{email}';

export const mailpitOptionsSchema = z
  .strictObject({
    use: z.literal('mailpit'),
    ...nameOption,
    url: urlSchema.describe('Mailpit base URL, e.g. http://mailpit:8025'),
    to: z
      .string()
      .describe(
        'The inbox address the site sends its notification to, e.g. sales@example.com; or `{email}`: the case’s synthetic address, to check the auto-reply the site sends the visitor (自動返信) when it lands in the same catcher. With `{email}` the probe finds mail to the case’s address, a sweep mail to any synthetic address of the project, and it cannot count real inquiries (real visitors’ auto-replies never reach a catcher).',
      ),
    auth: z
      .strictObject({ username: textOrSecretSchema, password: secretRefSchema })
      .optional()
      .describe('HTTP basic auth of the Mailpit API, when it has one: { username, password: env("NAME") }'),
  })
  .meta({
    description:
      'Mailpit (or any Mailpit-compatible catcher) on a staging site: searches the inbox for the synthetic address and the marker through the REST API. Receive time: `Created`, 1 ms.',
  });

export type MailpitProbeOptions = z.output<typeof mailpitOptionsSchema>;
