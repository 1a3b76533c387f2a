import { join } from 'node:path';
import { loadProject } from '../../config/index.ts';
import { readReport } from '../../report/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { printProblems } from '../output.ts';
import { fileExists, type PlaywrightRun, runPlaywright } from '../playwright-run.ts';

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
  return judgeReport(run.reportDir, await runPlaywright(run), output);
}

/** cutover's exit code from the acceptance report a Playwright run (or merge) wrote. */
export async function judgeReport(
  reportDir: string,
  playwrightExit: number,
  output: Output,
): Promise<ExitCode> {
  // An interrupted run speaks of its interruption, whatever report it left.
  if (playwrightExit === EXIT.interrupted || playwrightExit === EXIT.terminated) return playwrightExit;
  const file = join(reportDir, 'report.json');
  if (!(await fileExists(file))) {
    output.err(`cutover: Playwright exited with ${playwrightExit} and wrote no acceptance report (${file})`);
    return playwrightExit === 2 ? EXIT.invalid : EXIT.broken;
  }
  return exitCodeOf((await readReport(file)).summary.verdicts);
}

/** 1 when a check failed, else 3 when cutover could not find something out, else 0. */
export function exitCodeOf(verdicts: Record<'passed' | 'failed' | 'error' | 'skipped', number>): ExitCode {
  if (verdicts.failed > 0) return EXIT.failed;
  if (verdicts.error > 0) return EXIT.broken;
  return EXIT.ok;
}
