import { Worker } from 'node:worker_threads';

/**
 * A hard deadline for each case, kept outside the event loop the case could block (a runaway
 * user pattern, a synchronous loop in a page callback): a worker thread with a timer of its own.
 * When the deadline passes it writes why to stderr and kills this Playwright worker process with
 * SIGKILL; Playwright then reports the test as failed ("worker process exited unexpectedly") and
 * goes on with a fresh worker, and the acceptance report lists the case as an error.
 */
export interface Watchdog {
  /** Kill the process unless disarm() comes within `ms`. */
  arm(ms: number, what: string): void;
  disarm(): void;
  close(): Promise<void>;
}

const WATCHDOG_THREAD = `
const { parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let timer;
parentPort.on('message', (message) => {
  clearTimeout(timer);
  if (message.deadline === undefined) return;
  timer = setTimeout(() => {
    writeSync(2, '\\ncutover: ' + message.what + ' is past its hard deadline (' + message.ms + ' ms) and does not answer; stopping this worker\\n');
    process.kill(process.pid, 'SIGKILL');
  }, Math.max(0, message.deadline - Date.now()));
});
`;

export function startWatchdog(): Watchdog {
  // No inherited flags (loaders, --input-type): the thread is a plain CommonJS script.
  const thread = new Worker(WATCHDOG_THREAD, { eval: true, execArgv: [] });
  // The watchdog never keeps a worker alive on its own.
  thread.unref();
  return {
    arm(ms, what) {
      thread.postMessage({ deadline: Date.now() + ms, ms, what });
    },
    disarm() {
      thread.postMessage({});
    },
    async close() {
      await thread.terminate();
    },
  };
}
