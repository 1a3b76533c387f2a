/**
 * The Playwright config `cutover merge` hands to `playwright merge-reports`: the blobs of all
 * shards replayed into one acceptance report (and one Playwright HTML report).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { ownFile } from '../foundation/index.ts';
import { ENV, reportDirOf } from './env.ts';

const reportDir = resolve(reportDirOf());
const configFile = process.env[ENV.config] ?? 'cutover.config.ts';

export default defineConfig({
  testDir: fileURLToPath(new URL('../../scenarios', import.meta.url)),
  reporter: [
    ['html', { open: 'never', outputFolder: `${reportDir}/playwright` }],
    [
      fileURLToPath(new URL(`./${ownFile('acceptance-reporter.ts')}`, import.meta.url)),
      { outputDir: reportDir, configFile },
    ],
  ],
});
