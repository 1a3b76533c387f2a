/**
 * Stable codes for what went wrong below HTTP. An HTTP status is never an error here: the
 * client hands every answer back and the caller (a probe) decides what it means.
 *
 * - `CUTOVER_HTTP_CONNECT`: no connection (refused, DNS, TLS, connect timeout, proxy).
 * - `CUTOVER_HTTP_TIMEOUT`: connected, but no complete answer in time.
 * - `CUTOVER_HTTP_NETWORK`: the connection broke while the request was under way.
 * - `CUTOVER_HTTP_INVALID_REQUEST`: the request itself is wrong (bad URL, bad header): not retried.
 * - `CUTOVER_HTTP_INVALID_BODY`: the answer could not be read as promised (bad JSON, too large).
 */
export type HttpErrorCode =
  | 'CUTOVER_HTTP_CONNECT'
  | 'CUTOVER_HTTP_TIMEOUT'
  | 'CUTOVER_HTTP_NETWORK'
  | 'CUTOVER_HTTP_INVALID_REQUEST'
  | 'CUTOVER_HTTP_INVALID_BODY';

const RETRYABLE: ReadonlySet<HttpErrorCode> = new Set([
  'CUTOVER_HTTP_CONNECT',
  'CUTOVER_HTTP_TIMEOUT',
  'CUTOVER_HTTP_NETWORK',
]);

/** A request that got no usable answer. The message never carries a secret; `cause` is undici's error. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  /** Method and redacted URL, e.g. `GET https://api.hubapi.com/crm/v3/…`. */
  readonly request: string;

  constructor(code: HttpErrorCode, request: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpError';
    this.code = code;
    this.request = request;
  }

  /** Network trouble that may heal: the retry policy tries again. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
