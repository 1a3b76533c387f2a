import { earliestFor, type ProbeDeps } from '../deps.ts';
import { requireIds } from '../errors.ts';
import type { CaseIdentity, NotificationMessage, NotificationProbe, ProbeCall } from '../probe.ts';
import type { WebhookProbeOptions } from './options.ts';
import { createWebhookHub, type WebhookHub } from './webhook-hub.ts';
import type { WebhookCapture } from './webhook-listener.ts';
import type { CaptureSource } from './webhook-read-api.ts';

export type { WebhookCapture } from './webhook-listener.ts';
export { CAPTURE_RETENTION_MS, MAX_CAPTURES } from './webhook-listener.ts';

export interface WebhookProbe extends NotificationProbe {
  /** Where the site must post, once listening (`http://127.0.0.1:PORT/hooks/notification`). */
  readonly url: string | undefined;
  /** Starts listening, or joins the run's listener (idempotent), and returns {@link url}. `start()` does the same. */
  listen(call?: ProbeCall): Promise<string>;
  start(identity: Omit<CaseIdentity, 't0'>, call: ProbeCall): Promise<void>;
  find(identity: CaseIdentity, call: ProbeCall): Promise<WebhookCapture[]>;
  changed(call: ProbeCall): Promise<void>;
  /** Lets go of the listener (closes it when this probe opened it alone); safe to call twice. */
  close(): Promise<void>;
}

/**
 * Cutover itself is the webhook: the run's one listener on `options.listen` + `options.path`
 * captures the Slack-style `{text, blocks}` or Teams MessageCard / Workflows AdaptiveCard JSON a
 * staging site posts, answering like Slack (200 `ok`; 400 `invalid_payload` / `no_text`). The
 * listener belongs to the run (`deps.webhooks`: the UAT global setup or the case runner), so every
 * worker reads the same captures and finds its case's by marker. Push: `changed()` resolves on
 * the next capture.
 */
export function createWebhookProbe(
  options: WebhookProbeOptions,
  deps: ProbeDeps,
): Omit<WebhookProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  // Without a run's hub (a probe made on its own), the probe owns a hub of one listener.
  let ownHub: WebhookHub | undefined;
  const hub = (): WebhookHub => {
    if (deps.webhooks) return deps.webhooks;
    ownHub ??= createWebhookHub({ now: deps.now });
    return ownHub;
  };
  let source: Promise<CaptureSource> | undefined;
  let url: string | undefined;
  /** The listener's sequence when find() last looked: a capture after that wakes changed() at once. */
  let seenByFind = 0;

  const acquire = (): Promise<CaptureSource> => {
    source ??= hub()
      .acquire(options.listen, options.path, name)
      .then(
        (found) => {
          url = found.url;
          return found;
        },
        (error: unknown) => {
          source = undefined;
          throw error;
        },
      );
    return source;
  };

  return {
    name,
    get url() {
      return url;
    },
    listen: async () => (await acquire()).url,

    async start() {
      await acquire();
    },

    async find(identity, call) {
      call.signal.throwIfAborted();
      const found = await (await acquire()).find(
        { contains: [identity.marker, identity.email], since: earliestFor(identity.t0, deps) },
        call.signal,
      );
      seenByFind = found.sequence;
      return found.captures;
    },

    async changed(call) {
      await (await acquire()).changed(seenByFind, call.signal);
    },

    async delete(messages: NotificationMessage[], call: ProbeCall): Promise<void> {
      call.signal.throwIfAborted();
      const ids = [...new Set(messages.map((message) => message.id))];
      requireIds(name, ids);
      await (await acquire()).delete(ids, call.signal);
    },

    async close() {
      const own = ownHub;
      ownHub = undefined;
      source = undefined;
      url = undefined;
      await own?.close();
    },
  };
}
