import { z } from 'zod';
import { isDemoUrl, nameSchema, textOrSecretSchema, urlSchema } from './common.schema.ts';
import { secretRefSchema } from './secret.ts';

const named = {
  name: nameSchema.optional().describe('Name scenarios use to refer to this probe; defaults to `use`.'),
};

// Notification probes ---------------------------------------------------------------------------

export const mailpitOptionsSchema = z.strictObject({
  use: z.literal('mailpit'),
  ...named,
  url: urlSchema.describe('Mailpit base URL, e.g. http://mailpit:8025'),
  to: z.string().describe('The inbox address the site sends its notification to, e.g. sales@example.com'),
  auth: z.strictObject({ username: textOrSecretSchema, password: secretRefSchema }).optional(),
});

export const imapOptionsSchema = z.strictObject({
  use: z.literal('imap'),
  ...named,
  host: z.string(),
  port: z.number().int().positive().default(993),
  secure: z.boolean().default(true),
  user: textOrSecretSchema,
  password: secretRefSchema,
  mailbox: z.string().default('INBOX'),
  to: z.string().optional().describe('Only messages addressed to this address count (default: any).'),
  rejectUnauthorized: z.boolean().default(true),
});

export const slackOptionsSchema = z.strictObject({
  use: z.literal('slack'),
  ...named,
  token: secretRefSchema.describe('Bot token (xoxb-…) with channels:history'),
  channel: z.string().describe('Channel ID, e.g. C0123456789'),
  apiUrl: urlSchema.default('https://slack.com/api'),
});

export const webhookOptionsSchema = z.strictObject({
  use: z.literal('webhook'),
  ...named,
  listen: z
    .string()
    .regex(/^[^:]+:\d+$/, { error: 'expected host:port, e.g. 127.0.0.1:8787' })
    .default('127.0.0.1:0')
    .describe('Where cutover listens for the site’s webhook (Slack- or Teams-style JSON).'),
  path: z.string().startsWith('/').default('/hooks/notification'),
});

export const notificationProbeSchema = z.discriminatedUnion('use', [
  mailpitOptionsSchema,
  imapOptionsSchema,
  slackOptionsSchema,
  webhookOptionsSchema,
]);

// CRM probes ------------------------------------------------------------------------------------

export const hubspotOptionsSchema = z
  .strictObject({
    use: z.literal('hubspot'),
    ...named,
    url: urlSchema.default('https://api.hubapi.com'),
    token: secretRefSchema.optional().describe('Private-app token; not needed for demo:// URLs'),
    properties: z
      .array(z.string())
      .optional()
      .describe('Properties to read (default: those the scenarios expect)'),
  })
  .superRefine((options, ctx) => {
    if (!options.token && !isDemoUrl(options.url)) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'required: the token, as env("HUBSPOT_TOKEN")',
      });
    }
  });

export const salesforceOptionsSchema = z.strictObject({
  use: z.literal('salesforce'),
  ...named,
  loginUrl: urlSchema.describe('https://<MyDomain>.my.salesforce.com'),
  clientId: textOrSecretSchema,
  clientSecret: secretRefSchema,
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d$/, { error: 'expected a version like "v62.0"' })
    .default('v62.0'),
  object: z.string().default('Lead'),
  fields: z
    .array(z.string())
    .default(['Id', 'Email', 'FirstName', 'LastName', 'Company', 'LeadSource', 'Status', 'Description']),
});

export const restOptionsSchema = z.strictObject({
  use: z.literal('rest'),
  ...named,
  find: urlSchema.describe('URL template to list records for an email: https://crm/api/leads?email={email}'),
  headers: z.record(z.string(), textOrSecretSchema).default({}),
  records: z
    .string()
    .default('$')
    .describe('JSON path to the array of records in the response ($ = the body itself)'),
  id: z.string().default('id').describe('JSON path of the record id inside a record'),
  createdAt: z.string().default('createdAt').describe('JSON path of the creation time inside a record'),
  fields: z.string().default('$').describe('JSON path of the field map inside a record'),
  delete: urlSchema.optional().describe('URL template to delete one record: https://crm/api/leads/{id}'),
});

export const crmProbeSchema = z.discriminatedUnion('use', [
  hubspotOptionsSchema,
  salesforceOptionsSchema,
  restOptionsSchema,
]);

// Analytics probes ------------------------------------------------------------------------------

export const ga4OptionsSchema = z.strictObject({
  use: z.literal('ga4'),
  ...named,
  block: z
    .boolean()
    .optional()
    .describe(
      'Answer hits locally instead of letting them reach Google (default: true on production targets).',
    ),
});

export const dataLayerOptionsSchema = z.strictObject({
  use: z.literal('datalayer'),
  ...named,
  variable: z.string().default('dataLayer'),
});

export const analyticsProbeSchema = z.discriminatedUnion('use', [ga4OptionsSchema, dataLayerOptionsSchema]);

export type NotificationProbeOptions = z.output<typeof notificationProbeSchema>;
export type CrmProbeOptions = z.output<typeof crmProbeSchema>;
export type AnalyticsProbeOptions = z.output<typeof analyticsProbeSchema>;
export type NotificationProbeName = NotificationProbeOptions['use'];
export type CrmProbeName = CrmProbeOptions['use'];
export type AnalyticsProbeName = AnalyticsProbeOptions['use'];
