import { defineProbe } from '../definition.ts';
import { createGa4Probe } from './ga4.ts';
import { ga4OptionsSchema } from './options.ts';

export type { Ga4ProbeOptions } from './options.ts';

export const ga4 = defineProbe({
  use: 'ga4',
  kind: 'analytics',
  options: ga4OptionsSchema,
  timestamps: { source: 'GA4 hit request', resolutionMs: 1, clock: 'cutover' },
  cannot: {},
  create: createGa4Probe,
});
