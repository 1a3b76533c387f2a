/** The process exit codes, as documented in the README. */
export const EXIT = {
  /** Everything passed. */
  ok: 0,
  /** A check failed, or the parity diff found a regression. */
  failed: 1,
  /** Bad usage or invalid configuration: nothing was submitted. */
  invalid: 2,
  /** cutover itself could not run: browser failed to start, probe unreachable for the whole run. */
  broken: 3,
  /** Stopped by SIGINT (Ctrl-C): every child stopped, what was submitted cleaned up. */
  interrupted: 130,
  /** Stopped by SIGTERM (a CI cancel, docker stop). */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
