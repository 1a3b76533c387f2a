import { z } from 'zod';
import { isDemoUrl, nameSchema, textOrSecretSchema, urlSchema } from './common.schema.ts';
import { boundedDuration, DURATION_LIMITS } from './duration.ts';
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
    markerField: z
      .string()
      .regex(/^[a-z0-9_]+$/, { error: 'expected a HubSpot property name like "message"' })
      .optional()
      .describe(
        'The contact property the form’s free-text field lands in, e.g. "message". A case then also finds (and cleans up) contacts whose property carries its marker — so a case whose input is not the synthetic email is found, and `crm: { none: true }` is a real check — and `cutover cleanup` searches it. Uses the search API, which lags creation by seconds.',
      ),
    searchLag: boundedDuration(DURATION_LIMITS.step)
      .optional()
      .describe(
        'How long HubSpot’s search index may lag a write (default "10s", HubSpot’s own guidance). A CRM check that counts records (`records: N`) keeps searching this long after the last submission, so a duplicate contact the index has not caught up with is still counted.',
      ),
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
  markerField: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'expected a Salesforce field API name like "Description"' })
    .optional()
    .describe(
      'The field the form’s free-text field lands in, e.g. "Description". A case then also finds (and cleans up) records whose field carries its marker, and `cutover cleanup` searches it.',
    ),
  markerSearch: z
    .enum(['soql', 'sosl'])
    .optional()
    .describe(
      'How markerField is searched: "soql" (the default: WHERE field LIKE, for filterable Text fields) or "sosl" (FIND … IN ALL FIELDS, for Long Text Areas such as Lead.Description, which SOQL cannot filter; the search index lags creation).',
    ),
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
  findByMarker: urlSchema
    .optional()
    .describe(
      'URL template listing records whose free-text field carries the marker: https://crm/api/leads?message_contains={marker}. A case then also finds (and cleans up) those records; only records that do carry the marker count.',
    ),
  sweep: urlSchema
    .optional()
    .describe(
      'URL template listing records a sweep (cutover cleanup) looks at: {prefix} is the marker prefix followed by "-", {since} an ISO time, e.g. https://crm/api/leads?q={prefix}&created_after={since}. Only records carrying a marker are deleted.',
    ),
  count: urlSchema
    .optional()
    .describe(
      'URL template listing the records created in a window, for the real-inquiry watch: {from} and {to} are ISO times, e.g. https://crm/api/leads?created_from={from}&created_to={to}. Records carrying a marker or the synthetic email are not counted; only the number leaves cutover.',
    ),
});

export const crmProbeSchema = z.discriminatedUnion('use', [
  hubspotOptionsSchema,
  salesforceOptionsSchema,
  restOptionsSchema,
]);

// Analytics probes ------------------------------------------------------------------------------

export const ga4OptionsSchema = z
  .strictObject({
    use: z.literal('ga4'),
    ...named,
    forward: z
      .boolean()
      .default(false)
      .describe(
        'Let synthetic hits go on to the real GA4 property. Default false, on every target: each hit is captured and answered locally (204) and never reaches Google. true means every case run is counted as a real visit and conversion (generate_lead …) in that property, and in the ad platforms that import its conversions — use it only with a test property, or filter the runs out by their utm_campaign (the marker).',
      ),
    block: z.boolean().optional().describe('Older spelling: block: false is forward: true. Prefer forward.'),
  })
  .superRefine((options, ctx) => {
    if (options.block === true && options.forward) {
      ctx.addIssue({
        code: 'custom',
        path: ['block'],
        message: 'block: true contradicts forward: true; keep one (forward: true sends hits to Google)',
      });
    }
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
