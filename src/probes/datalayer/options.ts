import { z } from 'zod';
import { nameOption } from '../options.ts';

export const dataLayerOptionsSchema = z
  .strictObject({
    use: z.literal('datalayer'),
    ...nameOption,
    variable: z.string().default('dataLayer').describe('The global array GTM reads (a renamed dataLayer)'),
  })
  .meta({
    description:
      'Every push to the GTM dataLayer from the first page load on, across navigations. Receive time: the push, 1 ms (own clock).',
  });

export type DataLayerProbeOptions = z.output<typeof dataLayerOptionsSchema>;
