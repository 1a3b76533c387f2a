import { Readable } from 'node:stream';
import { getResponse, type RequestHandler } from 'msw';
import { Dispatcher } from 'undici';

/** One request the dispatcher saw, for assertions on what a probe sent. */
export interface SeenRequest {
  method: string;
  url: string;
  /** The raw path and query as sent on the wire (before any decoding). */
  rawPath: string;
  headers: Headers;
  body: string;
}

/**
 * An undici Dispatcher that answers every request from msw handlers (msw cannot see undici's
 * own requests: msw issue 2165). Nothing reaches a network: a request no handler answers is
 * rejected with an error and recorded in `unhandled`, so a test can fail on it.
 * `HttpResponse.error()` becomes a connection reset, like a network failure.
 */
export class MswDispatcher extends Dispatcher {
  readonly #handlers: RequestHandler[];
  readonly requests: SeenRequest[] = [];
  readonly unhandled: string[] = [];

  constructor(handlers: readonly RequestHandler[]) {
    super();
    this.#handlers = [...handlers];
  }

  /** Handlers that take precedence for the rest of the test, like msw's `server.use`. */
  use(...handlers: RequestHandler[]): void {
    this.#handlers.unshift(...handlers);
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    void this.#answer(options, handler);
    return true;
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) callback();
    else return Promise.resolve();
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(...args: unknown[]): Promise<void> | void {
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) callback();
    else return Promise.resolve();
  }

  async #answer(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): Promise<void> {
    const legacy = !handler.onRequestStart;
    let aborted: Error | undefined;
    const controller: Dispatcher.DispatchController = {
      get aborted() {
        return aborted !== undefined;
      },
      get paused() {
        return false;
      },
      get reason() {
        return aborted ?? null;
      },
      abort(reason: Error) {
        aborted ??= reason;
      },
      pause() {},
      resume() {},
    };
    const fail = (error: Error): void => {
      if (legacy) handler.onError?.(error);
      else handler.onResponseError?.(controller, error);
    };

    try {
      if (legacy) handler.onConnect?.((reason?: Error) => controller.abort(reason ?? new Error('aborted')));
      else handler.onRequestStart?.(controller, {});
      const request = await toRequest(options);
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
      this.requests.push({
        method: request.method,
        url: request.url,
        rawPath: options.path,
        headers: request.headers,
        body,
      });
      if (aborted) return fail(aborted);
      const response = await getResponse(this.#handlers, request);
      if (aborted) return fail(aborted);
      if (!response) {
        const what = `${request.method} ${request.url}`;
        this.unhandled.push(what);
        return fail(
          Object.assign(new Error(`unhandled request in test: ${what}`), { code: 'UNHANDLED_IN_TEST' }),
        );
      }
      if (response.type === 'error') {
        return fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      }
      const payload = Buffer.from(await response.arrayBuffer());
      if (aborted) return fail(aborted);
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of response.headers) headers[name] = value;
      if (legacy) {
        const raw: Buffer[] = [];
        for (const [name, value] of response.headers) raw.push(Buffer.from(name), Buffer.from(value));
        handler.onHeaders?.(response.status, raw, () => {}, response.statusText);
        if (payload.length > 0) handler.onData?.(payload);
        handler.onComplete?.([]);
      } else {
        handler.onResponseStart?.(controller, response.status, headers, response.statusText);
        if (payload.length > 0) handler.onResponseData?.(controller, payload);
        handler.onResponseEnd?.(controller, {});
      }
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

async function toRequest(options: Dispatcher.DispatchOptions): Promise<Request> {
  const url = new URL(options.path, String(options.origin));
  const headers = new Headers();
  const raw = options.headers;
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(String(raw[i]), String(raw[i + 1]));
  } else if (raw && typeof raw === 'object') {
    const entries =
      Symbol.iterator in raw
        ? [...(raw as Iterable<[string, string | string[] | undefined]>)]
        : Object.entries(raw);
    for (const [name, value] of entries) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
    }
  }
  const method = String(options.method).toUpperCase();
  const init: RequestInit = { method, headers };
  if (method !== 'GET' && method !== 'HEAD' && options.body != null)
    init.body = new Uint8Array(await bodyBytes(options.body));
  return new Request(url, init);
}

async function bodyBytes(body: NonNullable<Dispatcher.DispatchOptions['body']>): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  throw new TypeError('MswDispatcher: unsupported request body type');
}
