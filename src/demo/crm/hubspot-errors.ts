import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';

/** HubSpot's error body (`ModelError` plus the live `status` field). */
export function hubspotError(
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return HttpResponse.json(
    { status: 'error', message, correlationId: randomUUID(), category, ...extra },
    { status, headers: { 'x-hubspot-correlation-id': randomUUID() } },
  );
}

export function unauthorized(): Response {
  return hubspotError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
}

/** 429 as HubSpot sends it for the burst limit: no `category`, `errorType` and `policyName` instead. */
export function rateLimited(): Response {
  return HttpResponse.json(
    {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: randomUUID(),
    },
    {
      status: 429,
      headers: {
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '0',
      },
    },
  );
}

export function internalError(): Response {
  return HttpResponse.json(
    { status: 'error', message: 'internal error', correlationId: randomUUID() },
    { status: 500 },
  );
}

export function notFound(id: string): Response {
  return hubspotError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', {
    context: { id: [id] },
  });
}

export function conflict(existingId: string): Response {
  return hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${existingId}`);
}

export function validationError(message: string, extra: Record<string, unknown> = {}): Response {
  return hubspotError(400, 'VALIDATION_ERROR', message, extra);
}
