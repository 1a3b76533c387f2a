import { defineProbe } from '../definition.ts';
import { createKintoneProbe } from './kintone.ts';
import { kintoneOptionsSchema } from './options.ts';

export type { KintoneProbeOptions } from './options.ts';

export const kintone = defineProbe({
  use: 'kintone',
  kind: 'crm',
  options: kintoneOptionsSchema,
  // kintone keeps 作成日時 to the minute: a record stamped 08:15:00 arrived in [08:15:00, 08:16:00).
  timestamps: (options) => ({
    source: `kintone ${options.createdTimeField}`,
    resolutionMs: options.createdAtResolution,
    clock: 'system',
  }),
  cannot: {
    readLeads:
      'the kintone probe cannot read a first response: kintone’s REST API keeps no field history (use a status field’s own timestamp with the rest probe)',
  },
  create: createKintoneProbe,
});
