import { defineProbe } from '../definition.ts';
import { salesforceOptionsSchema } from './options.ts';
import { createSalesforceProbe } from './salesforce.ts';

export type { SalesforceProbeOptions } from './options.ts';

export const salesforce = defineProbe({
  use: 'salesforce',
  kind: 'crm',
  options: salesforceOptionsSchema,
  timestamps: { source: 'Salesforce CreatedDate', resolutionMs: 1000, clock: 'system' },
  cannot: {},
  create: createSalesforceProbe,
});
