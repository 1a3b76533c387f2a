import { defineProbe } from '../definition.ts';
import { createHubspotProbe } from './hubspot.ts';
import { hubspotOptionsSchema } from './options.ts';

export type { HubspotProbeOptions } from './options.ts';

export const hubspot = defineProbe({
  use: 'hubspot',
  kind: 'crm',
  options: hubspotOptionsSchema,
  timestamps: { source: 'HubSpot createdAt', resolutionMs: 1, clock: 'system' },
  cannot: {},
  create: createHubspotProbe,
});
