import type { Page } from 'playwright';
import { describeStep, type Step } from '../config/step.schema.ts';
import type { FormScope } from './form-frame.ts';
import { firstLine } from './form-page.ts';

/** One step as the evidence records it: what was done, where, and how long it took. */
export interface StepRecord {
  step: string;
  /** Which list it came from: the target's `before`, the scenario's `before`, or `afterConfirm`. */
  phase: 'target.before' | 'before' | 'afterConfirm';
  in: 'page' | 'form';
  durationMs: number;
}

/**
 * Runs declarative steps the way a person would, each bounded by the step timeout: a click on a
 * button or link by role and name, a box ticked or cleared by its label, a text waited for, the
 * open dialog closed with Escape. A step that cannot be done throws, naming the step.
 */
export async function runSteps(
  steps: readonly Step[] | undefined,
  options: {
    phase: StepRecord['phase'];
    page: Page;
    /** The form's scope (its frame, or the page), resolved only when a step looks there. */
    form: () => Promise<FormScope>;
    defaultIn: 'page' | 'form';
    timeoutMs: number;
    signal: AbortSignal;
  },
): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for (const step of steps ?? []) {
    options.signal.throwIfAborted();
    const where = step.in ?? options.defaultIn;
    const started = Date.now();
    const scope = where === 'page' ? options.page : await options.form();
    await runStep(step, scope, options.page, options.timeoutMs).catch((error: Error) => {
      throw new Error(`step ${describeStep(step)} (${options.phase}): ${firstLine(error)}`, { cause: error });
    });
    records.push({
      step: describeStep(step),
      phase: options.phase,
      in: where,
      durationMs: Date.now() - started,
    });
  }
  return records;
}

async function runStep(step: Step, scope: FormScope, page: Page, timeout: number): Promise<void> {
  if (step.click) {
    const { role, name, exact } = step.click;
    await scope.getByRole(role, { name, exact }).first().click({ timeout });
    return;
  }
  if (step.check) {
    await scope.getByLabel(step.check.label, { exact: step.check.exact }).first().check({ timeout });
    return;
  }
  if (step.uncheck) {
    await scope.getByLabel(step.uncheck.label, { exact: step.uncheck.exact }).first().uncheck({ timeout });
    return;
  }
  if (step.waitFor) {
    await scope.getByText(step.waitFor.text).first().waitFor({ state: 'visible', timeout });
    return;
  }
  const dialog = scope
    .locator('dialog[open], [role="dialog"], [role="alertdialog"]')
    .filter({ visible: true })
    .first();
  await dialog.waitFor({ state: 'visible', timeout });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout });
}
