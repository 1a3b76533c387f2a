import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownFile } from '../../foundation/index.ts';
import { ENV } from '../../uat/env.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { playwrightCli } from '../playwright-run.ts';
import { freshReportDir, outputDirProblem, printUsage, type UsageProblem } from '../usage.ts';
import { judgeReport } from './uat.ts';

/** `cutover merge BLOB_DIR`: one acceptance report from the blob reports of every shard of a run. */
export async function mergeCommand(
  blobDir: string,
  options: { reportDir: string; config?: string },
  output: Output,
): Promise<ExitCode> {
  const usage: UsageProblem[] = [];
  const blobs = await readdir(blobDir).then(
    (names) => names.filter((n) => n.endsWith('.zip')),
    (error: NodeJS.ErrnoException) => error,
  );
  if (blobs instanceof Error) {
    usage.push({
      flag: 'BLOB_DIR',
      message:
        blobs.code === 'ENOTDIR'
          ? `${blobDir} is a file; expected the directory holding each shard's blob report (report-*.zip)`
          : `${blobDir} does not exist; expected the directory holding each shard's blob report (report-*.zip)`,
    });
  } else if (blobs.length === 0) {
    usage.push({
      flag: 'BLOB_DIR',
      message: `no blob report (*.zip) in ${blobDir}; each shard of cutover uat --shard i/n leaves one in <report-dir>/blob`,
    });
  }
  const dir = await outputDirProblem('--report-dir', options.reportDir);
  if (dir) usage.push(dir);
  if (usage.length > 0) {
    printUsage(output, 'merge', usage, undefined);
    return EXIT.invalid;
  }
  await freshReportDir(options.reportDir);
  const mergeConfig = fileURLToPath(new URL(`../../uat/${ownFile('merge.config.ts')}`, import.meta.url));
  const code = await playwrightCli(['merge-reports', '--config', mergeConfig, resolve(blobDir)], {
    ...process.env,
    [ENV.reportDir]: resolve(options.reportDir),
    [ENV.config]: options.config ?? 'cutover.config.ts',
  });
  return judgeReport(options.reportDir, code, output);
}
