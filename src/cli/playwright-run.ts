import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Lang } from '../foundation/i18n/index.ts';
import { OWN_ROOT, ownFile } from '../foundation/index.ts';
import { ENV } from '../uat/env.ts';
import { parentGone } from './parent-gone.ts';

const require = createRequire(import.meta.url);
/** cutover's own directory: its playwright.config.ts, demo config and scenario pack. */
export const PACKAGE_ROOT = OWN_ROOT;

export interface PlaywrightRun {
  targets?: string[];
  grep?: string;
  shard?: string;
  workers?: string;
  headed?: boolean;
  production?: boolean;
  reportDir: string;
  config?: string;
  scenarios?: string;
  /** Print one line per case (the acceptance reporter's progress) instead of Playwright's list. */
  progress?: boolean;
  /** The language of the report and progress lines (`--lang`); default: the config's, then LC_ALL/LANG. */
  lang?: Lang;
  /** Extra environment, e.g. the running demo world's endpoints. */
  env?: Record<string, string>;
  /** The Playwright config file (default: cutover's own playwright.config.ts). */
  playwrightConfig?: string;
}

/**
 * Runs `playwright test` with cutover's Playwright config — the same path a user takes with
 * `npx playwright test` — and resolves with its exit code.
 */
export function runPlaywright(run: PlaywrightRun): Promise<number> {
  const args = [
    'test',
    '--config',
    run.playwrightConfig ?? join(PACKAGE_ROOT, ownFile('playwright.config.ts')),
  ];
  if (run.grep) args.push('--grep', run.grep);
  if (run.shard) args.push('--shard', run.shard);
  if (run.workers) args.push('--workers', run.workers);
  if (run.headed) args.push('--headed');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [ENV.reportDir]: resolve(run.reportDir),
    ...(run.targets?.length ? { [ENV.targets]: run.targets.join(',') } : {}),
    ...(run.production ? { [ENV.production]: '1' } : {}),
    ...(run.config ? { [ENV.config]: resolve(run.config) } : {}),
    ...(run.scenarios ? { [ENV.scenarios]: resolve(run.scenarios) } : {}),
    ...(run.progress ? { [ENV.progress]: '1' } : {}),
    ...(run.lang ? { [ENV.lang]: run.lang } : {}),
    ...run.env,
  };
  return playwrightCli(args, env);
}

/** Exit codes of a run stopped by a signal, as shells report them (128 + signal number). */
export const INTERRUPTED_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** How long Playwright may take, after a cancel, to let the running cases clean up and exit. */
const CANCEL_DEADLINE_MS = 90_000;

/**
 * Runs Playwright's own command line (`test`, `merge-reports`) and resolves with its exit code —
 * or with 130/143 when cutover was interrupted. Playwright runs in its own process group, so a
 * terminal's Ctrl-C reaches cutover alone; cutover passes SIGINT on to Playwright's runner, which
 * stops its workers gracefully (a running case is cancelled and cleans up what it submitted), and
 * kills the whole group if it has not exited by the deadline.
 */
export function playwrightCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = require.resolve('@playwright/test/cli');
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env, detached: true });
    let interrupted: keyof typeof INTERRUPTED_EXIT | undefined;
    let killer: NodeJS.Timeout | undefined;
    const onSignal = (signal: keyof typeof INTERRUPTED_EXIT) => {
      if (interrupted) {
        // A second signal: stop waiting for a graceful end.
        killGroup(child.pid, 'SIGKILL');
        return;
      }
      interrupted = signal;
      process.stderr.write(
        `\ncutover: ${signal} received — stopping: no new case starts; a case already submitted is cleaned up (up to ${CANCEL_DEADLINE_MS / 1000} s)\n`,
      );
      if (child.pid) process.kill(child.pid, 'SIGINT');
      killer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), CANCEL_DEADLINE_MS);
    };
    const onInt = () => onSignal('SIGINT');
    const onTerm = () => onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    // Through npx, a SIGTERM may end only the shell npm runs cutover in: its end is a SIGTERM too.
    const parent = parentGone();
    void parent.gone.then(() => {
      process.stderr.write('\ncutover: the process that started it (npx, a shell) is gone\n');
      onTerm();
    });
    const finish = (code: number) => {
      parent.dispose();
      clearTimeout(killer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      done(interrupted ? INTERRUPTED_EXIT[interrupted] : code);
    };
    child.on('error', () => finish(127));
    child.on('close', (code) => {
      // Whatever Playwright left in its group (a worker that did not exit) goes with it.
      killGroup(child.pid, 'SIGKILL');
      finish(code ?? 1);
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function fileExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
