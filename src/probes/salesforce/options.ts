import { z } from 'zod';
import { textOrSecretSchema, urlSchema } from '../../foundation/common.schema.ts';
import { describeValue } from '../../foundation/problems.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

/** An sObject API name: `Lead`, `Inquiry__c`, `ns__Inquiry__c`. */
export const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A field API name, or a relationship path to one: `Company`, `UTM_Campaign__c`, `Owner.Name`. */
export const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

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
      .regex(OBJECT_NAME, {
        error: (issue) =>
          `expected an sObject API name like "Lead" or "Inquiry__c", got ${describeValue(issue.input)}`,
      })
      .default('Lead')
      .describe('The sObject the form creates: Lead, Contact, or a custom one (Inquiry__c)'),
    fields: z
      .array(
        z.string().regex(FIELD_PATH, {
          error: (issue) =>
            `expected a field API name like "Company", "UTM_Campaign__c" or a relationship path like "Owner.Name", got ${describeValue(issue.input)}`,
        }),
      )
      .default(['Id', 'Email', 'FirstName', 'LastName', 'Company', 'LeadSource', 'Status', 'Description'])
      .describe(
        'Field API names always read and shown as evidence, relationship fields as paths (`Owner.Name`); the fields a scenario expects are added',
      ),
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
