import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProject, type ReportSettings, reportSettings } from '../../config/index.ts';
import type { Lang } from '../../foundation/i18n/index.ts';
import { formatProblems, InvalidInputError } from '../../foundation/index.ts';
import {
  type AcceptanceReport,
  type DiffResult,
  DiffUsageError,
  diffExitCode,
  diffReports,
  type DiffOptions as ReportDiffOptions,
  readReport,
  renderDiffHtml,
  renderDiffJson,
  renderDiffText,
} from '../../report/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, printProblems } from '../output.ts';
import { fileExists } from '../playwright-run.ts';
import { workingDirReportSettings } from '../report-settings.ts';
import { outputDirProblem, printUsage, removeFiles } from '../usage.ts';
import { planRun, runAndJudgeRun } from './uat.ts';

export interface DiffOptions {
  baselineTarget?: string;
  candidateTarget?: string;
  out?: string;
  json?: boolean;
  /** `--lang`: the language of diff.txt, diff.html and the table (diff.json keeps English reasons). */
  lang?: Lang;
}

/** The diff as data (English reasons: diff.json) and as shown (the reasons in the document language). */
export interface WordedDiff {
  data: DiffResult;
  shown: DiffResult;
  lang: Lang;
  timeZone: string;
}

/** Diffs two reports once as data and, for another language, once more in its words. */
export function wordedDiff(
  baseline: AcceptanceReport,
  candidate: AcceptanceReport,
  options: ReportDiffOptions,
  settings: ReportSettings,
): WordedDiff {
  const data = diffReports(baseline, candidate, options);
  const shown =
    settings.lang === 'en'
      ? data
      : diffReports(baseline, candidate, { ...options, messages: settings.messages });
  return { data, shown, lang: settings.lang, timeZone: settings.timeZone };
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
  let result: WordedDiff;
  try {
    const [baseFile, candFile] = await Promise.all([reportFile(baseline), reportFile(candidate)]);
    // The project's config, when there is one, says the language and clock; a diff of two files needs none.
    const settings = await workingDirReportSettings(options.lang);
    result = wordedDiff(
      await readReport(baseFile),
      await readReport(candFile),
      {
        baselineTarget: options.baselineTarget,
        candidateTarget: options.candidateTarget,
        baselineFile: baseFile,
        candidateFile: candFile,
      },
      settings,
    );
  } catch (error) {
    if (error instanceof InvalidInputError) output.err(formatProblems(error.problems));
    else if (error instanceof DiffUsageError || isMissingFile(error))
      output.err(`cutover diff: ${(error as Error).message}`);
    else throw error;
    return EXIT.invalid;
  }
  await writeDiff(result, options, output);
  return diffExitCode(result.data);
}

/** Prints the diff (table or JSON) and, with an output directory, writes diff.txt, diff.html and diff.json. */
export async function writeDiff(
  result: WordedDiff,
  options: { out?: string; json?: boolean },
  output: Output,
): Promise<void> {
  const { data, shown, lang, timeZone } = result;
  output.out(
    options.json
      ? renderDiffJson(data).trimEnd()
      : renderDiffText(shown, { color: output.color, lang }).trimEnd(),
  );
  if (!options.out) return;
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, 'diff.txt'), renderDiffText(shown, { lang }));
  await writeFile(join(options.out, 'diff.html'), renderDiffHtml(shown, { lang, timeZone }));
  await writeFile(join(options.out, 'diff.json'), renderDiffJson(data));
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
    const { lang } = reportSettings(loaded.project.config.config, options.lang);
    const run = await runAndJudgeRun(
      { targets: [target], reportDir: join(root, target), progress: true, lang },
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
