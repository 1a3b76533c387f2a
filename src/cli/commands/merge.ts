import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReport } from '../../report/index.ts';
import { ENV } from '../../uat/env.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { exitCodeOf } from './uat.ts';

const require = createRequire(import.meta.url);

/** `cutover merge BLOB_DIR`: one acceptance report from the blob reports of every shard of a run. */
export async function mergeCommand(
  blobDir: string,
  options: { reportDir: string; config?: string },
  output: Output,
): Promise<ExitCode> {
  if (
    !(await access(blobDir).then(
      () => true,
      () => false,
    ))
  ) {
    output.err(
      `cutover merge: ${blobDir} does not exist; expected the directory holding each shard's blob report (report-*.zip)`,
    );
    return EXIT.invalid;
  }
  const cli = require.resolve('@playwright/test/cli');
  const mergeConfig = fileURLToPath(new URL('../../uat/merge.config.ts', import.meta.url));
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [cli, 'merge-reports', '--config', mergeConfig, resolve(blobDir)], {
      stdio: 'inherit',
      env: {
        ...process.env,
        [ENV.reportDir]: resolve(options.reportDir),
        [ENV.config]: options.config ?? 'cutover.config.ts',
      },
    });
    child.on('error', () => done(127));
    child.on('close', (exit) => done(exit ?? 1));
  });
  const file = join(options.reportDir, 'report.json');
  if (
    code !== 0 ||
    !(await access(file).then(
      () => true,
      () => false,
    ))
  ) {
    output.err(`cutover merge: playwright merge-reports exited with ${code} and wrote no acceptance report`);
    return EXIT.broken;
  }
  return exitCodeOf((await readReport(file)).summary.verdicts);
}
