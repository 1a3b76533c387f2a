import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProject } from '../../config/index.ts';
import { formatProblems, InvalidInputError } from '../../foundation/index.ts';
import {
  type DiffResult,
  DiffUsageError,
  diffExitCode,
  diffReports,
  readReport,
  renderDiffHtml,
  renderDiffJson,
  renderDiffText,
} from '../../report/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, printProblems } from '../output.ts';
import { fileExists } from '../playwright-run.ts';
import { outputDirProblem, printUsage, removeFiles } from '../usage.ts';
import { planRun, runAndJudgeRun } from './uat.ts';

export interface DiffOptions {
  baselineTarget?: string;
  candidateTarget?: string;
  out?: string;
  json?: boolean;
}

/**
 * `cutover diff BASELINE CANDIDATE`: the parity diff of two acceptance reports (files or their
 * directories) — or, when neither argument exists as a file and both name targets of the config,
 * of two UAT runs made now.
 */
export async function diffCommand(
  baseline: string,
  candidate: string,
  options: DiffOptions,
  output: Output,
): Promise<ExitCode> {
  if (!(await fileExists(baseline)) && !(await fileExists(candidate))) {
    return diffTargetsNow(baseline, candidate, options, output);
  }
  let result: DiffResult;
  try {
    const [baseFile, candFile] = await Promise.all([reportFile(baseline), reportFile(candidate)]);
    result = diffReports(await readReport(baseFile), await readReport(candFile), {
      baselineTarget: options.baselineTarget,
      candidateTarget: options.candidateTarget,
      baselineFile: baseFile,
      candidateFile: candFile,
    });
  } catch (error) {
    if (error instanceof InvalidInputError) output.err(formatProblems(error.problems));
    else if (error instanceof DiffUsageError || isMissingFile(error))
      output.err(`cutover diff: ${(error as Error).message}`);
    else throw error;
    return EXIT.invalid;
  }
  await writeDiff(result, options, output);
  return diffExitCode(result);
}

/** Prints the diff (table or JSON) and, with an output directory, writes diff.txt, diff.html and diff.json. */
export async function writeDiff(
  result: DiffResult,
  options: { out?: string; json?: boolean },
  output: Output,
): Promise<void> {
  output.out(
    options.json
      ? renderDiffJson(result).trimEnd()
      : renderDiffText(result, { color: output.color }).trimEnd(),
  );
  if (!options.out) return;
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, 'diff.txt'), renderDiffText(result));
  await writeFile(join(options.out, 'diff.html'), renderDiffHtml(result));
  await writeFile(join(options.out, 'diff.json'), renderDiffJson(result));
}

/** Runs the pack on both targets now (each into its own fresh report), then diffs the two reports. */
async function diffTargetsNow(
  baseline: string,
  candidate: string,
  options: DiffOptions,
  output: Output,
): Promise<ExitCode> {
  const root = options.out ?? 'reports/diff';
  const dir = await outputDirProblem('--out', root);
  if (dir) {
    printUsage(output, 'diff', [dir]);
    return EXIT.invalid;
  }
  const loaded = await loadProject({ monitors: false });
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return EXIT.invalid;
  }
  const targets = Object.keys(loaded.project.config.config.targets);
  const unknown = [baseline, candidate].filter((t) => !targets.includes(t));
  if (unknown.length > 0) {
    output.err(
      `cutover diff: ${unknown.map((u) => `"${u}"`).join(' and ')} ${unknown.length > 1 ? 'are' : 'is'} neither a report nor a target (targets: ${targets.join(', ')})`,
    );
    output.err('Nothing was submitted.');
    return EXIT.invalid;
  }
  // Both runs are planned before either starts: a target with no case is refused up front.
  for (const target of [baseline, candidate]) {
    if (loaded.project.config.config.targets[target]!.production) {
      printUsage(output, 'diff', [
        {
          flag: target,
          message: `"${target}" is a production target; diff runs non-production targets now — run cutover uat --production --target ${target} --report-dir DIR, then diff the reports`,
        },
      ]);
      return EXIT.invalid;
    }
    const plan = await planRun(loaded.project, { targets: [target], scenarios: 'scenarios' });
    if (!plan.ok) {
      printUsage(
        output,
        'diff',
        plan.problems.map((p) => ({ ...p, flag: p.flag === '--target' ? target : p.flag })),
      );
      return EXIT.invalid;
    }
  }
  await removeFiles(root, ['diff.txt', 'diff.html', 'diff.json']);
  for (const target of [baseline, candidate]) {
    output.out(`Running the pack on ${target} …`);
    const run = await runAndJudgeRun(
      { targets: [target], reportDir: join(root, target), progress: true },
      output,
    );
    // A run that did not end cleanly is no baseline or candidate: its exit code stands.
    if (!run.complete) return run.code === EXIT.ok ? EXIT.broken : run.code;
  }
  return diffCommand(join(root, baseline), join(root, candidate), { ...options, out: root }, output);
}

async function reportFile(path: string): Promise<string> {
  const info = await stat(path);
  return info.isDirectory() ? join(path, 'report.json') : path;
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
