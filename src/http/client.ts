import { type Dispatcher, EnvHttpProxyAgent, request as undiciRequest } from 'undici';
import type { Secret } from '../foundation/secret.ts';
import { HttpError, type HttpErrorCode } from './errors.ts';
import { redactEncoded, redactUrl } from './redact.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method?: HttpMethod;
  url: string | URL;
  headers?: Record<string, string>;
  /** Raw body; a URLSearchParams is sent form-encoded. Give either `body` or `json`. */
  body?: string | Uint8Array | URLSearchParams;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** The caller's signal: when it fires the request stops and its reason is thrown as is. */
  signal?: AbortSignal;
  /** The whole exchange, headers and body; default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** More secrets to keep out of error messages (the probe's token, say), on top of the client's. */
  secrets?: readonly Secret[];
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
  /** The body as received, byte for byte (`text` is it read as UTF-8): a raw mail in another charset. */
  bytes: Uint8Array;
  /** The body parsed as JSON; throws HttpError `CUTOVER_HTTP_INVALID_BODY` when it is not JSON. */
  json<T = unknown>(): T;
  /** The URL asked for, redacted: fit for messages. */
  url: string;
}

export interface HttpClient {
  /** Sends one request. Any HTTP status is an answer; only a missing answer throws ({@link HttpError}). */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Closes the connection pool the client created itself (an injected dispatcher is left alone). */
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** Where requests go. Default: undici's EnvHttpProxyAgent, which honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY. */
  dispatcher?: Dispatcher;
  /** TCP/TLS connect budget of the default dispatcher. Default 10 s. */
  connectTimeoutMs?: number;
  /** Longest pause between two chunks of a body (and before the headers). Default 30 s. */
  bodyTimeoutMs?: number;
  /** Budget of one whole exchange unless the request says otherwise. Default 60 s. */
  timeoutMs?: number;
  /** Largest body read into memory. Default 20 MB. */
  maxBodyBytes?: number;
  /** Values that must never appear in an error message. */
  secrets?: readonly Secret[];
  /** Sent as `user-agent`. */
  userAgent?: string;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  timeoutMs: 60_000,
  maxBodyBytes: 20 * 1024 * 1024,
  userAgent: 'cutover',
};

/**
 * The one HTTP client of cutover, on undici with the dispatcher passed per call (never a
 * global). Tests inject a dispatcher that answers from msw handlers.
 *
 * @example
 * const http = createHttpClient({ secrets: [token] });
 * const res = await http.send({ url: 'https://api.hubapi.com/…', headers: { authorization: `Bearer ${token.reveal()}` }, signal });
 * if (res.status === 404) return [];
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  let owned: Dispatcher | undefined;
  const dispatcher = (): Dispatcher => {
    if (options.dispatcher) return options.dispatcher;
    owned ??= new EnvHttpProxyAgent({
      connect: { timeout: settings.connectTimeoutMs },
      headersTimeout: settings.bodyTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
    });
    return owned;
  };

  return {
    async send(req) {
      const secrets = [...(options.secrets ?? []), ...(req.secrets ?? [])];
      const method = req.method ?? 'GET';
      const shownUrl = redactUrl(req.url, secrets);
      const what = `${method} ${shownUrl}`;
      const fail = (code: HttpErrorCode, text: string, cause?: unknown): HttpError =>
        new HttpError(code, what, redactEncoded(`${what} failed: ${text}`, secrets), { cause });

      let url: URL;
      try {
        url = new URL(String(req.url));
      } catch (error) {
        throw fail('CUTOVER_HTTP_INVALID_REQUEST', 'not an absolute URL', error);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw fail('CUTOVER_HTTP_INVALID_REQUEST', `unsupported scheme ${url.protocol}`);
      }

      const headers: Record<string, string> = { 'user-agent': settings.userAgent };
      let body: string | Uint8Array | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.body instanceof URLSearchParams) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = req.body.toString();
      } else {
        body = req.body;
      }
      for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;

      req.signal?.throwIfAborted();
      const timeoutMs = req.timeoutMs ?? settings.timeoutMs;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;

      try {
        const res = await undiciRequest(url, {
          method,
          headers,
          body,
          signal,
          dispatcher: dispatcher(),
          headersTimeout: settings.bodyTimeoutMs,
          bodyTimeout: settings.bodyTimeoutMs,
        });
        const bytes = await readBody(res.body, settings.maxBodyBytes, () =>
          fail('CUTOVER_HTTP_INVALID_BODY', `answer larger than ${settings.maxBodyBytes} bytes`),
        );
        return makeResponse(res.statusCode, res.headers, bytes, shownUrl, (cause) =>
          fail('CUTOVER_HTTP_INVALID_BODY', `answered ${res.statusCode} with a body that is not JSON`, cause),
        );
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        if (error instanceof HttpError) throw error;
        if (timeout.aborted)
          throw fail('CUTOVER_HTTP_TIMEOUT', `no complete answer within ${timeoutMs} ms`, error);
        const [code, text] = describeNetworkError(error, settings.connectTimeoutMs);
        throw fail(code, text, error);
      }
    },
    async close() {
      const pool = owned;
      owned = undefined;
      await pool?.close();
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function readBody(
  body: AsyncIterable<Buffer | Uint8Array>,
  max: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function makeResponse(
  status: number,
  raw: Record<string, string | string[] | undefined>,
  bytes: Buffer,
  url: string,
  invalid: (cause: unknown) => Error,
): HttpResponse {
  const text = bytes.toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    status,
    headers,
    text,
    bytes,
    url,
    json<T>(): T {
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw invalid(error);
      }
    },
  };
}

const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_PRX_TLS: 'TLS to the proxy failed',
  CERT_HAS_EXPIRED: 'server certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed server certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'server certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'server certificate does not match the host',
};

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_HEADERS_TIMEOUT: 'no answer headers in time',
  UND_ERR_BODY_TIMEOUT: 'the answer body stalled',
};

const INVALID_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_CHAR',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown[] }).errors?.[0];
  return inner === undefined ? undefined : errorCode(inner);
}

function describeNetworkError(error: unknown, connectTimeoutMs: number): [HttpErrorCode, string] {
  const code = errorCode(error) ?? 'unknown';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return ['CUTOVER_HTTP_CONNECT', `no connection within ${connectTimeoutMs} ms (${code})`];
  }
  const connect = CONNECT_CODES[code];
  if (connect) return ['CUTOVER_HTTP_CONNECT', `${connect} (${code})`];
  const timeout = TIMEOUT_CODES[code];
  if (timeout) return ['CUTOVER_HTTP_TIMEOUT', `${timeout} (${code})`];
  if (INVALID_CODES.has(code))
    return ['CUTOVER_HTTP_INVALID_REQUEST', `request rejected before sending (${code})`];
  return ['CUTOVER_HTTP_NETWORK', `connection failed (${code})`];
}
