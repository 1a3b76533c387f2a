import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { keepPreviousReport } from '../report/index.ts';
import type { Output } from './output.ts';

/** A mistake on the command line: the flag (or argument) it is about, and what was expected. */
export interface UsageProblem {
  flag: string;
  message: string;
}

/** Prints usage problems, one line each naming the flag; nothing was started. */
export function printUsage(
  output: Output,
  command: string,
  problems: UsageProblem[],
  after: string | undefined = 'Nothing was submitted.',
): void {
  for (const { flag, message } of problems) output.err(`cutover ${command}: ${flag}: ${message}`);
  if (after) output.err(after);
}

/** `--shard i/n`: 1 ≤ i ≤ n. */
export function shardProblem(shard: string | undefined): UsageProblem | undefined {
  if (shard === undefined) return undefined;
  const parts = /^(\d+)\/(\d+)$/.exec(shard.trim());
  const [index, total] = parts ? [Number(parts[1]), Number(parts[2])] : [0, 0];
  if (parts && index >= 1 && total >= 1 && index <= total) return undefined;
  return {
    flag: '--shard',
    message: `expected i/n with 1 ≤ i ≤ n, e.g. 1/3 (the first of three shards), got ${JSON.stringify(shard)}`,
  };
}

/** `--workers N` or `--workers N%` (of the CPU cores), as Playwright takes it. */
export function workersProblem(workers: string | undefined): UsageProblem | undefined {
  if (workers === undefined) return undefined;
  const parts = /^(\d+)(%?)$/.exec(workers.trim());
  const value = parts ? Number(parts[1]) : 0;
  if (parts && value >= 1 && (parts[2] === '' ? value <= 1000 : value <= 100)) return undefined;
  return {
    flag: '--workers',
    message: `expected a number of parallel browsers from 1, or a share of the CPU cores like 50%, got ${JSON.stringify(workers)}`,
  };
}

/**
 * A directory cutover writes into (`--report-dir`, `--out`): absent (it is created), or a
 * directory — never a regular file.
 */
export async function outputDirProblem(flag: string, dir: string): Promise<UsageProblem | undefined> {
  if (dir.trim() === '') return { flag, message: 'expected a directory, got an empty text' };
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return { flag, message: `${dir} is a file, not a directory` };
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return { flag, message: `${dir}: part of the path is a file, not a directory` };
    return { flag, message: `${dir} cannot be used (${code ?? (error as Error).message})` };
  }
}

/**
 * Clears an acceptance report directory of an earlier run's report, so that only this run's
 * report can decide the exit code — a run that dies before writing leaves no report at all. The
 * earlier report is not deleted: it moves to report.prev/ beside (src/report/keep-previous.ts).
 * Playwright's own output (playwright/, test-results/) is cleaned by Playwright; `extra` names
 * more to remove (a run's blob/, which `cutover merge` must keep: it may read its input from there).
 * Returns where the earlier report went, if there was one.
 */
export async function freshReportDir(dir: string, extra: string[] = []): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  const previous = await keepPreviousReport(dir);
  await Promise.all(extra.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  return previous;
}

/** Removes files an earlier run left (a diff's diff.json, …), so they are never mistaken for this run's. */
export async function removeFiles(dir: string, names: string[]): Promise<void> {
  await Promise.all(names.map((name) => rm(join(dir, name), { recursive: true, force: true })));
}
