import { z } from 'zod';
import { textOrSecretSchema, urlSchema } from '../../foundation/common.schema.ts';
import { nameOption } from '../options.ts';

export const restOptionsSchema = z
  .strictObject({
    use: z.literal('rest'),
    ...nameOption,
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

export type RestProbeOptions = z.output<typeof restOptionsSchema>;
