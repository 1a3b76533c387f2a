import { ImapFlow, type SearchObject } from 'imapflow';
import { redact, reveal, type Secret } from '../../foundation/secret.ts';
import { RetryableError, retry } from '../../http/retry.ts';
import { DEFAULT_POLL_INTERVAL_MS, earliestFor, type ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { markerText } from '../marker-text.ts';
import {
  type CaseIdentity,
  type NotificationMessage,
  type NotificationProbe,
  type ProbeCall,
  ProbeError,
  type SweepCall,
} from '../probe.ts';
import { NETWORK_CODES } from './imap-errors.ts';
import { dateOf, toMessage } from './imap-message.ts';
import { createSightings, type Sightings } from './imap-sightings.ts';
import type { ImapProbeOptions } from './options.ts';

const DAY_MS = 86_400_000;
interface Session {
  client: ImapFlow;
  alive: boolean;
  sightings: Sightings;
}

/**
 * Reads a mailbox over IMAP with imapflow.
 *
 * - One fresh ImapFlow per session (an instance cannot be reused after logout), an `error`
 *   listener always attached (socket timeouts arrive as events and would crash Node otherwise).
 * - Push: the session sits in IDLE; `exists` events resolve `changed()`. IDLE can die silently,
 *   so `changed()` also resolves after the poll interval. Servers coalesce IDLE pushes (Dovecot
 *   holds them 0.5 s), so while a check waits the probe also sends a NOOP every `pollInterval`.
 * - A message's sighting (its delay's upper bound) is the first EXISTS count that covered its
 *   sequence number (imap-sightings.ts), or else the SEARCH that named it.
 * - SEARCH SINCE is date-only and in the server's zone: ask from the day before t0, then keep
 *   INTERNALDATE ≥ t0 minus the clock allowance here, and match the marker in To, Subject or body.
 * - Commands never run inside a fetch iterator (fetchAll), and locks are released in `finally`.
 * - Delete by UID only when the server advertises UIDPLUS: without it EXPUNGE would remove every
 *   `\Deleted` message in the mailbox, so the probe refuses.
 */
export function createImapProbe(
  options: ImapProbeOptions,
  deps: ProbeDeps,
): Omit<NotificationProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const secrets: Secret[] = [options.password];
  if (typeof options.user !== 'string') secrets.push(options.user);
  const where = `${options.host}:${options.port}/${options.mailbox}`;
  const noopIntervalMs = options.pollInterval;

  let session: Promise<Session> | undefined;
  let current: Session | undefined;
  let events = 0;
  let eventsSeenByFind = 0;
  /** UIDVALIDITY of the mailbox when find() reported each UID: a UID is only meaningful with it. */
  const validityOf = new Map<string, bigint>();
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const resolve of [...waiters]) resolve();
  };
  // While any check waits for mail: one NOOP at a time, every pollInterval, on the shared session.
  // Its answer carries EXISTS as soon as the server has the message.
  let nooper: NodeJS.Timeout | undefined;
  let nooping = false;
  const keepAsking = (): void => {
    if (nooper) return;
    nooper = setInterval(() => {
      if (waiters.size === 0) {
        clearInterval(nooper);
        nooper = undefined;
        return;
      }
      const asked = current;
      if (nooping || !asked?.alive) return;
      nooping = true;
      asked.client
        .noop()
        .catch(() => undefined)
        .finally(() => {
          nooping = false;
        });
    }, noopIntervalMs);
    nooper.unref();
  };

  const fail = (error: unknown, what: string): ProbeError => {
    if (error instanceof ProbeError) return error;
    const err = error as { code?: string; authenticationFailed?: boolean; message?: string };
    const text = redact(`IMAP ${where}: ${what} failed: ${err?.message ?? String(error)}`, secrets);
    if (err?.authenticationFailed) {
      return new ProbeError(name, 'auth', `IMAP ${where} refused the login for the configured user`, {
        cause: error,
      });
    }
    if (err?.code && NETWORK_CODES.has(err.code))
      return new ProbeError(name, 'unreachable', text, { cause: error });
    return new ProbeError(name, 'protocol', text, { cause: error });
  };

  const drop = (dead: Session): void => {
    dead.alive = false;
    if (current === dead) {
      current = undefined;
      session = undefined;
    }
    wake();
  };

  const connect = async (): Promise<Session> => {
    const client = new ImapFlow({
      host: options.host,
      port: options.port,
      secure: options.secure,
      auth: { user: reveal(options.user), pass: options.password.reveal() },
      tls: { rejectUnauthorized: options.rejectUnauthorized },
      logger: false,
      connectionTimeout: 15_000,
      // IDLE soon after each command, and restart it now and then: some servers let it die.
      autoIdleDelay: 500,
      maxIdleTime: 60_000,
    });
    const opened: Session = { client, alive: true, sightings: createSightings() };
    client.on('error', () => drop(opened));
    client.on('close', () => drop(opened));
    client.on('expunge', () => opened.sightings.expunged());
    client.on('exists', (event) => {
      opened.sightings.counted(event.count);
      if (event.count > event.prevCount) {
        events += 1;
        wake();
      }
    });
    try {
      await client.connect();
      // Selecting the mailbox is what puts the session into IDLE on it.
      const selected = await client.mailboxOpen(options.mailbox);
      opened.sightings.counted(selected.exists);
    } catch (error) {
      opened.alive = false;
      client.close();
      const err = error as { code?: string };
      if (err?.code && NETWORK_CODES.has(err.code)) {
        throw new RetryableError('unavailable', fail(error, 'connect').message, {
          cause: fail(error, 'connect'),
        });
      }
      throw fail(error, 'connect');
    }
    current = opened;
    return opened;
  };

  const open = (signal: AbortSignal): Promise<Session> => {
    // A session being opened, or open and alive: share it. A dead one is replaced.
    if (session && (!current || current.alive)) return session;
    session = retry(() => connect(), { ...deps.retry, signal }).catch((error: unknown) => {
      session = undefined;
      throw error;
    });
    return session;
  };

  const closeSession = async (): Promise<void> => {
    const pending = session;
    session = undefined;
    current = undefined;
    const opened = await pending?.catch(() => undefined);
    if (!opened) return;
    opened.alive = false;
    try {
      await Promise.race([
        opened.client.logout(),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    } catch {
      // The server went away first: nothing to log out from.
    } finally {
      opened.client.close();
    }
  };

  /** Runs mailbox work under the lock, and gives up the session if the signal fires meanwhile. */
  const withMailbox = async <T>(
    signal: AbortSignal,
    what: string,
    work: (client: ImapFlow, sightings: Sightings) => Promise<T>,
  ): Promise<T> => {
    const opened = await open(signal);
    const run = async (): Promise<T> => {
      const lock = await opened.client.getMailboxLock(options.mailbox, { acquireTimeout: 30_000 });
      try {
        return await work(opened.client, opened.sightings);
      } finally {
        lock.release();
      }
    };
    try {
      return await abortable(run(), signal);
    } catch (error) {
      // The session is shared by every case of this target: one case's cancel leaves it open
      // (the abandoned command finishes and releases its lock by itself).
      if (signal.aborted) throw signal.reason;
      throw fail(error, what);
    }
  };

  /** The shared session, checked with a NOOP: one that died in IDLE unnoticed is replaced. */
  const openChecked = async (signal: AbortSignal): Promise<void> => {
    const opened = await open(signal);
    try {
      await abortable(opened.client.noop(), AbortSignal.any([signal, AbortSignal.timeout(10_000)]));
    } catch {
      if (signal.aborted) throw signal.reason;
      drop(opened);
      opened.client.close();
      await open(signal);
    }
  };

  /**
   * Messages received at or after `earliest` (INTERNALDATE; SEARCH SINCE is date-only and in the
   * server's zone, so it asks from the day before) that pass `keep`, addressed to `options.to`
   * when one is set. Each UID is remembered with its UIDVALIDITY: only those may be deleted.
   */
  const received = async (
    signal: AbortSignal,
    what: string,
    earliest: Date,
    criteria: SearchObject,
    keep: (item: NotificationMessage) => boolean,
  ): Promise<NotificationMessage[]> => {
    let validity: bigint | undefined;
    // When the server's SEARCH named the messages: each existed by then (cutover's clock).
    let searchedAt: Date | undefined;
    const fetched = await withMailbox(signal, what, async (client, sightings) => {
      const mailbox = client.mailbox;
      if (!mailbox || mailbox.exists === 0) return [];
      validity = mailbox.uidValidity;
      const since = new Date(Math.floor(earliest.getTime() / DAY_MS) * DAY_MS - DAY_MS);
      const query: SearchObject = { ...criteria, since, ...(options.to ? { to: options.to } : {}) };
      const uids = await client.search(query, { uid: true });
      searchedAt = new Date();
      if (!uids || uids.length === 0) return [];
      const headers = await client.fetchAll(uids.join(','), { uid: true, internalDate: true }, { uid: true });
      const recent = headers.filter(
        (message) => (dateOf(message.internalDate)?.getTime() ?? 0) >= earliest.getTime(),
      );
      if (recent.length === 0) return [];
      const messages = await client.fetchAll(
        recent.map((message) => message.uid).join(','),
        { uid: true, internalDate: true, envelope: true, source: true },
        { uid: true },
      );
      // Read at once: the sequence numbers are this moment's.
      return messages.map((message) => ({ message, existedBy: sightings.existedBy(message.seq) }));
    });
    const found: NotificationMessage[] = [];
    for (const { message, existedBy } of fetched) {
      const item = toMessage(message);
      if (!item || item.receivedAt.getTime() < earliest.getTime()) continue;
      if (options.to && !item.to.some((address) => address.toLowerCase() === options.to?.toLowerCase()))
        continue;
      if (!keep(item)) continue;
      const observedAt = Math.min(
        existedBy ?? Number.POSITIVE_INFINITY,
        searchedAt?.getTime() ?? Number.POSITIVE_INFINITY,
      );
      found.push(Number.isFinite(observedAt) ? { ...item, observedAt: new Date(observedAt) } : item);
      if (validity !== undefined) validityOf.set(item.id, validity);
    }
    return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  };

  return {
    name,

    async start(_identity, call) {
      // Cases of one target run at once and share the session: check it, never close it here.
      await guarded(name, call.signal, () => openChecked(call.signal));
    },

    find(identity: CaseIdentity, call: ProbeCall): Promise<NotificationMessage[]> {
      return guarded(name, call.signal, async () => {
        eventsSeenByFind = events;
        return received(call.signal, 'search', earliestFor(identity.t0, deps), {}, (item) => {
          const marked = markerText.notification(item).includes(identity.marker);
          const addressed = item.to.some((address) => address.toLowerCase() === identity.email.toLowerCase());
          return marked || addressed;
        });
      });
    },

    sweep(call: SweepCall): Promise<NotificationMessage[]> {
      // The server narrows by "<prefix>-" in the text (a substring search on most servers); the
      // marker pattern decides. Sources are fetched with BODY.PEEK[]: nothing is marked \Seen.
      return guarded(name, call.signal, () =>
        received(call.signal, 'sweep', call.since, { text: `${call.markerPrefix}-` }, (item) =>
          call.markerPattern.test(markerText.notification(item)),
        ),
      );
    },

    changed(call: ProbeCall): Promise<void> {
      if (events > eventsSeenByFind) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (call.signal.aborted) {
          reject(call.signal.reason);
          return;
        }
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          call.signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          reject(call.signal.reason);
        };
        const timer = setTimeout(done, pollIntervalMs);
        waiters.add(done);
        keepAsking();
        call.signal.addEventListener('abort', onAbort, { once: true });
        // Keep (or bring back) a session in IDLE so that new mail is pushed.
        open(call.signal).catch(() => done());
      });
    },

    delete(messages: NotificationMessage[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = [...new Set(messages.map((message) => message.id))];
        requireIds(name, ids);
        const bad = ids.find((id) => !/^[1-9]\d*$/.test(id));
        if (bad !== undefined)
          throw new ProbeError(name, 'config', `refusing to delete ${JSON.stringify(bad)}: not an IMAP UID`);
        await withMailbox(call.signal, 'delete', async (client) => {
          if (!client.capabilities.has('UIDPLUS')) {
            throw new ProbeError(
              name,
              'protocol',
              `IMAP ${where} does not advertise UIDPLUS: deleting by UID would EXPUNGE every \\Deleted message in ${options.mailbox}; refusing to delete`,
            );
          }
          const current = client.mailbox ? client.mailbox.uidValidity : undefined;
          for (const id of ids) {
            const seen = validityOf.get(id);
            if (seen === undefined) {
              throw new ProbeError(
                name,
                'config',
                `refusing to delete UID ${id}: this probe did not find it`,
              );
            }
            if (seen !== current) {
              throw new ProbeError(
                name,
                'protocol',
                `IMAP ${where}: UIDVALIDITY changed; refusing to delete by stale UID ${id}`,
              );
            }
          }
          const ok = await client.messageDelete(ids.join(','), { uid: true });
          if (!ok) {
            throw new ProbeError(
              name,
              'protocol',
              `IMAP ${where}: the server did not delete UIDs ${ids.join(',')}`,
            );
          }
          for (const id of ids) validityOf.delete(id);
        });
      });
    },

    async close() {
      clearInterval(nooper);
      nooper = undefined;
      await closeSession();
      wake();
    },
  };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
