import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../uat/env.ts';

const require = createRequire(import.meta.url);
/** cutover's own directory: its playwright.config.ts, demo config and scenario pack. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
  const args = ['test', '--config', run.playwrightConfig ?? join(PACKAGE_ROOT, 'playwright.config.ts')];
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
    ...run.env,
  };
  return playwrightCli(args, env);
}

/** Runs Playwright's own command line (`test`, `merge-reports`) and resolves with its exit code. */
export function playwrightCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = require.resolve('@playwright/test/cli');
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
    child.on('error', () => done(127));
    child.on('close', (code) => done(code ?? 1));
  });
}

export function fileExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
