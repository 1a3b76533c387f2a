import type { Shutdown } from './shutdown.ts';

export interface StopRequest {
  /** Resolves when the monitor should stop. */
  readonly stopped: Promise<void>;
  /** Whether it has, by now: start-up asks before the first cycle. */
  readonly requested: boolean;
}

/**
 * When to stop: the caller's signal (tests), else the process's first SIGINT or SIGTERM — or the
 * end of the process that started it (`npx`, a shell: see {@link parentGone}), told through
 * `onOrphaned`. The process's handlers go in at once, so a signal during start-up stops before
 * anything is submitted, and come out as the last step of the shutdown.
 */
export function monitorStopSignal(
  given: Promise<void> | undefined,
  shutdown: Shutdown,
  onOrphaned?: () => void,
): StopRequest {
  const signals = processStopSignal();
  shutdown.push(async () => signals.dispose());
  const orphaned = given ? undefined : parentGone(shutdown).then(() => onOrphaned?.());
  const stopped = given ?? Promise.race([signals.stopped, ...(orphaned ? [orphaned] : [])]);
  let requested = false;
  void stopped.then(() => {
    requested = true;
  });
  return {
    stopped,
    get requested() {
      return requested;
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM; a second one is left to Node's default (exit at once). */
function processStopSignal(): { stopped: Promise<void>; dispose(): void } {
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/**
 * Resolves when this process's parent goes away (it is re-parented, e.g. to init). `npx cutover …`
 * runs cutover under a shell that npm starts (npm → sh → node): a SIGTERM sent to npx reaches that
 * shell, which dies without passing it on, and cutover would run on, orphaned. A long-running
 * command treats its parent's end like SIGTERM. Started under init already (ppid 0 or 1, a
 * container's only process), nothing can be told and it never resolves. The check is disposed in
 * the shutdown.
 */
export function parentGone(shutdown: Shutdown, everyMs = 500): Promise<void> {
  const parent = process.ppid;
  return new Promise((resolve) => {
    if (parent <= 1) return;
    const timer = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(timer);
      resolve();
    }, everyMs);
    // Only a check: it keeps nothing alive.
    timer.unref();
    shutdown.push(async () => clearInterval(timer));
  });
}
