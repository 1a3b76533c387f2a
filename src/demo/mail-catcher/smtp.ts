import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailStore } from './store.ts';

export interface SmtpCatcher {
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface SmtpCatcherOptions {
  host?: string;
  /** Checked per connection: when true the server answers `421` and hangs up. */
  refused?: () => boolean;
}

/** A real SMTP server (no auth, no TLS) that keeps every message it receives in `store`. */
export async function startSmtpCatcher(
  store: MailStore,
  options: SmtpCatcherOptions = {},
): Promise<SmtpCatcher> {
  const host = options.host ?? '127.0.0.1';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1000,
    onConnect(_session, callback) {
      if (options.refused?.()) {
        const error = Object.assign(new Error('Service not available, closing transmission channel'), {
          responseCode: 421,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        store
          .add(Buffer.concat(chunks), {
            mailFrom: mailFrom ? mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          })
          .then(
            () => callback(),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
      });
    },
  });
  server.on('error', () => {
    // A client that disconnects mid-session is not the catcher's problem.
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
