import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parse, stringify } from 'yaml';

/**
 * What on-call receives, caught on 127.0.0.1 for the alerting tests: an HTTP server for Slack
 * (`/slack`) and Alertmanager webhooks (`/webhook`), and an SMTP server for the e-mails, each
 * parsed as a mail client shows it. `alertmanagerConfig` points a written alertmanager.yml at
 * them, its waits shortened, everything else (routes, inhibitions, templates) as written.
 */

export interface Received {
  path: string;
  body: Record<string, unknown>;
}

export interface Mail {
  subject: string;
  html: string;
  text: string;
}

export interface OnCallReceivers {
  /** Every request to the HTTP server, in order. */
  received: Received[];
  mails: Mail[];
  /** Each Slack attachment as "title\ntext". */
  slackTexts(): string[];
  /** `config` (an alertmanager.yml) sending here; with `webhook`, each receiver also posts to /webhook. */
  alertmanagerConfig(config: string, options?: { webhook?: boolean }): string;
  stop(): Promise<void>;
}

async function listen(server: Server | SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = (server as Server).address?.() ?? (server as SMTPServer).server.address();
  return (address as AddressInfo).port;
}

export async function startOnCallReceivers(): Promise<OnCallReceivers> {
  const received: Received[] = [];
  const mails: Mail[] = [];
  const http = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(body || '{}') });
      response.writeHead(200).end('ok');
    });
  });
  const url = `http://127.0.0.1:${await listen(http)}`;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          mails.push({ subject: mail.subject ?? '', html: String(mail.html || ''), text: mail.text ?? '' });
          done();
        },
        (error: Error) => done(error),
      );
    },
  });
  const smtpPort = await listen(smtp);
  return {
    received,
    mails,
    slackTexts: () =>
      received
        .filter((r) => r.path === '/slack')
        .flatMap(
          (r) => (r.body as { attachments?: Array<{ title?: string; text?: string }> }).attachments ?? [],
        )
        .map((a) => `${a.title}\n${a.text}`),
    alertmanagerConfig(text, options = {}) {
      const config = parse(text);
      config.global = {
        resolve_timeout: '5m',
        smtp_smarthost: `127.0.0.1:${smtpPort}`,
        smtp_from: 'cutover-alerts@example.com',
        smtp_require_tls: false,
        slack_api_url: `${url}/slack`,
      };
      Object.assign(config.route, { group_wait: '1s', group_interval: '1s', repeat_interval: '1h' });
      if (options.webhook)
        for (const r of config.receivers as Array<Record<string, unknown>>)
          r.webhook_configs = [{ url: `${url}/webhook`, send_resolved: true }];
      return stringify(config);
    },
    async stop() {
      await new Promise((resolve) => http.close(resolve));
      await new Promise((resolve) => smtp.close(() => resolve(undefined)));
    },
  };
}
