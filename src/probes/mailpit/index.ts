import { defineProbe } from '../definition.ts';
import { createMailpitProbe } from './mailpit.ts';
import { mailpitOptionsSchema, SYNTHETIC_TO } from './options.ts';

export type { MailpitProbeOptions } from './options.ts';

export const mailpit = defineProbe({
  use: 'mailpit',
  kind: 'notification',
  options: mailpitOptionsSchema,
  timestamps: { source: 'Mailpit Created', resolutionMs: 1, clock: 'system' },
  cannot: {
    readLeads:
      'a notification probe reads messages, not a CRM’s lead history: the sales SLA is read from the target’s CRM probe',
    countCreated: (options) =>
      options.to === SYNTHETIC_TO
        ? 'the mailpit probe with `to: "{email}"` reads the auto-replies to cutover’s own synthetic visitors: real visitors’ auto-replies never reach a catcher, so there is nothing to count'
        : undefined,
  },
  create: createMailpitProbe,
});
