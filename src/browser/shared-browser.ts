import type { Browser } from 'playwright';
import { launchChromium } from './launch.ts';

/**
 * One browser for a long-running process: launched on first use, relaunched when it has died
 * (crash, OOM kill), closed once. Case runs take a fresh context from it each time.
 */
export interface SharedBrowser {
  /** The live browser; launches (or relaunches) it when there is none. */
  get(): Promise<Browser>;
  /** How often the browser was launched (1 after the first case; more after crashes). */
  readonly launches: number;
  /** Closes the browser; later get() calls fail. Safe to call twice. */
  close(): Promise<void>;
}

/** The default launch leaves signals to the process that owns the browser (it closes it itself). */
export function sharedBrowser(
  launch: () => Promise<Browser> = () => launchChromium({ handleSignals: false }),
): SharedBrowser {
  let current: Promise<Browser> | undefined;
  let launches = 0;
  let closed = false;
  return {
    get launches() {
      return launches;
    },
    async get() {
      if (closed) throw new Error('the browser was closed: the process is shutting down');
      const browser = current && (await current.catch(() => undefined));
      if (browser?.isConnected()) return browser;
      launches++;
      const launching = launch();
      current = launching;
      launching.catch(() => {
        if (current === launching) current = undefined;
      });
      const launched = await launching;
      if (closed) {
        await launched.close().catch(() => undefined);
        throw new Error('the browser was closed: the process is shutting down');
      }
      return launched;
    },
    async close() {
      closed = true;
      const browser = current && (await current.catch(() => undefined));
      current = undefined;
      await browser?.close().catch(() => undefined);
    },
  };
}
