import { defineProbe } from '../definition.ts';
import { restOptionsSchema } from './options.ts';
import { createRestProbe } from './rest.ts';

export type { RestProbeOptions } from './options.ts';

export const rest = defineProbe({
  use: 'rest',
  kind: 'crm',
  options: restOptionsSchema,
  timestamps: (options) => ({
    source: 'REST createdAt',
    resolutionMs: options.createdAtResolution,
    clock: 'system',
  }),
  cannot: {
    sweep: (options) =>
      options.sweep
        ? undefined
        : 'the rest probe has no `sweep` URL template: give one ({prefix}, {since}) to sweep it',
    countCreated: (options) =>
      options.count
        ? undefined
        : 'the rest probe needs a count URL template to count real inquiries (count: https://crm/api/leads?created_from={from}&created_to={to})',
    readLeads: (options) =>
      options.count
        ? undefined
        : 'the rest probe needs a count URL template to read the leads of a window for the sales SLA (count: https://crm/api/leads?created_from={from}&created_to={to})',
  },
  create: createRestProbe,
});
