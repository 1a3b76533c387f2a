import { z } from 'zod';
import { isDemoUrl, urlSchema } from '../../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS } from '../../foundation/duration.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

export const hubspotOptionsSchema = z
  .strictObject({
    use: z.literal('hubspot'),
    ...nameOption,
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

export type HubspotProbeOptions = z.output<typeof hubspotOptionsSchema>;
