import { existsSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import type { LoadedScenario } from '../config/index.ts';
import { createHttpClient } from '../http/index.ts';
import type { CaseResult } from '../scenario/case-result.ts';
import { runCase } from '../scenario/run-case.ts';
import { closeTargetProbes, createTargetProbes, type TargetProbes } from '../scenario/target-probes.ts';
import { CASE_RESULT_ATTACHMENT, SCREENSHOT_ATTACHMENT } from './attachments.ts';
import { productionRun } from './env.ts';
import { loadUatProject, type UatProject } from './uat-project.ts';

export interface CutoverFixture {
  /** Runs one scenario on this project's target and fails the test with every failed check's reason. */
  run(scenario: LoadedScenario): Promise<CaseResult>;
}

interface WorkerFixtures {
  /** The target this Playwright project stands for (set per project in playwright.config.ts). */
  cutoverTarget: string;
  cutoverProject: UatProject;
  cutoverProbes: TargetProbes;
}

export const test = base.extend<{ cutover: CutoverFixture }, WorkerFixtures>({
  cutoverTarget: ['', { option: true, scope: 'worker' }],
  cutoverProject: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      await use(await loadUatProject({ resolve: true }));
    },
    { scope: 'worker', box: true },
  ],
  cutoverProbes: [
    async ({ cutoverProject, cutoverTarget }, use) => {
      const target = cutoverProject.config.targets[cutoverTarget];
      if (!target) throw new Error(`no target "${cutoverTarget}" in ${cutoverProject.configFile}`);
      const probes = createTargetProbes(target, {
        http: createHttpClient({ secrets: cutoverProject.secrets }),
      });
      await use(probes);
      await closeTargetProbes(probes);
    },
    { scope: 'worker', box: true },
  ],
  cutover: [
    async ({ context, cutoverProject, cutoverProbes, cutoverTarget }, use, testInfo) => {
      await use({
        async run(loaded) {
          const { config } = cutoverProject;
          const target = config.targets[cutoverTarget]!;
          if (target.production && !(loaded.value.production && productionRun())) {
            throw new Error(
              `refusing to submit to production target "${cutoverTarget}": the scenario must say production: true and the run must be started with --production`,
            );
          }
          const result = await runCase({
            context,
            config,
            targetName: cutoverTarget,
            target,
            scenario: loaded.value,
            scenarioFile: loaded.file,
            probes: cutoverProbes,
            artifactsDir: testInfo.outputPath('evidence'),
          });
          await testInfo.attach(CASE_RESULT_ATTACHMENT, {
            body: JSON.stringify(result),
            contentType: 'application/json',
          });
          const screenshot =
            result.checks[0]?.evidence?.kind === 'submit' ? result.checks[0].evidence.screenshot : undefined;
          if (screenshot && existsSync(testInfo.outputPath('evidence', screenshot))) {
            await testInfo.attach(SCREENSHOT_ATTACHMENT, {
              path: testInfo.outputPath('evidence', screenshot),
              contentType: 'image/png',
            });
          }
          for (const check of result.checks) {
            await test.step(`${check.check}: ${check.verdict} — ${check.reason}`, async () => {}, {
              box: true,
            });
          }
          const problems = result.checks.filter((c) => c.verdict === 'failed' || c.verdict === 'error');
          expect(
            problems.map((c) => `${c.check} ${c.verdict}: ${c.reason}`),
            `${loaded.value.id} on ${cutoverTarget} (marker ${result.marker})`,
          ).toEqual([]);
          return result;
        },
      });
    },
    { box: true },
  ],
});
