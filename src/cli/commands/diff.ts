import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblems, InvalidInputError } from '../../config/index.ts';
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
import type { Output } from '../output.ts';

export interface DiffOptions {
  baselineTarget?: string;
  candidateTarget?: string;
  out?: string;
  json?: boolean;
}

/** `cutover diff BASELINE CANDIDATE`: the parity diff of two acceptance reports (files or their directories). */
export async function diffCommand(
  baseline: string,
  candidate: string,
  options: DiffOptions,
  output: Output,
): Promise<ExitCode> {
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

async function reportFile(path: string): Promise<string> {
  const info = await stat(path);
  return info.isDirectory() ? join(path, 'report.json') : path;
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
