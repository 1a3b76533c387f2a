import { z } from 'zod';
import { nameOption } from '../options.ts';

export const ga4OptionsSchema = z
  .strictObject({
    use: z.literal('ga4'),
    ...nameOption,
    forward: z
      .boolean()
      .default(false)
      .describe(
        'Let synthetic hits go on to the real GA4 property. Default false, on every target: each hit is captured and answered locally (204) and never reaches Google. true means every case run is counted as a real visit and conversion (generate_lead …) in that property, and in the ad platforms that import its conversions — use it only with a test property, or filter the runs out by their utm_campaign (the marker).',
      ),
    block: z.boolean().optional().describe('Older spelling: block: false is forward: true. Prefer forward.'),
  })
  .superRefine((options, ctx) => {
    if (options.block === true && options.forward) {
      ctx.addIssue({
        code: 'custom',
        path: ['block'],
        message: 'block: true contradicts forward: true; keep one (forward: true sends hits to Google)',
      });
    }
  })
  .meta({
    description:
      'GA4 hits the browser sends: every request whose path ends in /g/collect, any host, batched bodies, `ep.`/`epn.` parameters, UTMs from `dl`. Captured and answered locally unless `forward`. Receive time: the request, 1 ms (own clock).',
  });

export type Ga4ProbeOptions = z.output<typeof ga4OptionsSchema>;
