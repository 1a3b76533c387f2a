import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './repo.ts';

const run = promisify(execFile);
/** The repository's `cutover` command. */
export const CUTOVER_BIN = join(REPO_ROOT, 'bin', 'cutover.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the repository's `cutover` in `cwd` (no colours) and returns its exit code and output, never throwing for a non-zero exit. */
export async function runCutover(args: string[], cwd: string, timeout = 170_000): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CUTOVER_BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
