import { Agent } from 'undici';
import { createHttpClient } from '../../http/client.ts';
import { ProbeError } from '../probe.ts';
import { readableOrigin, startWebhookListener, type WebhookListener } from './webhook-listener.ts';
import {
  type CaptureSource,
  holdLease,
  isCutoverListener,
  localCaptures,
  MAX_LEASE_MS,
  remoteCaptures,
  serveReadApi,
} from './webhook-read-api.ts';

/**
 * The run's webhook listeners by their `listen` address, as the process that owns them tells the
 * others (the UAT global setup → its workers, through the environment): where it listens, or why
 * it could not.
 */
export type WebhookEndpoints = Record<string, { origin: string } | { error: string }>;

/**
 * One webhook listener per address for the whole run, however many probes, targets and workers
 * ask for it. The owner (the UAT global setup, or the case runner when there is no Playwright)
 * binds; a worker told by the owner reads it over its read API; a process that finds the port
 * held by another cutover run on this machine (a second shard) reads that one.
 */
export interface WebhookHub {
  /** The captures a probe reads; throws a ProbeError (`config`) naming the reason when nothing can listen. */
  acquire(listen: string, path: string, probe: string): Promise<CaptureSource>;
  /** What this hub listens on or failed to, for the processes it owns the listeners for. */
  endpoints(): Promise<WebhookEndpoints>;
  /**
   * Closes the listeners this hub bound once no other run reads them, or once `patience` fires
   * (an interrupted run does not wait); safe to call twice.
   */
  close(patience?: AbortSignal): Promise<void>;
}

export interface WebhookHubOptions {
  now?: () => Date;
  /** Listeners another process of this run owns (its {@link WebhookHub.endpoints}). */
  owned?: WebhookEndpoints;
}

type Bound = { listener: WebhookListener } | { origin: string } | { error: string };

export function createWebhookHub(options: WebhookHubOptions = {}): WebhookHub {
  // The listener is on this machine: reading it never goes through an HTTP(S)_PROXY.
  const direct = new Agent({ connect: { timeout: 5000 } });
  const http = createHttpClient({ dispatcher: direct });
  const bound = new Map<string, Promise<Bound>>();
  /** Ends the leases this hub holds on listeners other runs own. */
  const lifetime = new AbortController();
  let closing: Promise<void> | undefined;
  /** Why an address could not be bound the last time: told to the workers, tried again by the next case. */
  const failed = new Map<string, { error: string }>();

  const bind = async (listen: string): Promise<Bound> => {
    try {
      return { listener: await startWebhookListener({ listen, now: options.now, readApi: serveReadApi }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const origin = readableOrigin(listen);
      if (code === 'EADDRINUSE' && (await isCutoverListener(http, origin, AbortSignal.timeout(5000)))) {
        holdLease(http, origin, lifetime.signal);
        return { origin };
      }
      const held = code === 'EADDRINUSE' ? ' (another process holds this port)' : '';
      return { error: `cannot listen on ${listen}: ${(error as Error).message}${held}` };
    }
  };

  return {
    async acquire(listen, path, probe) {
      const told = options.owned?.[listen];
      let entry: Promise<Bound> | undefined = told ? Promise.resolve(told) : bound.get(listen);
      if (!entry) {
        entry = bind(listen);
        bound.set(listen, entry);
      }
      const found = await entry;
      if ('error' in found) {
        // A long-running monitor tries again on its next case: the other program may have gone.
        if (!told && bound.get(listen) === entry) {
          bound.delete(listen);
          failed.set(listen, found);
        }
        throw new ProbeError(probe, 'config', found.error);
      }
      failed.delete(listen);
      if ('listener' in found) return localCaptures(found.listener, path);
      return remoteCaptures(http, found.origin, path, probe);
    },
    async endpoints() {
      const out: WebhookEndpoints = Object.fromEntries(failed);
      for (const [listen, entry] of bound) {
        const found = await entry;
        out[listen] = 'listener' in found ? { origin: found.listener.origin } : found;
      }
      return out;
    },
    close(patience) {
      closing ??= (async () => {
        lifetime.abort();
        const all = await Promise.all(bound.values());
        bound.clear();
        // Another run on this machine still reading a listener (a shard started beside this one)
        // keeps it open until that run ends.
        const waited = AbortSignal.any([AbortSignal.timeout(MAX_LEASE_MS), ...(patience ? [patience] : [])]);
        await Promise.all(
          all.map(async (entry) => {
            if (!('listener' in entry)) return;
            await entry.listener.leasesReturned(waited);
            await entry.listener.close();
          }),
        );
        await http.close();
        await direct.close();
      })();
      return closing;
    },
  };
}
