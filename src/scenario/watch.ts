import pRetry from 'p-retry';

/**
 * One way to wait on an eventually-consistent system: read, decide, and read again with
 * back-off (p-retry) until the reader is done or the deadline passes — the last read always
 * happens at the deadline, so an expected absence is checked at the end of its window. Push
 * sources (a webhook, IMAP IDLE, the browser's analytics hits) wake the next read early.
 */
export interface WatchOptions<T> {
  read(signal: AbortSignal): Promise<T>;
  /** True when there is no need to read again. */
  done(value: T): boolean;
  /** Resolves when the source may have something new; optional. */
  changed?(signal: AbortSignal): Promise<void>;
  /** Epoch milliseconds. */
  deadline: number;
  signal: AbortSignal;
  /** Poll back-off bounds in ms (default 250 → 3000). */
  backoff?: { min: number; max: number };
}

class NotYet extends Error {
  constructor() {
    super('not yet');
    this.name = 'NotYet';
  }
}

/** Returns the last value read: the one that was done, or the one read at the deadline. */
export async function watch<T>(options: WatchOptions<T>): Promise<T> {
  const { min, max } = options.backoff ?? { min: 250, max: 3000 };
  let last: { value: T } | undefined;
  const attempt = async () => {
    const value = await options.read(options.signal);
    last = { value };
    if (options.done(value) || Date.now() >= options.deadline) return value;
    throw new NotYet();
  };
  const changed = options.changed;
  try {
    return await pRetry(attempt, {
      retries: Number.POSITIVE_INFINITY,
      factor: 1.6,
      // A push source wakes the next read itself (below); p-retry then adds no delay of its own.
      minTimeout: changed ? 0 : min,
      maxTimeout: changed ? 0 : max,
      randomize: !changed,
      // With a push source the pause happens in onFailedAttempt, before p-retry looks at the time
      // left: a maxRetryTime would end the watch after the pause up to the deadline, skipping the
      // read there. `attempt` ends the watch itself once a read happens at or after the deadline.
      maxRetryTime: changed ? Number.POSITIVE_INFINITY : Math.max(0, options.deadline - Date.now()),
      signal: options.signal,
      shouldRetry: ({ error }) => error instanceof NotYet,
      onFailedAttempt: changed
        ? async ({ error, attemptNumber }) => {
            if (!(error instanceof NotYet)) return;
            const pause = Math.min(max, min * 1.6 ** (attemptNumber - 1), options.deadline - Date.now());
            await wakeOrSleep(changed, pause, options.signal);
          }
        : undefined,
    });
  } catch (error) {
    if (error instanceof NotYet && last) return last.value;
    throw error;
  }
}

async function wakeOrSleep(
  changed: (signal: AbortSignal) => Promise<void>,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  if (ms <= 0) return;
  const local = new AbortController();
  const both = AbortSignal.any([signal, local.signal]);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      changed(both).catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    local.abort();
  }
}
