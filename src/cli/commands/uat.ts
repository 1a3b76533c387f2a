import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadProject,
  type Project,
  projectDirs,
  reportSettings,
  vacuousWarnings,
} from '../../config/index.ts';
import { type Lang, messagesFor } from '../../foundation/i18n/index.ts';
import { type AcceptanceReport, readReport } from '../../report/index.ts';
import { grepRegExp, selectCases, type UatProject } from '../../uat/uat-project.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { printProblems, printWarnings } from '../output.ts';
import { fileExists, type PlaywrightRun, runPlaywright } from '../playwright-run.ts';
import {
  freshReportDir,
  outputDirProblem,
  printUsage,
  shardProblem,
  type UsageProblem,
  workersProblem,
} from '../usage.ts';

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
  /** `--lang`: the language of the report and the summary. */
  lang?: Lang;
}

/**
 * `cutover uat`: checks the command line and every file first, and which cases would run —
 * nothing starts and nothing is submitted when anything is wrong or nothing matches (exit 2) —
 * then runs the pack through Playwright Test, one project per target, into a fresh report
 * directory, and exits by this run's acceptance report and Playwright's own exit code.
 */
export async function uatCommand(options: UatOptions, output: Output): Promise<ExitCode> {
  const usage = [
    shardProblem(options.shard),
    workersProblem(options.workers),
    await outputDirProblem('--report-dir', options.reportDir),
  ].filter((p): p is UsageProblem => p !== undefined);
  let grep: RegExp | undefined;
  if (options.grep !== undefined) {
    try {
      grep = grepRegExp(options.grep);
    } catch (error) {
      usage.push({
        flag: '--grep',
        message: `${JSON.stringify(options.grep)} is not a regular expression: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`,
      });
    }
  }
  if (usage.length > 0) {
    printUsage(output, 'uat', usage);
    return EXIT.invalid;
  }
  const loaded = await loadProject({ config: options.config, scenarios: options.scenarios, monitors: false });
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return EXIT.invalid;
  }
  const plan = await planRun(loaded.project, {
    targets: options.target,
    production: options.production,
    grep,
    grepText: options.grep,
    scenarios: projectDirs(options).scenarios,
  });
  if (!plan.ok) {
    printUsage(output, 'uat', plan.problems);
    return EXIT.invalid;
  }
  // Expectations that cannot fail, of the cases this run starts: said once, before anything runs.
  const selected = [...new Set(plan.cases.map((c) => c.scenario))];
  const warnings = vacuousWarnings(plan.project.config, selected, plan.project.targets);
  if (warnings.length > 0) printWarnings(output, warnings);
  const ids = [...new Set(plan.cases.map((c) => c.scenario.value.id))];
  const { lang, messages } = reportSettings(loaded.project.config.config, options.lang);
  output.out(
    messages.run.running(options.shard, plan.cases.length, ids.join(', '), plan.project.targets.join(', ')),
  );
  const code = await runAndJudge(
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
      progress: true,
      lang,
    },
    output,
  );
  if (code === EXIT.failed || code === EXIT.broken)
    output.err(messages.run.traces(join(options.reportDir, 'playwright')));
  return code;
}

/**
 * Which targets and cases a run covers, decided before Playwright starts: every target named
 * exists and production ones are asked for on purpose, the scenario directory holds scenarios,
 * and at least one case matches. Problems name the flag they are about.
 */
export async function planRun(
  project: Project,
  options: {
    targets?: string[];
    production?: boolean;
    grep?: RegExp;
    grepText?: string;
    scenarios: string;
  },
): Promise<
  | { ok: true; project: UatProject; cases: ReturnType<typeof selectCases> }
  | { ok: false; problems: UsageProblem[] }
