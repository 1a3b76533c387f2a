import { parentGone } from '../../parent-gone.ts';
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
  const parent = given ? undefined : parentGone();
  if (parent) shutdown.push(async () => parent.dispose());
  const orphaned = parent?.gone.then(() => onOrphaned?.());
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
