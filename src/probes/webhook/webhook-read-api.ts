import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { HttpClient } from '../../http/client.ts';
import { ProbeError } from '../probe.ts';
import { reply, type WebhookCapture, type WebhookListener } from './webhook-listener.ts';

/**
 * How a worker in another process reads the run's one webhook listener: a small JSON API on the
 * listener's own socket, answered to peers on this machine only (loopback, or the bound address
 * itself); anything else sees the 404 of an unknown path, as the captures may hold what a real
 * visitor typed. Workers and shards on the machine that owns the listener use it; the site
 * never needs it.
 */
export const READ_API_PREFIX = '/.cutover/webhook';
const SERVICE = 'cutover-webhook';
/** One long poll of `changes` (the worker asks again until its own signal fires). */
const LONG_POLL_MS = 20_000;

const LEASE_HEARTBEAT_MS = 10_000;
/** The longest a lease is held: a run on this machine that outlives this is not waited for. */
export const MAX_LEASE_MS = 3 * 3_600_000;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** What the read API answers, checked on the way in: a listener of another cutover version may differ. */
const answerSchema = z.object({
  service: z.literal(SERVICE),
  sequence: z.number().optional(),
  captures: z
    .array(
      z.object({
        id: z.string(),
        receivedAt: z.iso.datetime().transform((at) => new Date(at)),
        to: z.array(z.string()),
        subject: z.string(),
        text: z.string(),
        format: z.enum(['slack', 'teams-messagecard', 'teams-adaptivecard']),
        path: z.string(),
        payload: z.unknown(),
      }),
    )
    .optional(),
});

/** The server side: true when the request was the read API's (answered), false to treat it as a post. */
export async function serveReadApi(
  req: IncomingMessage,
  res: ServerResponse,
  listener: WebhookListener,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://listener');
  if (!url.pathname.startsWith(`${READ_API_PREFIX}/`)) return false;
  // Only this machine: a loopback peer, or one that reached a non-loopback bind from the same address.
  const peer = req.socket.remoteAddress ?? '';
  if (!LOOPBACK.has(peer) && peer !== req.socket.localAddress) return false;
  const json = (body: object) =>
    reply(res, 200, JSON.stringify({ service: SERVICE, ...body }), 'application/json');
  const route = `${req.method} ${url.pathname.slice(READ_API_PREFIX.length)}`;
  const query = url.searchParams;
  if (route === 'GET /captures') {
    const path = query.get('path') ?? '';
    listener.accept(path);
    const found = listener.find({
      path,
      contains: query.getAll('contains'),
      since: new Date(Number(query.get('since') ?? 0)),
    });
    json({ sequence: found.sequence, captures: found.captures });
  } else if (route === 'GET /changes') {
    const after = Number(query.get('after') ?? 0);
    const closed = new AbortController();
    res.once('close', () => closed.abort());
    const waitMs = Math.min(Number(query.get('waitMs') ?? 0), LONG_POLL_MS);
    const signal = AbortSignal.any([closed.signal, AbortSignal.timeout(Math.max(0, waitMs))]);
    await listener.changed(after, signal).catch(() => undefined);
    json({ sequence: listener.sequence });
  } else if (route === 'GET /lease') {
    // Held open while the other run lives; a heartbeat keeps its client's body timeout at bay.
    const release = listener.lease();
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.write(`${SERVICE} lease\n`);
    const heartbeat = setInterval(() => res.write('\n'), LEASE_HEARTBEAT_MS);
    res.once('close', () => {
      clearInterval(heartbeat);
      release();
    });
  } else if (route === 'DELETE /captures') {
    json({ removed: listener.remove(query.getAll('id')) });
  } else {
    reply(res, 404, 'no_service');
  }
  return true;
}

/** What a probe reads its captures from: the listener in this process, or the one another process owns. */
export interface CaptureSource {
  /** Where the site posts: `http://127.0.0.1:PORT/hooks/notification`. */
  readonly url: string;
  find(
    query: { contains: readonly string[]; since: Date },
    signal: AbortSignal,
  ): Promise<{
    captures: WebhookCapture[];
    sequence: number;
  }>;
  /** Resolves once a capture later than `after` exists. */
  changed(after: number, signal: AbortSignal): Promise<void>;
  delete(ids: readonly string[], signal: AbortSignal): Promise<void>;
}

export function localCaptures(listener: WebhookListener, path: string): CaptureSource {
  listener.accept(path);
  return {
    url: `${listener.origin}${path}`,
    find: async (query, signal) => {
      signal.throwIfAborted();
      return listener.find({ ...query, path });
    },
    changed: (after, signal) => listener.changed(after, signal),
    delete: async (ids, signal) => {
      signal.throwIfAborted();
      listener.remove(ids);
    },
  };
}

/** Reads the listener another process of this run owns, over its read API. */
export function remoteCaptures(http: HttpClient, origin: string, path: string, probe: string): CaptureSource {
  const ask = async (
    method: 'GET' | 'DELETE',
    route: string,
    params: URLSearchParams,
    signal: AbortSignal,
  ) => {
    const url = `${origin}${READ_API_PREFIX}${route}?${params}`;
    let text: string | undefined;
    try {
      const res = await http.send({ method, url, signal, timeoutMs: LONG_POLL_MS + 10_000 });
      text = res.status === 200 ? res.text : undefined;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new ProbeError(
        probe,
        'unreachable',
        `the run's webhook listener at ${origin} did not answer: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const answer = answerSchema.safeParse(parseJson(text));
    if (!answer.success) {
      throw new ProbeError(probe, 'protocol', `${origin} did not answer as cutover's webhook listener`);
    }
    return answer.data;
  };
  return {
    url: `${origin}${path}`,
    async find(query, signal) {
      const params = new URLSearchParams({ path, since: String(query.since.getTime()) });
      for (const needle of query.contains) params.append('contains', needle);
      const answer = await ask('GET', '/captures', params, signal);
      return {
        sequence: answer.sequence ?? 0,
        captures: answer.captures ?? [],
      };
    },
    async changed(after, signal) {
      for (;;) {
        const params = new URLSearchParams({ after: String(after), waitMs: String(LONG_POLL_MS) });
        const answer = await ask('GET', '/changes', params, signal);
        if ((answer.sequence ?? 0) > after) return;
      }
    },
    async delete(ids, signal) {
      const params = new URLSearchParams();
      for (const id of ids) params.append('id', id);
      await ask('DELETE', '/captures', params, signal);
    },
  };
}

/** True when `origin` answers as a cutover webhook listener (another run on this machine owns the port). */
export async function isCutoverListener(
  http: HttpClient,
  origin: string,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const res = await http.send({
      url: `${origin}${READ_API_PREFIX}/changes?after=-1&waitMs=0`,
      signal,
      timeoutMs: 3000,
    });
    return res.status === 200 && (res.json() as { service?: string }).service === SERVICE;
  } catch {
    return false;
  }
}

/**
 * Holds a lease on a listener another run owns, until `signal` fires: its owner keeps listening
 * for this run (its cases still expect posts there) instead of closing when its own run ends.
 */
export function holdLease(http: HttpClient, origin: string, signal: AbortSignal): void {
  http
    .send({ url: `${origin}${READ_API_PREFIX}/lease`, signal, timeoutMs: MAX_LEASE_MS })
    .catch(() => undefined);
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
