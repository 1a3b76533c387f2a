import { z } from 'zod';
import { textOrSecretSchema } from '../../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS } from '../../foundation/duration.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

export const imapOptionsSchema = z
  .strictObject({
    use: z.literal('imap'),
    ...nameOption,
    host: z.string().describe('IMAP server host name, e.g. imap.example.co.jp'),
    port: z
      .number()
      .int()
      .positive()
      .default(993)
      .describe(
        'IMAP port: 993 for TLS from the start (`secure: true`); 143 with `secure: false` (STARTTLS when the server offers it)',
      ),
    secure: z
      .boolean()
      .default(true)
      .describe(
        'TLS from the first byte (IMAPS, port 993). false connects in plain text and upgrades with STARTTLS when offered',
      ),
    user: textOrSecretSchema.describe('Login name of the mailbox, as text or env("NAME")'),
    password: secretRefSchema.describe('Password (or app password) of the mailbox, as env("NAME")'),
    mailbox: z.string().default('INBOX').describe('The folder the notifications arrive in'),
    to: z.string().optional().describe('Only messages addressed to this address count (default: any).'),
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .describe(
        'Refuse a server certificate that does not verify. false only for a test server with a self-signed certificate',
      ),
    pollInterval: boundedDuration(DURATION_LIMITS.step, 50)
      .default(200)
      .describe(
        'While a check waits for mail, ask the server this often (an IMAP NOOP) whether new mail arrived (default "200ms"). Servers hold IDLE pushes back (Dovecot by 0.5 s), so this bounds how late cutover sees a message: the notification delay’s upper bound is at most this much past the truth. Longer sends fewer commands.',
      ),
  })
  .meta({
    description:
      'Any IMAP mailbox (imapflow): waits with IDLE and a NOOP every `pollInterval` while a check waits, matches messages received since the click by the marker; deletes by UID only when the server has UIDPLUS. Receive time: `INTERNALDATE`, 1 s.',
  });

export type ImapProbeOptions = z.output<typeof imapOptionsSchema>;
