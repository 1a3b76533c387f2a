/**
 * What start-up opened, closed when the command ends however it ends: last opened, first closed,
 * since what opens later uses what opened before it (the watches read through the case runner,
 * the runner drives the browser). One closer failing does not keep the others open.
 */
export interface Shutdown {
  /** Registers how to close what was just opened. */
  push(close: () => Promise<void>): void;
  /** Closes everything registered, in reverse order; once. */
  run(): Promise<void>;
}

export function shutdownStack(): Shutdown {
  const closers: Array<() => Promise<void>> = [];
  return {
    push: (close) => {
      closers.push(close);
    },
    async run() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}