> {
  const { config, scenarios } = project;
  const all = Object.keys(config.config.targets);
  const problems: UsageProblem[] = [];
  for (const target of options.targets ?? []) {
    if (!all.includes(target)) {
      problems.push({
        flag: '--target',
        message: `no target ${JSON.stringify(target)} in ${config.file} (targets: ${all.join(', ')})`,
      });
    } else if (config.config.targets[target]!.production && !options.production) {
      problems.push({
        flag: '--target',
        message: `${JSON.stringify(target)} is a production target; add --production to run there on purpose (only scenarios marked production: true run there)`,
      });
    }
  }
  if (scenarios.length === 0) {
    const isDir = await stat(options.scenarios).then(
      (s) => s.isDirectory(),
      () => false,
    );
    problems.push({
      flag: '--scenarios',
      message: isDir
        ? `no scenario file (*.yaml, *.yml) in ${options.scenarios}`
        : `no directory ${options.scenarios}; expected the directory of scenario files`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const targets = options.targets?.length
    ? all.filter((t) => options.targets!.includes(t))
    : all.filter((t) => !config.config.targets[t]!.production);
  const uat: UatProject = {
    configFile: config.file,
    config: config.config,
    scenarios,
    secrets: config.secrets,
    targets,
  };
  const cases = selectCases(uat, options.grep);
  if (cases.length === 0) {
    const ids = scenarios.map((s) => s.value.id).join(', ');
    const on = targets.length > 0 ? targets.join(', ') : 'no target (every target is production)';
    return {
      ok: false,
      problems: [
        options.grep
          ? {
              flag: '--grep',
              message: `no scenario matches ${JSON.stringify(options.grepText)} on ${on}; tests are named "<id> <title>" and tagged @target:<name> and @<tag> (scenarios: ${ids})`,
            }
          : {
              flag: '--target',
              message: `no scenario runs on ${on} (a scenario runs on the targets it names, or every target with its form; on a production target only when marked production: true)`,
            },
      ],
    };
  }
  return { ok: true, project: uat, cases };
}

/** Runs Playwright into a fresh report directory and turns this run's report into the exit code. */
export async function runAndJudge(run: PlaywrightRun, output: Output): Promise<ExitCode> {
  return (await runAndJudgeRun(run, output)).code;
}

export async function runAndJudgeRun(run: PlaywrightRun, output: Output): Promise<RunVerdict> {
  const previous = await freshReportDir(run.reportDir, ['blob']);
  if (previous) output.out(messagesFor(run.lang ?? 'en').run.previousKept(previous));
  return judgeRun(run.reportDir, await runPlaywright(run), output);
}

/** What a run's report and Playwright's exit code say together. */
export interface RunVerdict {
  code: ExitCode;
  /** This run's report, when it wrote one. */
  report?: AcceptanceReport;
  /** Playwright ended normally, at least one case ran, and the report explains Playwright's exit code. */
  complete: boolean;
}

/** cutover's exit code from the acceptance report a Playwright run (or merge) wrote. */
export async function judgeReport(
  reportDir: string,
  playwrightExit: number,
  output: Output,
): Promise<ExitCode> {
  return (await judgeRun(reportDir, playwrightExit, output)).code;
}

/**
 * Judges a run by the report it wrote into its (fresh) directory and by Playwright's exit code:
 * 0 only when at least one case ran, every check passed and Playwright agrees. Playwright's own
 * failure is never masked by a report: an exit code other than 0 or 1, or 1 while every case
 * passed (a global error, a crashed worker), is not a pass.
 */
export async function judgeRun(
  reportDir: string,
  playwrightExit: number,
  output: Output,
): Promise<RunVerdict> {
  // An interrupted run speaks of its interruption (playwright-run.ts said so), whatever report it left.
  if (playwrightExit === EXIT.interrupted || playwrightExit === EXIT.terminated) {
    return { code: playwrightExit, complete: false };
  }
  const file = join(reportDir, 'report.json');
  if (!(await fileExists(file))) {
    // The reporter writes no report when no test ran (a shard holding no case): nothing was submitted.
    if (playwrightExit === 0) {
      output.err(
        'cutover: no case ran (nothing matched, or this shard holds no case); nothing was submitted',
      );
      return { code: EXIT.invalid, complete: false };
    }
    output.err(`cutover: Playwright exited with ${playwrightExit} and wrote no acceptance report (${file})`);
    return { code: playwrightExit === EXIT.invalid ? EXIT.invalid : EXIT.broken, complete: false };
  }
  const report = await readReport(file);
  const normalExit = playwrightExit === 0 || playwrightExit === 1;
  if (report.summary.cases === 0) {
    output.err(
      `cutover: no case ran${normalExit ? ' (nothing matched, or this shard holds no case)' : ` and Playwright exited with ${playwrightExit}`}; nothing was submitted`,
    );
    return { code: normalExit ? EXIT.invalid : EXIT.broken, report, complete: false };
  }
  const byVerdicts = exitCodeOf(report.summary.verdicts);
  if (playwrightExit === 0 || (playwrightExit === 1 && byVerdicts !== EXIT.ok)) {
    return { code: byVerdicts, report, complete: true };
  }
  output.err(
    `cutover: Playwright exited with ${playwrightExit}${byVerdicts === EXIT.ok ? ' although every case in the report passed' : ''}: the run did not end cleanly (see the messages above)`,
  );
  return { code: byVerdicts === EXIT.failed ? EXIT.failed : EXIT.broken, report, complete: false };
}

/** 1 when a check failed, else 3 when cutover could not find something out, else 0. */
export function exitCodeOf(verdicts: Record<'passed' | 'failed' | 'error' | 'skipped', number>): ExitCode {
  if (verdicts.failed > 0) return EXIT.failed;
  if (verdicts.error > 0) return EXIT.broken;
  return EXIT.ok;
}
