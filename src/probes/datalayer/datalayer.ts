import { randomBytes } from 'node:crypto';
import type { BrowserContext, Disposable } from 'playwright';
import type { ProbeDeps } from '../deps.ts';
import type { AnalyticsCapture, AnalyticsEvent, AnalyticsProbe } from '../probe.ts';
import { EventLog } from '../shared/event-log.ts';
import { utmOf } from '../shared/page-utm.ts';
import type { DataLayerProbeOptions } from './options.ts';

/**
 * Runs in every page of the context before the page's own scripts. It hooks `push` of the
 * array held in `window[variable]` — the one already there, and any array assigned later
 * (`window.dataLayer = window.dataLayer || []`) through an accessor — and reports each pushed
 * value, serialised safely (no DOM nodes, functions or cycles), with the page URL and time.
 * Only the top frame reports: iframes (ads, embedded widgets) keep their own dataLayer.
 *
 * Plain JavaScript in a string on purpose: a compiled TypeScript function can carry helpers of
 * the transpiler (`__name`) that do not exist in the page.
 */
const HOOK_SOURCE = `(function (variable, binding) {
  var w = window;
  if (w.top !== w.self) return;
  var marker = '__cutover_hooked_' + binding;
  if (w[marker]) return;
  Object.defineProperty(w, marker, { value: true });

  function safeJson(value) {
    var seen = new WeakSet();
    return JSON.stringify(value, function (key, item) {
      if (typeof item === 'function' || typeof item === 'symbol') return undefined;
      if (typeof item === 'bigint') return item.toString();
      if (typeof Node !== 'undefined' && item instanceof Node) return '[' + item.nodeName + ']';
      if (typeof item === 'object' && item !== null) {
        if (seen.has(item)) return '[cycle]';
        seen.add(item);
        if (Object.prototype.toString.call(item) === '[object Arguments]') return Array.prototype.slice.call(item);
      }
      return item;
    });
  }

  var queue = [];
  var waiting = false;
  function flush() {
    var send = w[binding];
    if (typeof send !== 'function') {
      if (!waiting) {
        waiting = true;
        setTimeout(function () { waiting = false; flush(); }, 10);
      }
      return;
    }
    while (queue.length > 0) {
      var item = queue.shift();
      try { send(item[0], item[1], item[2]); } catch (e) { /* the page is going away */ }
    }
  }
  function report(value) {
    var json;
    try { json = safeJson(value); } catch (e) { json = undefined; }
    if (json === undefined) return;
    queue.push([json, location.href, Date.now()]);
    flush();
  }

  var hooked = new WeakSet();
  function hook(value) {
    if (!Array.isArray(value) || hooked.has(value)) return value;
    hooked.add(value);
    for (var i = 0; i < value.length; i++) report(value[i]);
    var original = value.push;
    Object.defineProperty(value, 'push', {
      configurable: true,
      writable: true,
      value: function push() {
        for (var j = 0; j < arguments.length; j++) report(arguments[j]);
        return original.apply(this, arguments);
      },
    });
    return value;
  }

  var current = hook(w[variable]);
  var descriptor = Object.getOwnPropertyDescriptor(w, variable);
  if (descriptor && !descriptor.configurable) return;
  Object.defineProperty(w, variable, {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = hook(value); },
  });
})`;

/**
 * The GTM dataLayer as the page fills it: an init script records every push from page start
 * and across navigations, reported through a binding; objects with an `event` key become
 * AnalyticsEvents (the other keys are the params).
 */
export function createDataLayerProbe(
  options: DataLayerProbeOptions,
  deps: ProbeDeps,
): Omit<AnalyticsProbe, 'timestamps'> {
  const name = options.name ?? options.use;

  return {
    name,

    async attach(context: BrowserContext): Promise<AnalyticsCapture> {
      const log = new EventLog();
      const binding = `__cutover_datalayer_${randomBytes(6).toString('hex')}`;
      let detached = false;
      const disposables: Disposable[] = [];

      disposables.push(
        await context.exposeBinding(
          binding,
          (_source: unknown, json: unknown, href: unknown, at: unknown) => {
            if (detached || typeof json !== 'string') return;
            const event = toEvent(json, typeof href === 'string' ? href : undefined, at, name, deps);
            if (event) log.add([event]);
          },
        ),
      );
      disposables.push(
        await context.addInitScript({
          content: `${HOOK_SOURCE}(${JSON.stringify(options.variable)}, ${JSON.stringify(binding)});`,
        }),
      );

      return {
        events: () => log.events(),
        changed: (call) => log.changed(call),
        async detach() {
          if (detached) return;
          detached = true;
          log.close();
          for (const disposable of disposables.reverse()) await disposable.dispose().catch(() => undefined);
        },
      };
    },
  };
}

function toEvent(
  json: string,
  page: string | undefined,
  at: unknown,
  source: string,
  deps: ProbeDeps,
): AnalyticsEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.event !== 'string' || record.event === '') return undefined;
  const params: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    if (key === 'event' || item === undefined || item === null) continue;
    params[key] =
      typeof item === 'string' ? item : typeof item === 'object' ? JSON.stringify(item) : String(item);
  }
  const time = typeof at === 'number' && Number.isFinite(at) ? new Date(at) : (deps.now?.() ?? new Date());
  return { name: record.event, params, page, utm: utmOf(page), at: time, source, raw: json };
}
