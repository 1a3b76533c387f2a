import type { AnalyticsEvent, ProbeCall } from '../probe.ts';

/** The ordered list of events an analytics capture saw, with a push signal for `changed()`. */
export class EventLog {
  readonly #events: AnalyticsEvent[] = [];
  readonly #waiters = new Set<() => void>();
  #closed = false;

  add(events: readonly AnalyticsEvent[]): void {
    if (this.#closed || events.length === 0) return;
    this.#events.push(...events);
    for (const wake of [...this.#waiters]) wake();
  }

  events(): AnalyticsEvent[] {
    return [...this.#events];
  }

  /** Resolves on the next event; rejects with the signal's reason when it fires first. */
  changed(call: ProbeCall): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (call.signal.aborted) {
        reject(call.signal.reason);
        return;
      }
      const onAbort = (): void => {
        this.#waiters.delete(wake);
        reject(call.signal.reason);
      };
      const wake = (): void => {
        this.#waiters.delete(wake);
        call.signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiters.add(wake);
      call.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** No more events are recorded; pending `changed()` calls resolve so nobody waits forever. */
  close(): void {
    this.#closed = true;
    for (const wake of [...this.#waiters]) wake();
  }
}
