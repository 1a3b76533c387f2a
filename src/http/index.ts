export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
} from './client.ts';
export { HttpError, type HttpErrorCode, isHttpError } from './errors.ts';
export { redactDeep, redactEncoded, redactUrl } from './redact.ts';
export {
  classifyResponse,
  parseRetryAfter,
  type ResponseClassifier,
  type ResponseVerdict,
  RetryableError,
  type RetryEvent,
  RetryGaveUpError,
  type RetryPolicy,
  type RetryReason,
  type RetryRun,
  retry,
  type SendWithRetryOptions,
  type Sleep,
  sendWithRetry,
  sleep,
} from './retry.ts';
