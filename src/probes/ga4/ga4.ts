import type { BrowserContext, Request, Route } from 'playwright';
import type { ProbeDeps } from '../deps.ts';
import type { AnalyticsCapture, AnalyticsProbe } from '../probe.ts';
import { EventLog } from '../shared/event-log.ts';
import { ga4Events } from './ga4-hit.ts';
import type { Ga4ProbeOptions } from './options.ts';

/** Any host: www/region1.google-analytics.com, analytics.google.com, a first-party sGTM domain. */
export function isGa4CollectUrl(url: URL): boolean {
  return url.pathname.endsWith('/g/collect');
}

/**
 * GA4 as the browser sends it: every request whose path ends in `/g/collect`, on any host,
 * seen through a context route installed before the first navigation — so page loads, XHR,
 * `fetch(keepalive)` and `sendBeacon` hits are all caught. Batched bodies give one event per
 * line. By default, on every target, the hit is captured and answered locally with 204
 * (capture-and-block): synthetic conversions never reach the real property. Only with
 * `forward: true` (or the older `block: false`) does it continue to its host — recorded even
 * when that host is unreachable.
 */
export function createGa4Probe(
  options: Ga4ProbeOptions,
  deps: ProbeDeps,
): Omit<AnalyticsProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const now = deps.now ?? (() => new Date());

  return {
    name,

    async attach(context: BrowserContext): Promise<AnalyticsCapture> {
      // Forwarding is a per-probe choice, never a property of the target.
      const block = !(options.forward || options.block === false);
      const log = new EventLog();

      const handler = async (route: Route, request: Request): Promise<void> => {
        if (request.method() === 'OPTIONS') {
          // A preflight is not a hit; answer it when blocking, else let the host answer.
          await (block
            ? route.fulfill({ status: 204, headers: corsHeaders(request) })
            : route.continue()
          ).catch(ignore);
          return;
        }
        let body: string | null = null;
        try {
          body = request.postData();
        } catch {
          body = null;
        }
        log.add(ga4Events(request.url(), body, { at: now(), source: name }));
        await (block
          ? route.fulfill({ status: 204, headers: corsHeaders(request), body: '' })
          : route.continue()
        ).catch(ignore);
      };

      await context.route(isGa4CollectUrl, handler);
      let detached = false;
      return {
        events: () => log.events(),
        changed: (call) => log.changed(call),
        async detach() {
          if (detached) return;
          detached = true;
          log.close();
          await context.unroute(isGa4CollectUrl, handler).catch(ignore);
        },
      };
    },
  };
}

/** gtag sends hits with credentials, so the origin is echoed rather than `*`. */
function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers().origin;
  return {
    'access-control-allow-origin': origin && origin !== 'null' ? origin : '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'content-type': 'text/plain',
    'cross-origin-resource-policy': 'cross-origin',
  };
}

function ignore(): void {
  // The page or context closed while the hit was answered: the hit is recorded already.
}
