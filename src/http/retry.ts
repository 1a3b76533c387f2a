import pRetry from 'p-retry';
import type { HttpClient, HttpRequest, HttpResponse } from './client.ts';
import { HttpError } from './errors.ts';

/**
 * The one retry policy of cutover, on p-retry. What heals is tried again — network errors,
 * 5xx, throttling — after an exponential back-off, or after exactly the wait the vendor asked
 * for (Retry-After, HubSpot's policyName, …). Everything else fails at once: other 4xx, auth,
 * programming errors. It stops at the deadline (without sleeping past it) and on the signal.
 *
 * Vendors differ only in how their answers read, so each probe passes a small
 * {@link ResponseClassifier}; the waiting, counting and giving up happen here, once.
 */

export type RetryReason = 'throttled' | 'unavailable';

/** What a probe makes of one answer. */
export type ResponseVerdict =
  /** Hand the answer to the caller (success, or a 4xx the caller turns into a value or an error). */
  | { action: 'accept' }
  /** Try again later; `afterMs` is the vendor's own wait, when it said one. */
  | { action: 'retry'; reason: RetryReason; afterMs?: number; message: string }
  /** Stop now with this error (e.g. a daily quota is gone). */
  | { action: 'fail'; error: Error };

/** Reads one vendor's answer; `undefined` leaves it to {@link classifyResponse}. */
export type ResponseClassifier = (response: HttpResponse) => ResponseVerdict | undefined;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryEvent {
  attempt: number;
  reason: RetryReason;
  waitMs: number;
  message: string;
}

/** How patiently to retry; probes get it from ProbeDeps, tests make the waits instant. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 5. */
  retries?: number;
  /** First back-off when the vendor gives no wait. Default 500 ms. */
  minDelayMs?: number;
  /** Longest back-off. Default 30 s. */
  maxDelayMs?: number;
  /** Growth of the back-off per attempt. Default 2. */
  factor?: number;
  /** Longest vendor-requested wait honoured; a longer one gives up at once. Default 120 s. */
  maxWaitMs?: number;
  /** How to wait. Default: a timer that stops when the signal fires. */
  sleep?: Sleep;
  /** Clock for the deadline, in epoch ms. Default Date.now. */
  now?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryRun extends RetryPolicy {
  signal?: AbortSignal;
  /** Never wait past this moment: give up instead. */
  deadline?: Date | number;
}

/** Thrown by an operation to ask for another try. */
export class RetryableError extends Error {
  readonly code = 'CUTOVER_RETRYABLE';
  readonly reason: RetryReason;
  readonly afterMs: number | undefined;

  constructor(reason: RetryReason, message: string, options?: { afterMs?: number; cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
    this.reason = reason;
    this.afterMs = options?.afterMs;
  }
}

/** Retries ran out, the deadline came first, or the vendor asked for a longer wait than allowed. */
export class RetryGaveUpError extends Error {
  readonly code = 'CUTOVER_RETRY_GAVE_UP';
  readonly reason: RetryReason;
  readonly attempts: number;

  constructor(reason: RetryReason, attempts: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryGaveUpError';
    this.reason = reason;
    this.attempts = attempts;
  }
}

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `operation` until it returns, retrying only {@link RetryableError} and retryable
 * {@link HttpError}s. Other errors pass through untouched on the first throw.
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, run: RetryRun = {}): Promise<T> {
  const retries = run.retries ?? 5;
  const minDelayMs = run.minDelayMs ?? 500;
  const maxDelayMs = run.maxDelayMs ?? 30_000;
  const factor = run.factor ?? 2;
  const maxWaitMs = run.maxWaitMs ?? 120_000;
  const wait = run.sleep ?? sleep;
  const now = run.now ?? Date.now;
  const deadline = run.deadline === undefined ? undefined : Number(run.deadline);

  return pRetry(operation, {
    retries,
    // The wait is ours (it honours the vendor's signal), so p-retry's own back-off is zero.
    minTimeout: 0,
    maxTimeout: 0,
    signal: run.signal,
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      const retryable = asRetryable(error);
      if (!retryable) throw error;
      const { reason, afterMs } = retryable;
      const gaveUp = (why: string): RetryGaveUpError =>
        new RetryGaveUpError(
          reason,
          attemptNumber,
          `${error.message} (gave up after ${attemptNumber} attempt(s): ${why})`,
          {
            cause: error,
          },
        );
      if (retriesLeft <= 0) throw gaveUp('no retries left');
      const backoff = Math.min(maxDelayMs, minDelayMs * factor ** (attemptNumber - 1));
      const waitMs = Math.max(0, afterMs ?? backoff);
      if (waitMs > maxWaitMs) throw gaveUp(`asked to wait ${Math.ceil(waitMs / 1000)} s`);
      if (deadline !== undefined && now() + waitMs >= deadline)
        throw gaveUp('the deadline comes before the next try');
      run.onRetry?.({ attempt: attemptNumber, reason, waitMs, message: error.message });
      await wait(waitMs, run.signal);
    },
  });
}

function asRetryable(error: Error): { reason: RetryReason; afterMs?: number } | undefined {
  if (error instanceof RetryableError) return { reason: error.reason, afterMs: error.afterMs };
  if (error instanceof HttpError && error.retryable) return { reason: 'unavailable' };
  return undefined;
}

/**
 * The default reading of an answer: 429 is throttling, 5xx is unavailability, both retried
 * after Retry-After when given; everything else goes back to the caller as is.
 */
export function classifyResponse(response: HttpResponse, now: number = Date.now()): ResponseVerdict {
  const afterMs = parseRetryAfter(response.headers['retry-after'], now);
  if (response.status === 429) {
    return {
      action: 'retry',
      reason: 'throttled',
      afterMs,
      message: `${response.url} answered 429 (throttled)`,
    };
  }
  if (response.status >= 500) {
    return {
      action: 'retry',
      reason: 'unavailable',
      afterMs,
      message: `${response.url} answered ${response.status}`,
    };
  }
  return { action: 'accept' };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface SendWithRetryOptions extends RetryRun {
  /** The vendor's reading of its answers; falls back to {@link classifyResponse}. */
  classify?: ResponseClassifier;
}

/** Sends a request under the retry policy and returns the first accepted answer. */
export function sendWithRetry(
  http: HttpClient,
  request: HttpRequest,
  options: SendWithRetryOptions = {},
): Promise<HttpResponse> {
  const now = options.now ?? Date.now;
  return retry(
    async () => {
      const response = await http.send({ ...request, signal: options.signal ?? request.signal });
      const verdict = options.classify?.(response) ?? classifyResponse(response, now());
      switch (verdict.action) {
        case 'accept':
          return response;
        case 'fail':
          throw verdict.error;
        case 'retry':
          throw new RetryableError(verdict.reason, verdict.message, { afterMs: verdict.afterMs });
      }
    },
    { ...options, signal: options.signal ?? request.signal },
  );
}
