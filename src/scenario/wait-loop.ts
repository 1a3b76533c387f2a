import pRetry from 'p-retry';

/**
 * The engine's one wait loop on an eventually-consistent system: read, decide, and read again
 * with back-off (p-retry) until the reader is done or the deadline passes — the last read always
 * happens at the deadline, so an expected absence is checked at the end of its window. Push
 * sources (a webhook, IMAP IDLE, the browser's analytics hits) wake the next read early. (Not
 * the monitor's real-inquiry watch, which counts windows of real traffic.)
 */
export interface ReadUntilOptions<T> {
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
  /**
   * Epoch ms at which `done` may turn true with nothing new arriving (a settle window or a search
   * index's lag running out): the next read happens then at the latest, not a back-off step later.
   */
  wakeAt?(): number | undefined;
}

class NotYet extends Error {
  constructor() {
    super('not yet');
    this.name = 'NotYet';
  }
}

/** Returns the last value read: the one that was done, or the one read at the deadline. */
export async function readUntil<T>(options: ReadUntilOptions<T>): Promise<T> {
  const { min, max } = options.backoff ?? { min: 250, max: 3000 };
  let last: { value: T } | undefined;
  const attempt = async () => {
    const value = await options.read(options.signal);
    last = { value };
    if (options.done(value) || Date.now() >= options.deadline) return value;
    throw new NotYet();
  };
  // A polled source is woken by nothing but the time.
  const changed = options.changed ?? ((signal: AbortSignal) => never(signal));
  try {
    return await pRetry(attempt, {
      retries: Number.POSITIVE_INFINITY,
      // The pause happens in onFailedAttempt (a push wakes it early; a settle window or a search
      // lag ends it at `wakeAt`); p-retry adds no delay of its own. No maxRetryTime: it would end
      // the watch after a pause up to the deadline, skipping the read there — `attempt` ends the
      // watch itself once a read happens at or after the deadline.
      minTimeout: 0,
      maxTimeout: 0,
      signal: options.signal,
      shouldRetry: ({ error }) => error instanceof NotYet,
      onFailedAttempt: async ({ error, attemptNumber }) => {
        if (!(error instanceof NotYet)) return;
        const now = Date.now();
        const backoff = Math.min(max, min * 1.6 ** (attemptNumber - 1));
        // Polls of a source that pushes nothing are spread a little (±10 %), as p-retry would.
        const step = options.changed ? backoff : backoff * (0.9 + Math.random() * 0.2);
        // A wake time already past (one event settled, another never comes) shortens nothing:
        // the pause is the back-off step, never 0, so the loop cannot spin until its deadline.
        const wake = options.wakeAt?.();
        const untilWake = wake !== undefined && wake > now ? wake - now : step;
        const pause = Math.min(step, options.deadline - now, untilWake);
        await wakeOrSleep(changed, pause, options.signal);
      },
    });
  } catch (error) {
    if (error instanceof NotYet && last) return last.value;
    throw error;
  }
}

/** A change that never comes: settles only by the signal (which wakeOrSleep aborts after its pause). */
function never(signal: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
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
