import type { HttpRequest, HttpResponse } from '../http/client.ts';
import { type ResponseClassifier, sendWithRetry } from '../http/retry.ts';
import type { ProbeDeps } from './deps.ts';

/** One vendor request under the shared retry policy, read with the vendor's classifier. */
export function callVendor(
  deps: ProbeDeps,
  request: HttpRequest & { signal: AbortSignal },
  classify?: ResponseClassifier,
): Promise<HttpResponse> {
  return sendWithRetry(deps.http, request, { ...deps.retry, signal: request.signal, classify });
}

/** Parses a JSON body without trusting its shape; undefined when it is not JSON. */
export function jsonOf(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, single-line excerpt of a body for messages (vendors' error text). */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
