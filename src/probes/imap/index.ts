import { defineProbe } from '../definition.ts';
import { createImapProbe } from './imap.ts';
import { imapOptionsSchema } from './options.ts';

export type { ImapProbeOptions } from './options.ts';

export const imap = defineProbe({
  use: 'imap',
  kind: 'notification',
  options: imapOptionsSchema,
  timestamps: { source: 'IMAP INTERNALDATE', resolutionMs: 1000, clock: 'system' },
  cannot: { countCreated: 'the imap probe cannot count real inquiries yet' },
  create: createImapProbe,
});
