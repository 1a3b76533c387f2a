import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../uat/env.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { fileExists, playwrightCli } from '../playwright-run.ts';
import { judgeReport } from './uat.ts';

/** `cutover merge BLOB_DIR`: one acceptance report from the blob reports of every shard of a run. */
export async function mergeCommand(
  blobDir: string,
  options: { reportDir: string; config?: string },
  output: Output,
): Promise<ExitCode> {
  if (!(await fileExists(blobDir))) {
    output.err(
      `cutover merge: ${blobDir} does not exist; expected the directory holding each shard's blob report (report-*.zip)`,
    );
    return EXIT.invalid;
  }
  const mergeConfig = fileURLToPath(new URL('../../uat/merge.config.ts', import.meta.url));
  const code = await playwrightCli(['merge-reports', '--config', mergeConfig, resolve(blobDir)], {
    ...process.env,
    [ENV.reportDir]: resolve(options.reportDir),
    [ENV.config]: options.config ?? 'cutover.config.ts',
  });
  return judgeReport(options.reportDir, code, output);
}
