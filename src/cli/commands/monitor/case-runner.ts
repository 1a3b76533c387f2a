import { type SharedBrowser, sharedBrowser } from '../../../browser/index.ts';
import type { CutoverConfig } from '../../../config/index.ts';
import type { Secret } from '../../../foundation/index.ts';
import type { MonitorPlan } from '../../../monitor/index.ts';
import { type CaseRunner, createCaseRunner } from '../../../scenario/case-runner.ts';
import type { Shutdown } from './shutdown.ts';

/**
 * The one browser every plan's cases share (launched on the first case, relaunched after a crash)
 * and the case runner over it, both closed in the shutdown: the runner first, as it uses the browser.
 */
export function openCaseRunner(
  config: CutoverConfig,
  secrets: Secret[],
  plans: MonitorPlan[],
  shutdown: Shutdown,
): { browser: SharedBrowser; runner: CaseRunner } {
  const browser = sharedBrowser();
  shutdown.push(() => browser.close());
  const runner = createCaseRunner({
    config,
    secrets,
    browser: () => browser.get(),
    production: plans.some((p) => p.definition.production),
  });
  shutdown.push(() => runner.close());
  return { browser, runner };
}
