import { z } from 'zod';
import { isDemoUrl, nameSchema, textOrSecretSchema, urlSchema } from '../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS } from '../foundation/duration.ts';
import { secretRefSchema } from '../foundation/secret.ts';

const named = {
  name: nameSchema.optional().describe('Name scenarios use to refer to this probe; defaults to `use`.'),
};

// Notification probes ---------------------------------------------------------------------------

export const mailpitOptionsSchema = z
  .strictObject({
    use: z.literal('mailpit'),
    ...named,
    url: urlSchema.describe('Mailpit base URL, e.g. http://mailpit:8025'),
    to: z.string().describe('The inbox address the site sends its notification to, e.g. sales@example.com'),
    auth: z
      .strictObject({ username: textOrSecretSchema, password: secretRefSchema })
      .optional()
      .describe('HTTP basic auth of the Mailpit API, when it has one: { username, password: env("NAME") }'),
  })
  .meta({
    description:
      'Mailpit (or any Mailpit-compatible catcher) on a staging site: searches the inbox for the synthetic address and the marker through the REST API. Receive time: `Created`, 1 ms.',
  });

export const imapOptionsSchema = z
  .strictObject({
    use: z.literal('imap'),
    ...named,
    host: z.string().describe('IMAP server host name, e.g. imap.example.co.jp'),
    port: z
      .number()
      .int()
      .positive()
      .default(993)
      .describe(
        'IMAP port: 993 for TLS from the start (`secure: true`); 143 with `secure: false` (STARTTLS when the server offers it)',
      ),
    secure: z
      .boolean()
      .default(true)
      .describe(
        'TLS from the first byte (IMAPS, port 993). false connects in plain text and upgrades with STARTTLS when offered',
      ),
    user: textOrSecretSchema.describe('Login name of the mailbox, as text or env("NAME")'),
    password: secretRefSchema.describe('Password (or app password) of the mailbox, as env("NAME")'),
    mailbox: z.string().default('INBOX').describe('The folder the notifications arrive in'),
    to: z.string().optional().describe('Only messages addressed to this address count (default: any).'),
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .describe(
        'Refuse a server certificate that does not verify. false only for a test server with a self-signed certificate',
      ),
    pollInterval: boundedDuration(DURATION_LIMITS.step, 50)
      .default(200)
      .describe(
        'While a check waits for mail, ask the server this often (an IMAP NOOP) whether new mail arrived (default "200ms"). Servers hold IDLE pushes back (Dovecot by 0.5 s), so this bounds how late cutover sees a message: the notification delay’s upper bound is at most this much past the truth. Longer sends fewer commands.',
      ),
  })
  .meta({
    description:
      'Any IMAP mailbox (imapflow): waits with IDLE and a NOOP every `pollInterval` while a check waits, matches messages received since the click by the marker; deletes by UID only when the server has UIDPLUS. Receive time: `INTERNALDATE`, 1 s.',
  });

