import { existsSync } from 'node:fs';
import { test as base } from '@playwright/test';
import type { LoadedScenario } from '../config/index.ts';
import { caseDeadlineMs } from '../scenario/case-deadline.ts';
import { type CaseResult, checkLabel } from '../scenario/case-result.ts';
import { type CaseRunner, createCaseRunner } from '../scenario/case-runner.ts';
import { CASE_RESULT_ATTACHMENT, SCREENSHOT_ATTACHMENT } from './attachments.ts';
import { caseFailure } from './case-failure.ts';
import { productionRun, webhookEndpoints } from './env.ts';
import { loadUatProject, type UatProject } from './uat-project.ts';
import { startWatchdog, type Watchdog } from './watchdog.ts';

/** The final read and cleanup (30 s) plus slack for a busy machine. */
const HARD_DEADLINE_MARGIN_MS = 60_000;

export interface CutoverFixture {
  /** Runs one scenario on this project's target and fails the test with every failed check's reason. */
  run(scenario: LoadedScenario): Promise<CaseResult>;
}

interface WorkerFixtures {
  /** The target this Playwright project stands for (set per project in playwright.config.ts). */
  cutoverTarget: string;
  cutoverProject: UatProject;
  cutoverRunner: CaseRunner;
  cutoverWatchdog: Watchdog;
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
  cutoverRunner: [
    async ({ cutoverProject }, use) => {
      const runner = createCaseRunner({
        config: cutoverProject.config,
        secrets: cutoverProject.secrets,
        production: productionRun(),
        // The global setup owns the run's webhook listeners: every worker reads the same ones.
        webhooks: webhookEndpoints(),
      });
      await use(runner);
      // Before the worker goes: what its cases caused after they ended (a queued CRM write, a
      // channel no scenario checked) is looked for until `defaults.lateArrivals` after each final
      // click, and deleted by id. Bounded: the bound itself and one more minute for the passes.
      const bound = cutoverProject.config.defaults.lateArrivals + HARD_DEADLINE_MARGIN_MS;
      for (const { scenario, marker, entries } of await runner.drainLate(AbortSignal.timeout(bound))) {
        const deleted = entries.filter((e) => e.result === 'deleted').length;
        const left = entries
          .filter((e) => e.result !== 'deleted')
          .map((e) => `${e.system} ${e.probe} ${e.id}`);
        console.log(
          `cutover: ${scenario} (${marker}): ${deleted} item(s) that arrived after the case ended deleted${left.length > 0 ? `; left: ${left.join(', ')}` : ''}`,
        );
      }
      await runner.close();
    },
    { scope: 'worker', box: true },
  ],
  cutoverWatchdog: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      const watchdog = startWatchdog();
      await use(watchdog);
      await watchdog.close();
    },
    { scope: 'worker', box: true },
  ],
  cutover: [
    async ({ context, cutoverRunner, cutoverTarget, cutoverProject, cutoverWatchdog }, use, testInfo) => {
      // A run interrupted by Playwright (Ctrl-C, a CI cancel passed on by cutover) tears this
      // fixture down while the case may still run: it is cancelled here and awaited, so what it
      // submitted is still cleaned up before the worker goes.
      const cancel = new AbortController();
      let running: Promise<unknown> | undefined;
      await use({
        async run(loaded) {
          // The case's own deadline (from its SLAs), its cleanup, and a margin: past that the
          // worker is blocked or lost, and the watchdog stops it from outside its event loop.
          cutoverWatchdog.arm(
            caseDeadlineMs(loaded.value, cutoverProject.config.defaults) + HARD_DEADLINE_MARGIN_MS,
            `${loaded.value.id} on ${cutoverTarget}`,
          );
          const pending = cutoverRunner.run({
            context,
            target: cutoverTarget,
            scenario: loaded.value,
            scenarioFile: loaded.file,
            artifactsDir: testInfo.outputPath('evidence'),
            signal: cancel.signal,
          });
          running = pending.catch(() => undefined);
          const result = await pending.finally(() => cutoverWatchdog.disarm());
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
            await test.step(`${checkLabel(check)}: ${check.verdict} — ${check.reason}`, async () => {}, {
              box: true,
            });
          }
          const failure = caseFailure(result, loaded.value.id, cutoverTarget);
          if (failure) throw failure;
          return result;
        },
      });
      if (running) {
        cancel.abort(new DOMException('the run was interrupted', 'AbortError'));
        await running;
      }
    },
    { box: true },
  ],
});
