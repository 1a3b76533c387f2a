import { z } from 'zod';
import { textOrSecretSchema, urlSchema } from '../../foundation/common.schema.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

export const salesforceOptionsSchema = z
  .strictObject({
    use: z.literal('salesforce'),
    ...nameOption,
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

export type SalesforceProbeOptions = z.output<typeof salesforceOptionsSchema>;
