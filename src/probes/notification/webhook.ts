import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationProbeOptions } from '../../config/probe-options.schema.ts';
import { earliestFor, type ProbeDeps } from '../deps.ts';
import { requireIds } from '../errors.ts';
import {
  type CaseIdentity,
  type NotificationMessage,
  type NotificationProbe,
  type ProbeCall,
  ProbeError,
} from '../probe.ts';
import { type ChatText, flattenChatPayload } from './chat-text.ts';

export type WebhookProbeOptions = Extract<NotificationProbeOptions, { use: 'webhook' }>;

/** One payload the site posted. */
export interface WebhookCapture extends NotificationMessage {
  format: ChatText['format'];
  /** The JSON as posted. */
  payload: unknown;
}

export interface WebhookProbe extends NotificationProbe {
  /** Where the site must post, once listening (`http://127.0.0.1:PORT/hooks/notification`). */
  readonly url: string | undefined;
  /** Starts listening (idempotent) and returns {@link url}. `start()` does the same. */
  listen(): Promise<string>;
  /** Every capture so far, oldest first. */
  captures(): readonly WebhookCapture[];
  start(identity: Omit<CaseIdentity, 't0'>, call: ProbeCall): Promise<void>;
  changed(call: ProbeCall): Promise<void>;
  /** Stops listening; safe to call twice. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Captures older than this are dropped: longer than any case deadline (caseTimeout ≤ 1 h) plus clock skew. */
export const CAPTURE_RETENTION_MS = 2 * 3_600_000;
/** At most this many captures are held (the oldest go first). */
export const MAX_CAPTURES = 1000;

/**
 * Cutover itself is the webhook: it listens on `options.listen` + `options.path` and captures the
 * Slack-style `{text, blocks}` or Teams MessageCard / Workflows AdaptiveCard JSON a staging site
 * posts, answering like Slack (200 `ok`; 400 `invalid_payload` / `no_text`). Point the site's
 * webhook URL at {@link WebhookProbe.url}. Push: `changed()` resolves on the next capture.
 */
export function webhook(options: WebhookProbeOptions, deps: ProbeDeps): WebhookProbe {
  const name = options.name ?? options.use;
  const now = deps.now ?? (() => new Date());
  const [host, portText] = splitListen(options.listen);
  const captures: WebhookCapture[] = [];
  // A long-running monitor must not grow: a capture no case claimed within any case's window
  // (the longest case deadline plus the clock allowance) is dropped, and the count is capped.
  const prune = (): void => {
    const oldest = now().getTime() - CAPTURE_RETENTION_MS;
    const expired = captures.findIndex((c) => c.receivedAt.getTime() >= oldest);
    captures.splice(0, expired === -1 ? captures.length : expired);
    if (captures.length >= MAX_CAPTURES) captures.splice(0, captures.length - MAX_CAPTURES + 1);
  };
  const waiters = new Set<() => void>();
  let sequence = 0;
  /** `sequence` when find() last looked: a capture after that wakes changed() at once. */
  let seenByFind = 0;
  let server: Server | undefined;
  let listening: Promise<string> | undefined;
  let url: string | undefined;

  const record = (payload: unknown): boolean => {
    const flat = flattenChatPayload(payload);
    if (flat.text === '') return false;
    prune();
    sequence += 1;
    captures.push({
      id: `capture-${sequence}`,
      receivedAt: now(),
      to: [],
      subject: flat.subject,
      text: flat.text,
      format: flat.format,
      payload,
    });
    for (const wake of [...waiters]) wake();
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://capture').pathname;
    if (path !== options.path) return reply(res, 404, 'no_service');
    if (req.method !== 'POST') return reply(res, 405, 'invalid_method');
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return reply(res, 413, 'payload_too_large');
    }
    const payload = parsePayload(raw, String(req.headers['content-type'] ?? ''));
    if (payload === undefined) return reply(res, 400, 'invalid_payload');
    if (!record(payload)) return reply(res, 400, 'no_text');
    reply(res, 200, 'ok');
  };

  const listen = (): Promise<string> => {
    listening ??= new Promise<string>((resolve, reject) => {
      const created = createServer((req, res) => {
        handle(req, res).catch(() => reply(res, 500, 'internal_error'));
      });
      created.once('error', (error) => {
        listening = undefined;
        reject(
          new ProbeError(name, 'config', `cannot listen on ${options.listen}: ${error.message}`, {
            cause: error,
          }),
        );
      });
      created.listen(Number(portText), host, () => {
        const address = created.address() as AddressInfo;
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        server = created;
        url = `http://${shownHost}:${address.port}${options.path}`;
        resolve(url);
      });
    });
    return listening;
  };

  return {
    name,
    timestamps: { source: 'webhook capture', resolutionMs: 1, clock: 'cutover' },
    get url() {
      return url;
    },
    listen,
    captures: () => captures,

    async start() {
      await listen();
    },

    async find(identity: CaseIdentity, call: ProbeCall): Promise<NotificationMessage[]> {
      call.signal.throwIfAborted();
      seenByFind = sequence;
      const earliest = earliestFor(identity.t0, deps).getTime();
      return captures.filter(
        (capture) =>
          capture.receivedAt.getTime() >= earliest &&
          (capture.text.includes(identity.marker) || capture.text.includes(identity.email)),
      );
    },

    changed(call: ProbeCall): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (sequence > seenByFind && !call.signal.aborted) {
          resolve();
          return;
        }
        if (call.signal.aborted) {
          reject(call.signal.reason);
          return;
        }
        const onAbort = (): void => {
          waiters.delete(wake);
          reject(call.signal.reason);
        };
        const wake = (): void => {
          waiters.delete(wake);
          call.signal.removeEventListener('abort', onAbort);
          resolve();
        };
        waiters.add(wake);
        call.signal.addEventListener('abort', onAbort, { once: true });
      });
    },

    async delete(messages: NotificationMessage[], call: ProbeCall): Promise<void> {
      call.signal.throwIfAborted();
      const ids = new Set(messages.map((message) => message.id));
      requireIds(name, [...ids]);
      for (let i = captures.length - 1; i >= 0; i--) {
        if (ids.has(captures[i]!.id)) captures.splice(i, 1);
      }
    },

    async close() {
      const running = server;
      server = undefined;
      listening = undefined;
      url = undefined;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeAllConnections();
      });
    },
  };
}

function splitListen(listen: string): [string, string] {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return [host, listen.slice(at + 1)];
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('payload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON, or Slack's legacy form encoding `payload=<json>`. */
function parsePayload(raw: string, contentType: string): unknown {
  let text = raw;
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(raw).get('payload');
    if (payload === null) return undefined;
    text = payload;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
