import type { RequestHandler } from 'msw';
import { Secret } from '../../src/foundation/secret.ts';
import { createHttpClient } from '../../src/http/client.ts';
import type { ProbeDeps } from '../../src/probes/deps.ts';
import { MswDispatcher } from './msw-dispatcher.ts';

export interface ProbeTestKit {
  deps: ProbeDeps;
  dispatcher: MswDispatcher;
  /** Every wait the retry policy asked for, in ms; nothing really sleeps. */
  waits: number[];
  /** A signal for one probe call that is never aborted. */
  call: { signal: AbortSignal };
}

/** Probe deps whose HTTP goes to msw handlers only, with instant retry waits. */
export function probeTestKit(
  handlers: readonly RequestHandler[],
  overrides: Partial<ProbeDeps> = {},
): ProbeTestKit {
  const dispatcher = new MswDispatcher(handlers);
  const waits: number[] = [];
  const deps: ProbeDeps = {
    http: createHttpClient({ dispatcher }),
    retry: {
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
    ...overrides,
  };
  return { deps, dispatcher, waits, call: { signal: new AbortController().signal } };
}

/** A secret bound to a value, as the config loader would give it to a probe. */
export function secret(name: string, value: string): Secret {
  return new Secret(name, value);
}

/** A case identity like the engine's. */
export function identity(marker: string, t0: Date = new Date()) {
  return { marker, email: `qa+${marker}@example.com`, t0 };
}
