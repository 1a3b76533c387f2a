import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProject } from '../../config/index.ts';
import { readReport } from '../../report/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { printProblems } from '../output.ts';
import { type PlaywrightRun, runPlaywright } from '../playwright-run.ts';

export interface UatOptions {
  target?: string[];
  grep?: string;
  production?: boolean;
  shard?: string;
  workers?: string;
  headed?: boolean;
  reportDir: string;
  config?: string;
  scenarios?: string;
}

/**
 * `cutover uat`: validates everything first (nothing is submitted when a file is wrong), runs the
 * pack through Playwright Test — one project per target — and exits by the acceptance report.
 */
export async function uatCommand(options: UatOptions, output: Output): Promise<ExitCode> {
  const project = await loadProject({
    config: options.config,
    scenarios: options.scenarios,
    monitors: false,
  });
  if (!project.ok) {
    printProblems(output, project.problems);
    return EXIT.invalid;
  }
  return runAndJudge(
    {
      targets: options.target,
      grep: options.grep,
      production: options.production,
      shard: options.shard,
      workers: options.workers,
      headed: options.headed,
      reportDir: options.reportDir,
      config: options.config,
      scenarios: options.scenarios,
    },
    output,
  );
}

/** Runs Playwright and turns the acceptance report into cutover's exit code. */
export async function runAndJudge(run: PlaywrightRun, output: Output): Promise<ExitCode> {
  const code = await runPlaywright(run);
  const file = join(run.reportDir, 'report.json');
  if (
    !(await access(file).then(
      () => true,
      () => false,
    ))
  ) {
    output.err(`cutover: Playwright exited with ${code} and wrote no acceptance report (${file})`);
    return code === 2 ? EXIT.invalid : EXIT.broken;
  }
  return exitCodeOf((await readReport(file)).summary.verdicts);
}

/** 1 when a check failed, else 3 when cutover could not find something out, else 0. */
export function exitCodeOf(verdicts: Record<'passed' | 'failed' | 'error' | 'skipped', number>): ExitCode {
  if (verdicts.failed > 0) return EXIT.failed;
  if (verdicts.error > 0) return EXIT.broken;
  return EXIT.ok;
}
