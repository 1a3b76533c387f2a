import { defineProbe } from '../definition.ts';
import { createImapProbe } from './imap.ts';
import { imapOptionsSchema } from './options.ts';

export type { ImapProbeOptions } from './options.ts';

export const imap = defineProbe({
  use: 'imap',
  kind: 'notification',
  options: imapOptionsSchema,
  timestamps: { source: 'IMAP INTERNALDATE', resolutionMs: 1000, clock: 'system' },
  cannot: {
    countCreated: 'the imap probe cannot count real inquiries yet',
    readLeads:
      'a notification probe reads messages, not a CRM’s lead history: the sales SLA is read from the target’s CRM probe',
  },
  create: createImapProbe,
});
