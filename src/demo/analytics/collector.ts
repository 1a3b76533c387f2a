import { HttpResponse, http, type RequestHandler } from 'msw';
import { type Ga4Event, parseGa4Hit } from './ga4.ts';

/** One request that reached `/g/collect`. */
export interface CollectedHit {
  id: number;
  /** When the collector received it (ISO 8601, ms). */
  receivedAt: string;
  method: string;
  /** The full request URL, shared parameters included. */
  url: string;
  body: string | null;
  origin: string | null;
  userAgent: string | null;
  events: Ga4Event[];
}

export interface HitStore {
  add(hit: Omit<CollectedHit, 'id'>): CollectedHit;
  list(): CollectedHit[];
  clear(): void;
}

export function createHitStore(): HitStore {
  let hits: CollectedHit[] = [];
  let nextId = 1;
  return {
    add: (hit) => {
      const stored = { id: nextId++, ...hit };
      hits.push(stored);
      return stored;
    },
    list: () => [...hits],
    clear: () => {
      hits = [];
    },
  };
}

export interface CollectorHandlerOptions {
  /** Origin the handlers answer for, e.g. `https://www.google-analytics.com`; default any origin. */
  baseUrl?: string;
  /** When true a hit is not kept and its connection is reset (a network error for the browser). */
  blocked?: () => boolean;
  now?: () => number;
}

/**
 * A GA4 `/g/collect` endpoint that keeps every hit (`GET|POST /g/collect`, answering 204 with
 * CORS for the page's origin, like Google's), plus `GET /hits` to read them and `DELETE /hits`.
 */
export function collectorHandlers(store: HitStore, options: CollectorHandlerOptions = {}): RequestHandler[] {
  const base = options.baseUrl ?? '*';
  const now = options.now ?? Date.now;
  const collect = async ({ request }: { request: Request }): Promise<Response> => {
    if (options.blocked?.()) return HttpResponse.error();
    const body = request.method === 'POST' ? await request.text() : '';
    store.add({
      receivedAt: new Date(now()).toISOString(),
      method: request.method,
      url: request.url,
      body: body === '' ? null : body,
      origin: request.headers.get('origin'),
      userAgent: request.headers.get('user-agent'),
      events: parseGa4Hit(request.url, body),
    });
    return new HttpResponse(null, { status: 204, headers: cors(request) });
  };
  return [
    http.options(`${base}/g/collect`, ({ request }) => {
      const headers = cors(request);
      headers.set('access-control-allow-methods', 'GET, POST, OPTIONS');
      const asked = request.headers.get('access-control-request-headers');
      if (asked) headers.set('access-control-allow-headers', asked);
      headers.set('access-control-max-age', '600');
      return new HttpResponse(null, { status: 204, headers });
    }),
    http.post(`${base}/g/collect`, collect),
    http.get(`${base}/g/collect`, collect),
    http.get(`${base}/hits`, () =>
      HttpResponse.json({ hits: store.list() }, { headers: { 'access-control-allow-origin': '*' } }),
    ),
    http.delete(`${base}/hits`, () => {
      store.clear();
      return new HttpResponse(null, { status: 204 });
    }),
  ];
}

function cors(request: Request): Headers {
  const origin = request.headers.get('origin');
  const headers = new Headers({ 'access-control-allow-origin': origin ?? '*' });
  if (origin) {
    headers.set('access-control-allow-credentials', 'true');
    headers.set('vary', 'Origin');
  }
  return headers;
}
