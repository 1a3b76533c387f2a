import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright';

const run = promisify(execFile);

export type ChromiumSource = 'setting' | 'CUTOVER_CHROMIUM' | 'playwright' | 'system';

export interface FoundChromium {
  path: string;
  source: ChromiumSource;
}

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const SYSTEM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const CHROMIUM_INSTALL_HINT =
  'install a browser: `npx playwright install chromium` (needs access to Playwright’s download host), ' +
  'or on Debian/Ubuntu as root `apt-get install -y chromium fonts-noto-cjk`, ' +
  'or point CUTOVER_CHROMIUM at a Chromium/Chrome executable';

/**
 * Finds Chromium, in this order: an explicit setting, $CUTOVER_CHROMIUM, Playwright's installed
 * browser, the system Chromium. Every place that launches a browser uses this one resolver.
 */
export function findChromium(
  options: { setting?: string; env?: Record<string, string | undefined> } = {},
): FoundChromium | undefined {
  const env = options.env ?? process.env;
  if (options.setting) return { path: options.setting, source: 'setting' };
  if (env.CUTOVER_CHROMIUM) return { path: env.CUTOVER_CHROMIUM, source: 'CUTOVER_CHROMIUM' };
  const bundled = playwrightChromium();
  if (bundled && isExecutable(bundled)) return { path: bundled, source: 'playwright' };
  for (const path of SYSTEM_PATHS) if (isExecutable(path)) return { path, source: 'system' };
  for (const command of SYSTEM_COMMANDS) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      const path = join(dir, command);
      if (dir && isExecutable(path)) return { path, source: 'system' };
    }
  }
  return undefined;
}

/** The same as {@link findChromium}, but throws an error with the install hint when there is none. */
export function requireChromium(options: Parameters<typeof findChromium>[0] = {}): FoundChromium {
  const found = findChromium(options);
  if (!found) throw new BrowserNotFoundError();
  if (!isExecutable(found.path)) {
    throw new BrowserNotFoundError(
      `the browser named by ${found.source} (${found.path}) is not an executable file`,
    );
  }
  return found;
}

export class BrowserNotFoundError extends Error {
  readonly code = 'CUTOVER_BROWSER_NOT_FOUND';

  constructor(detail = 'no Chromium found') {
    super(`${detail}; ${CHROMIUM_INSTALL_HINT}`);
    this.name = 'BrowserNotFoundError';
  }
}

export async function chromiumVersion(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ['--version'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
