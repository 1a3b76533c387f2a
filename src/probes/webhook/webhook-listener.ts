import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { markerText } from '../marker-text.ts';
import type { NotificationMessage } from '../probe.ts';
import { type ChatText, flattenChatPayload } from '../shared/chat-text.ts';

/** One payload the site posted. */
export interface WebhookCapture extends NotificationMessage {
  format: ChatText['format'];
  /** The path it was posted to. */
  path: string;
  /** The JSON as posted. */
  payload: unknown;
}

/** Which captures a case asks for: those posted to `path` since `since` whose text carries any of `contains`. */
export interface CaptureQuery {
  path: string;
  contains: readonly string[];
  since: Date;
}

export interface CaptureFound {
  captures: WebhookCapture[];
  /** The listener's capture count when it answered: `changed(sequence)` waits for a later one. */
  sequence: number;
}

/**
 * One listening socket, owned by one process of the run (the UAT global setup or the case runner)
 * and shared by every worker: the site posts its notification here, cases find theirs by marker.
 */
export interface WebhookListener {
  /** `http://127.0.0.1:PORT` as bound (a wildcard bind by loopback). */
  readonly origin: string;
  /** Captures posts to this path too (every other path answers 404 `no_service`). */
  accept(path: string): void;
  find(query: CaptureQuery): CaptureFound;
  /** How many captures were ever taken: grows by one with each. */
  readonly sequence: number;
  /** Resolves once a capture later than `after` exists; rejects with the signal's reason. */
  changed(after: number, signal: AbortSignal): Promise<void>;
  /** Drops these captures; returns how many were held. */
  remove(ids: readonly string[]): number;
  /** Every capture held, oldest first. */
  captures(): readonly WebhookCapture[];
  /**
   * Another run on this machine reads this listener (a second shard): it holds a lease until it
   * ends, and the owner keeps listening until every lease is returned. Returns the release.
   */
  lease(): () => void;
  /** Resolves once no lease is held (or the signal fires). */
  leasesReturned(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface WebhookListenerOptions {
  /** `host:port`; port 0 takes an ephemeral one. */
  listen: string;
  now?: () => Date;
  /** Serves the read API (read-api.ts) on the same socket, for workers in other processes. */
  readApi?: (req: IncomingMessage, res: ServerResponse, listener: WebhookListener) => Promise<boolean>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Captures older than this are dropped: longer than any case deadline (caseTimeout ≤ 1 h) plus clock skew. */
export const CAPTURE_RETENTION_MS = 2 * 3_600_000;
/** At most this many captures are held (the oldest go first). */
export const MAX_CAPTURES = 1000;

/** Binds `options.listen`; rejects with the socket's error (EADDRINUSE, EACCES) as is. */
export async function startWebhookListener(options: WebhookListenerOptions): Promise<WebhookListener> {
  const now = options.now ?? (() => new Date());
  const paths = new Set<string>();
  const held: WebhookCapture[] = [];
  const waiters = new Set<() => void>();
  let sequence = 0;
  let leases = 0;
  const returned = new Set<() => void>();

  // A long-running monitor must not grow: a capture no case claimed within any case's window
  // (the longest case deadline plus the clock allowance) is dropped, and the count is capped.
  const prune = (): void => {
    const oldest = now().getTime() - CAPTURE_RETENTION_MS;
    const expired = held.findIndex((c) => c.receivedAt.getTime() >= oldest);
    held.splice(0, expired === -1 ? held.length : expired);
    if (held.length >= MAX_CAPTURES) held.splice(0, held.length - MAX_CAPTURES + 1);
  };

  const record = (path: string, payload: unknown): boolean => {
    const flat = flattenChatPayload(payload);
    if (flat.text === '') return false;
    prune();
    sequence += 1;
    held.push({
      id: `capture-${sequence}`,
      receivedAt: now(),
      to: [],
      subject: flat.subject,
      text: flat.text,
      format: flat.format,
      path,
      payload,
    });
    for (const wake of [...waiters]) wake();
    return true;
  };

  const capture = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://capture').pathname;
    if (!paths.has(path)) return reply(res, 404, 'no_service');
    if (req.method !== 'POST') return reply(res, 405, 'invalid_method');
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return reply(res, 413, 'payload_too_large');
    }
    const payload = parsePayload(raw, String(req.headers['content-type'] ?? ''));
    if (payload === undefined) return reply(res, 400, 'invalid_payload');
    if (!record(path, payload)) return reply(res, 400, 'no_text');
    reply(res, 200, 'ok');
  };

  let listener: WebhookListener | undefined;
  const server: Server = createServer((req, res) => {
    const handled =
      options.readApi && listener ? options.readApi(req, res, listener) : Promise.resolve(false);
    handled
      .then((done) => (done ? undefined : capture(req, res)))
      .catch(() => reply(res, 500, 'internal_error'));
  });
  const [host, port] = splitListen(options.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  listener = {
    // A wildcard bind (0.0.0.0, ::) is reached from this machine by loopback.
    origin: readableOrigin(
      `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    ),
    accept: (path) => void paths.add(path),
    get sequence() {
      return sequence;
    },
    find(query) {
      const since = query.since.getTime();
      const captures = held.filter(
        (c) =>
          c.path === query.path &&
          c.receivedAt.getTime() >= since &&
          query.contains.some((needle) => needle !== '' && markerText.notification(c).includes(needle)),
      );
      return { captures, sequence };
    },
    changed(after, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        if (sequence > after) return resolve();
        const onAbort = (): void => {
          waiters.delete(wake);
          reject(signal.reason);
        };
        const wake = (): void => {
          waiters.delete(wake);
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        waiters.add(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    remove(ids) {
      const wanted = new Set(ids);
      let removed = 0;
      for (let i = held.length - 1; i >= 0; i--) {
        if (wanted.has(held[i]!.id)) {
          held.splice(i, 1);
          removed += 1;
        }
      }
      return removed;
    },
    captures: () => held,
    lease() {
      leases += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        leases -= 1;
        if (leases === 0) for (const wake of [...returned]) wake();
      };
    },
    leasesReturned(signal) {
      return new Promise<void>((resolve) => {
        if (leases === 0 || signal.aborted) return resolve();
        const done = (): void => {
          returned.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        returned.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return listener;
}

/** Where this machine reaches a listener bound to `listen` (the wildcard addresses by loopback). */
export function readableOrigin(listen: string): string {
  const [host, port] = splitListen(listen);
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function splitListen(listen: string): [string, number] {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return [host, Number(listen.slice(at + 1))];
}

export function reply(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
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
