import { z } from 'zod';
import { textOrSecretSchema, urlSchema } from '../../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS } from '../../foundation/duration.ts';
import { nameOption } from '../options.ts';
import { jsonPathSchema } from './json-path.ts';

/** The JSON path grammar, said once for every path option (json-path.ts has it in full). */
const PATHS =
  "A path is keys joined by `.`, with `[0]` for an array element: `data.items`, `items[0].id`; a leading `$` (alone, or before `.` or `[`) is the value itself: `$.data`. A key is any text without `.`, `[`, `]`, quotes or white space, in any script, `$` and `-` included: `$id.value`, `作成日時.value` (kintone); other keys are quoted: `$['odd key']`. A path that does not parse is refused by validate.";

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
    records: jsonPathSchema
      .default('$')
      .describe(`JSON path to the array of records in the response ($ = the body itself). ${PATHS}`),
    id: jsonPathSchema
      .default('id')
      .describe(
        'JSON path of the record id inside a record, written as `records` says: `id`, kintone `$id.value`',
      ),
    createdAt: jsonPathSchema
      .default('createdAt')
      .describe(
        'JSON path of the creation time inside a record, written as `records` says: `created_at`, kintone `作成日時.value`. How finely the CRM stamps it: `createdAtResolution`',
      ),
    createdAtResolution: boundedDuration(DURATION_LIMITS.any, 1)
      .default(1000)
      .describe(
        'The resolution of the CRM’s clock: how finely it stamps creation times, truncated (default "1s"). A CRM that stamps creation times at minute precision, like kintone’s 作成日時: "1m". The delay to the record is then measured as an interval that wide.',
      ),
    fields: jsonPathSchema
      .default('$')
      .describe(
        'JSON path of the field map inside a record, written as `records` says: `attributes`, or `$` for the record itself',
      ),
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
    updatedAt: jsonPathSchema
      .optional()
      .describe(
        'JSON path of the last-modified time inside a record (`updated_at`). For the sales SLA without a `history` template: a lead whose status has left its initial value was first answered at or before this time (an upper bound: a later edit moves it)',
      ),
    history: z
      .strictObject({
        url: urlSchema.describe(
          'URL template listing one record’s field changes: https://crm/api/leads/{id}/history',
        ),
        records: jsonPathSchema.default('$').describe('JSON path to the array of changes in the response'),
        field: jsonPathSchema
          .default('field')
          .describe('JSON path of the changed field’s name inside a change'),
        value: jsonPathSchema.default('value').describe('JSON path of the new value inside a change'),
        at: jsonPathSchema.default('at').describe('JSON path of the change’s time inside a change'),
      })
      .optional()
      .describe(
        'A record’s change history, for the sales SLA’s status-based first response (the first change of the status field away from its initial values)',
      ),
  })
  .meta({
    description:
      'Any CRM with a JSON API: URL templates to find (by email, optionally by marker), delete and sweep, and JSON paths for the records, their id, creation time and fields. Receive time: the `createdAt` path, at `createdAtResolution` (1 s unless set).',
    fieldNaming:
      'The keys of the object the `fields` JSON path points at in each record, exactly as the API returns them: with `fields: "attributes"` and a record `{ "attributes": { "utm_campaign": "…" } }` the key is `utm_campaign`. Nested values are not flattened.',
  });

export type RestProbeOptions = z.output<typeof restOptionsSchema>;
