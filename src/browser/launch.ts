import { type Browser, type BrowserServer, chromium, type LaunchOptions } from 'playwright';
import { requireChromium } from './find-chromium.ts';

/**
 * Flags that keep Chromium quiet on closed networks and in containers: without the
 * background-networking ones it keeps trying to reach Google's hosts.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launch options for Playwright with the resolved browser: use in launch() and in playwright.config.ts. */
export function chromiumLaunchOptions(options: { setting?: string; headless?: boolean } = {}): LaunchOptions {
  const found = requireChromium({ setting: options.setting });
  // Playwright picks its own build (and its headless shell) best when not told a path.
  const executablePath = found.source === 'playwright' ? undefined : found.path;
  return { executablePath, headless: options.headless ?? true, args: CHROMIUM_ARGS };
}

/**
 * Launches the resolved Chromium. `handleSignals: false` leaves SIGINT/SIGTERM/SIGHUP to the
 * caller: Playwright's own handlers would close the browser (and exit 130 on SIGINT) at once,
 * before a long-running process can let its running case finish and clean up.
 */
export async function launchChromium(
  options: { setting?: string; headless?: boolean; handleSignals?: boolean } = {},
): Promise<Browser> {
  const handle = options.handleSignals ?? true;
  return chromium.launch({
    ...chromiumLaunchOptions(options),
    handleSIGINT: handle,
    handleSIGTERM: handle,
    handleSIGHUP: handle,
  });
}

/**
 * One Chromium that several Playwright runs share over its WebSocket endpoint (`cutover demo` runs
 * both builds on it: one browser start instead of one per worker). Signals are the owner's: it
 * closes the server in its own cleanup.
 */
export function launchChromiumServer(options: { setting?: string } = {}): Promise<BrowserServer> {
  return chromium.launchServer({
    ...chromiumLaunchOptions(options),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
