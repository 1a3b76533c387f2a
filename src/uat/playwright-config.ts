import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlaywrightTestConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../browser/index.ts';
import { reportSettings } from '../config/index.ts';
import { ownFile } from '../foundation/index.ts';
import { ENV, langOf, reportDirOf } from './env.ts';
import { loadUatProject, projectGrep, SPEC_FILE } from './uat-project.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The Playwright Test config of a UAT run: one project per selected target of cutover.config.ts,
 * the demo world started by the global setup when the config points at it, Playwright's own HTML
 * report and traces, and the acceptance report (JSON, HTML, JUnit).
 */
export async function uatConfig(): Promise<PlaywrightTestConfig<object, { cutoverTarget: string }>> {
  const project = await loadUatProject({ resolve: false });
  const progress = process.env[ENV.progress] === '1';
  const browserEndpoint = process.env[ENV.browser];
  const reportDir = resolve(reportDirOf());
  const { lang, timeZone } = reportSettings(project.config, langOf());
  return {
    // The spec ships with cutover; the scenario files it turns into tests come from the project.
    testDir: here('../../scenarios'),
    testMatch: SPEC_FILE,
    // Traces and screenshots of failures stay with the report they belong to.
    outputDir: resolve(reportDir, 'test-results'),
    globalSetup: here(`./${ownFile('global-setup.ts')}`),
    fullyParallel: true,
    forbidOnly: Boolean(process.env.CI),
    // A case run is its own evidence; retrying would hide a flaky downstream system.
    retries: 0,
    timeout: project.config.defaults.caseTimeout + 60_000,
    reporter: [
      [progress ? 'null' : 'list'],
      ['html', { open: 'never', outputFolder: `${reportDir}/playwright` }],
      [
        here(`./${ownFile('acceptance-reporter.ts')}`),
        { outputDir: reportDir, configFile: project.configFile, progress, lang, timeZone },
      ],
      // A shard also leaves a blob, so `cutover merge` can build one report from all shards.
      ...(process.argv.some((arg) => arg.startsWith('--shard'))
        ? [['blob', { outputDir: `${reportDir}/blob` }] as const]
        : []),
    ],
    use: {
      ...(browserEndpoint
        ? { connectOptions: { wsEndpoint: browserEndpoint } }
        : { launchOptions: chromiumLaunchOptions() }),
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      trace: 'retain-on-failure',
      screenshot: 'only-on-failure',
    },
    projects: project.targets.map((target) => ({
      name: target,
      grep: projectGrep(target),
      use: { cutoverTarget: target },
    })),
  };
}
