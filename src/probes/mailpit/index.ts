import { defineProbe } from '../definition.ts';
import { createMailpitProbe } from './mailpit.ts';
import { mailpitOptionsSchema } from './options.ts';

export type { MailpitProbeOptions } from './options.ts';

export const mailpit = defineProbe({
  use: 'mailpit',
  kind: 'notification',
  options: mailpitOptionsSchema,
  timestamps: { source: 'Mailpit Created', resolutionMs: 1, clock: 'system' },
  cannot: {},
  create: createMailpitProbe,
});
