import { defineProbe } from '../definition.ts';
import { createDataLayerProbe } from './datalayer.ts';
import { dataLayerOptionsSchema } from './options.ts';

export type { DataLayerProbeOptions } from './options.ts';

export const datalayer = defineProbe({
  use: 'datalayer',
  kind: 'analytics',
  options: dataLayerOptionsSchema,
  timestamps: { source: 'dataLayer push', resolutionMs: 1, clock: 'cutover' },
  cannot: {},
  create: createDataLayerProbe,
});
