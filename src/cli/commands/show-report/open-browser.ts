import { spawn } from 'node:child_process';

/** Asks the desktop to open a URL; resolves false when there is no desktop or no opener. Never throws. */
export type OpenBrowser = (url: string) => Promise<boolean>;

export interface Opener {
  command: string;
  args: string[];
}

/**
 * The desktop's own "open this URL" command — `open` (macOS), `start` (Windows), `xdg-open`
 * (Linux and the BSDs, with a display) — or undefined where nobody would see a browser: CI, an SSH
 * session without a forwarded display, a server or container without one.
 */
export function desktopOpener(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Opener | undefined {
  if (env.CI) return undefined;
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const ssh = Boolean(env.SSH_CONNECTION || env.SSH_TTY);
  if (platform === 'darwin') return ssh && !display ? undefined : { command: 'open', args: [url] };
  // `start` is a builtin of cmd; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return display ? { command: 'xdg-open', args: [url] } : undefined;
}

/**
 * Opens the URL with the desktop's opener, without waiting for it: the opener hands the URL to the
 * user's browser and exits. It runs in its own process group, so the Ctrl-C that stops the report
 * server does not reach a browser it started — that browser is the user's. A missing opener
 * (no xdg-open installed) resolves false.
 */
export const openInBrowser: OpenBrowser = (url) => {
  const opener = desktopOpener(url);
  if (!opener) return Promise.resolve(false);
  return new Promise((done) => {
    const child = spawn(opener.command, opener.args, {
      stdio: 'ignore',
      detached: true,
      windowsHide: true,
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.once('error', () => done(false));
    child.once('spawn', () => {
      child.unref();
      done(true);
    });
  });
};