export const slackOptionsSchema = z
  .strictObject({
    use: z.literal('slack'),
    ...named,
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

export const webhookOptionsSchema = z
  .strictObject({
    use: z.literal('webhook'),
    ...named,
    listen: z
      .string()
      .regex(/^[^:]+:\d+$/, { error: 'expected host:port, e.g. 127.0.0.1:8787' })
      .default('127.0.0.1:0')
      .describe(
        'Where cutover listens for the site’s webhook (Slack- or Teams-style JSON), as host:port, e.g. "127.0.0.1:8787" (a site posts to one fixed URL: give a fixed port; 0 takes a free one, for tests). One listener serves the whole run — every target, Playwright worker and case that names this address — and each case finds its own post by its marker. Another `cutover uat` on the same machine (a second shard) reads the listener the first one holds. If the address cannot be bound (another program holds the port), the notification check is `error` with the reason.',
      ),
    path: z
      .string()
      .startsWith('/')
      .default('/hooks/notification')
      .describe(
        'The path the site posts to, e.g. "/hooks/slack": point the site’s webhook URL at http://HOST:PORT + path. Posts to any other path are answered 404 `no_service`.',
      ),
  })
  .meta({
    description:
      'cutover listens and captures the JSON a staging site posts instead of to Slack or Teams (point the site’s webhook URL at it). Receive time: the capture, 1 ms (own clock).',
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
    url: urlSchema.default('https://api.hubapi.com').describe('HubSpot API base URL'),
    token: secretRefSchema
      .optional()
      .describe(
        'Private-app token with crm.objects.contacts read/write, as env("HUBSPOT_TOKEN"); not needed for demo:// URLs',
      ),
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
  })
  .meta({
    description:
      'HubSpot contacts: reads the contact by email (`idProperty=email`) and, with `markerField`, searches for the marker; backs off on 429 by `policyName`. Receive time: `createdAt`, 1 ms.',
    fieldNaming:
      'HubSpot internal property names, as in Settings → Properties → the property’s “internal name”: `email`, `company`, `phone`, `lifecyclestage`, `utm_campaign`, custom ones like `inquiry_type`. Never the label (“会社名”). The properties a scenario expects are read automatically; `properties` adds more.',
  });

export const salesforceOptionsSchema = z
  .strictObject({
    use: z.literal('salesforce'),
    ...named,
    loginUrl: urlSchema.describe(
      'Your My Domain URL, https://<MyDomain>.my.salesforce.com (the client-credentials token comes from its /services/oauth2/token)',
    ),
    clientId: textOrSecretSchema.describe(
      'Consumer key of the connected app with the client-credentials flow enabled, as text or env("NAME")',
    ),
    clientSecret: secretRefSchema.describe('Consumer secret of that connected app, as env("NAME")'),
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d$/, { error: 'expected a version like "v62.0"' })
      .default('v62.0')
      .describe('REST API version'),
    object: z
      .string()
      .default('Lead')
      .describe('The sObject the form creates: Lead, Contact, or a custom one (Inquiry__c)'),
    fields: z
      .array(z.string())
      .default(['Id', 'Email', 'FirstName', 'LastName', 'Company', 'LeadSource', 'Status', 'Description'])
      .describe('Field API names always read and shown as evidence; the fields a scenario expects are added'),
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
  })
  .meta({
    description:
      'Salesforce REST: a client-credentials token, SOQL by email (`+` sent as `%2B`); with `markerField` also LIKE or SOSL; backs off on 403 REQUEST_LIMIT_EXCEEDED. Receive time: `CreatedDate`, 1 s.',
    fieldNaming:
      'Field API names of the object, as in Object Manager → Fields & Relationships → “Field Name”, case as shown: `Email`, `Company`, `LeadSource`, `Description`; custom fields end in `__c`: `UTM_Campaign__c`. Never the label. The fields a scenario expects are added to the SOQL query; `fields` adds more.',
  });

export const restOptionsSchema = z
  .strictObject({
    use: z.literal('rest'),
    ...named,
    find: urlSchema.describe(
      'URL template to list records for an email: https://crm/api/leads?email={email}',
    ),
    headers: z
      .record(z.string(), textOrSecretSchema)
      .default({})
      .describe('Request headers, values as text or env("NAME"): { authorization: env("CRM_AUTH") }'),
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
  })
  .meta({
    description:
      'Any CRM with a JSON API: URL templates to find (by email, optionally by marker), delete and sweep, and JSON paths for the records, their id, creation time and fields. Receive time: the `createdAt` path, taken as 1 s.',
    fieldNaming:
      'The keys of the object the `fields` JSON path points at in each record, exactly as the API returns them: with `fields: "attributes"` and a record `{ "attributes": { "utm_campaign": "…" } }` the key is `utm_campaign`. Nested values are not flattened.',
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
  })
  .meta({
    description:
      'GA4 hits the browser sends: every request whose path ends in /g/collect, any host, batched bodies, `ep.`/`epn.` parameters, UTMs from `dl`. Captured and answered locally unless `forward`. Receive time: the request, 1 ms (own clock).',
  });

export const dataLayerOptionsSchema = z
  .strictObject({
    use: z.literal('datalayer'),
    ...named,
    variable: z.string().default('dataLayer').describe('The global array GTM reads (a renamed dataLayer)'),
  })
  .meta({
    description:
      'Every push to the GTM dataLayer from the first page load on, across navigations. Receive time: the push, 1 ms (own clock).',
  });

export const analyticsProbeSchema = z.discriminatedUnion('use', [ga4OptionsSchema, dataLayerOptionsSchema]);

export type NotificationProbeOptions = z.output<typeof notificationProbeSchema>;
export type CrmProbeOptions = z.output<typeof crmProbeSchema>;
export type AnalyticsProbeOptions = z.output<typeof analyticsProbeSchema>;
export type NotificationProbeName = NotificationProbeOptions['use'];
export type CrmProbeName = CrmProbeOptions['use'];
export type AnalyticsProbeName = AnalyticsProbeOptions['use'];
