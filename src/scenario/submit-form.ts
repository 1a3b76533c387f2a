import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Response } from 'playwright';
import type { FormConfig, Matcher, SubmitExpectation, TargetFormConfig } from '../config/index.ts';
import type { Step } from '../config/step.schema.ts';
import type { InputValue } from '../foundation/template.ts';
import type { CheckResult, FieldError, Grounds, SubmitEvidence, SubmitOutcome } from './case-result.ts';
import { aspect, type Finding } from './findings.ts';
import { type FormRead, formCheck } from './form-check.ts';
import { type FormScope, formScope } from './form-frame.ts';
import { fillField, firstLine, locateField, readFormValues, waitForOutcome } from './form-page.ts';
import { runSteps, type StepRecord } from './form-steps.ts';
import { inputFiles } from './input-files.ts';
import { renderFindings } from './render-findings.ts';
import { groundsSentence } from './render-reason.ts';

export interface SubmitPlan {
  baseUrl: string;
  form: FormConfig;
  targetForm: TargetFormConfig;
  /** Rendered: templates already replaced. */
  query: Record<string, string | number>;
  /** One input per submission, in order (the scenario's input with that submission's overrides). */
  inputs: Array<Record<string, InputValue>>;
  expectation: SubmitExpectation;
  /** The scenario's steps before filling the form and on the confirmation screen (the target's own are on targetForm). */
  steps?: { before?: readonly Step[]; afterConfirm?: readonly Step[] };
  /** `expect.form`: values the page must hold just before the form is sent. */
  formExpectation?: Record<string, Matcher>;
  /** Deadline for each page step and for the outcome to show. */
  timeoutMs: number;
  /** Where the outcome screenshot goes; none is taken without it. */
  screenshot?: { dir: string; name: string };
  signal: AbortSignal;
  /** Told the moment of each final click, before the click: from then on there may be items to clean up. */
  onFinalClick?: (t0: number) => void;
}

export interface SubmitRun {
  check: CheckResult;
  /** The `form` check, when the scenario has `expect.form` and the form could be read. */
  formCheck?: CheckResult;
  outcome: SubmitOutcome;
  /** The final click of each submission that reached it, epoch ms. */
  t0s: number[];
}

/** Opens the form, fills it, passes the confirmation screen, submits, and reads the outcome — `submissions` times. */
export async function submitForm(page: Page, plan: SubmitPlan): Promise<SubmitRun> {
  const startedAt = new Date();
  const t0s: number[] = [];
  let last: Attempt | undefined;
  try {
    for (const input of plan.inputs) {
      last = await submitOnce(page, plan, input);
      if (last.t0 !== undefined) t0s.push(last.t0);
      if (last.outcome !== 'accepted') break;
    }
  } catch (error) {
    if (plan.signal.aborted) throw error;
    return {
      outcome: 'error',
      t0s,
      check: {
        check: 'submit',
        verdict: 'error',
        reason: `the browser could not operate the form: ${firstLine(error)}`,
        details: [],
        findings: [],
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
      },
    };
  }
  const attempt = last as Attempt;
  const screenshot = await takeScreenshot(page, plan.screenshot);
  const files = await inputFiles(plan.form, plan.inputs.at(-1) ?? {});
  const evidence: SubmitEvidence = {
    kind: 'submit',
    outcome: attempt.outcome,
    url: page.url(),
    status: attempt.status,
    fieldErrors: attempt.fieldErrors,
    screenshot,
    durationMs: attempt.durationMs,
    submissions: t0s.length,
    step: attempt.step,
    ...((attempt.clicks ?? 1) > 1 ? { clicks: attempt.clicks } : {}),
    ...(attempt.steps?.length ? { steps: attempt.steps } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
  const { verdict, findings } = judge(plan, attempt);
  const grounds = verdict === 'failed' ? undefined : passedGrounds(plan, attempt);
  const { reason, details } = grounds
    ? { reason: groundsSentence({ check: 'submit', evidence }, grounds), details: [] }
    : renderFindings({ check: 'submit', findings, evidence });
  return {
    outcome: attempt.outcome,
    t0s,
    ...(attempt.form ? { formCheck: formCheck(attempt.form, plan.formExpectation ?? {}) } : {}),
    check: {
      check: 'submit',
      verdict,
      reason,
      details,
      findings,
      ...(grounds ? { grounds } : {}),
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      delayMs: attempt.outcomeMs,
      slaMs: plan.expectation.within,
      evidence,
    },
  };
}

/** What one submission showed: the outcome, when, and at which step. */
export interface Attempt {
  outcome: SubmitOutcome;
  status?: number;
  fieldErrors: FieldError[];
  t0?: number;
  /** Page open → outcome shown. */
  durationMs: number;
  /** Final click → outcome shown. */
  outcomeMs?: number;
  /** Which step the outcome showed at. */
  step: 'open' | 'confirm' | 'submit';
  /** Why the form page could not be opened at all. */
  unreachable?: string;
  /** The steps taken before the form and between its pages. */
  steps?: StepRecord[];
  /** How many times the final button was clicked (default 1). */
  clicks?: number;
  /** What the form held just before it was sent (with `expect.form`). */
  form?: FormRead;
}

async function submitOnce(page: Page, plan: SubmitPlan, input: Record<string, InputValue>): Promise<Attempt> {
  const { form, targetForm, timeoutMs, signal } = plan;
  const opened = Date.now();
  const clicks = plan.expectation.clicks ?? 1;
  const steps: StepRecord[] = [];
  let lastStatus: number | undefined;
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame())
      lastStatus = response.status();
  };
  page.on('response', onResponse);
  const scopeOfForm = () => formScope(page, targetForm.frame, Date.now() + timeoutMs);
  const stepOptions = (phase: StepRecord['phase'], defaultIn: 'page' | 'form') => ({
    phase,
    page,
    form: scopeOfForm,
    defaultIn,
    timeoutMs,
    signal,
  });
  try {
    const url = new URL(targetForm.path, plan.baseUrl);
    for (const [key, value] of Object.entries(plan.query)) url.searchParams.set(key, String(value));
    const response = await page
      .goto(url.href, { timeout: timeoutMs, waitUntil: 'domcontentloaded' })
      .catch((error: Error) => {
        throw new SiteUnreachable(url.href, error);
      });
    if (response && response.status() >= 400) {
      return {
        outcome: 'error',
        status: response.status(),
        fieldErrors: [],
        durationMs: Date.now() - opened,
        step: 'open',
        steps,
        clicks,
      };
    }
    steps.push(...(await runSteps(targetForm.before, stepOptions('target.before', 'page'))));
    steps.push(...(await runSteps(plan.steps?.before, stepOptions('before', 'page'))));
    const scope = await scopeOfForm();
    for (const [key, value] of Object.entries(input)) {
      await fillField(locateField(scope, key, form, targetForm), value, timeoutMs).catch((error: Error) => {
        throw new Error(`field ${key}: ${firstLine(error)}`, { cause: error });
      });
    }
    const read = (deadline: number, readSignal = signal) =>
      waitForOutcome(page, { form, targetForm, lastStatus: () => lastStatus, deadline, signal: readSignal });
    // What the page filled in itself (a zip lookup, a default, a pre-ticked box), read as the visitor leaves the form.
    const formRead = plan.formExpectation
      ? await readFormValues(scope, Object.keys(plan.formExpectation), form, targetForm).then(
          (values): FormRead => ({ values, at: new Date() }),
        )
      : undefined;
    let finalScope: FormScope = scope;
    if (targetForm.confirm) {
      await scope
        .getByRole('button', { name: targetForm.confirm, exact: true })
        .click({ timeout: timeoutMs });
      const shown = await confirmationOrOutcome(page, plan, read);
      // An outcome instead of the confirmation screen: rejected (or failed) at the confirm step.
      if (shown)
        return { ...shown, durationMs: Date.now() - opened, step: 'confirm', steps, clicks, form: formRead };
      finalScope = await scopeOfForm();
      steps.push(...(await runSteps(plan.steps?.afterConfirm, stepOptions('afterConfirm', 'form'))));
    }
    // No new submission once the case is cancelled; past this line the site may hold our input.
    signal.throwIfAborted();
    const t0 = Date.now();
    plan.onFinalClick?.(t0);
    await clickFinal(page, finalScope, targetForm.submit, clicks, timeoutMs);
    const outcome = await read(t0 + timeoutMs);
    const now = Date.now();
    return {
      ...outcome,
      t0,
      durationMs: now - opened,
      outcomeMs: now - t0,
      step: 'submit',
      steps,
      clicks,
      form: formRead,
    };
  } catch (error) {
    if (error instanceof SiteUnreachable) {
      return {
        outcome: 'error',
        fieldErrors: [],
        durationMs: Date.now() - opened,
        step: 'open',
        unreachable: error.message,
        steps,
        clicks,
      };
    }
    throw error;
  } finally {
    page.off('response', onResponse);
  }
}

/**
 * The final click — or, with `clicks: 2`, a double click at the button's position, as an impatient
 * person does it: by the mouse, not the element, and with no wait between the clicks (the fastest
 * double click, so a slow machine cannot space them out). A page that disables the button on the
 * first click has done so before the second arrives, which then does nothing — as for the person.
 */
async function clickFinal(
  page: Page,
  scope: FormScope,
  name: string,
  clicks: number,
  timeout: number,
): Promise<void> {
  const button = scope.getByRole('button', { name, exact: true });
  if (clicks <= 1) {
    await button.click({ timeout, noWaitAfter: true });
    return;
  }
  // Visible, enabled, in view and not covered — then the clicks themselves, by position.
  await button.click({ trial: true, timeout });
  const box = await button.boundingBox({ timeout });
  if (!box) throw new Error(`the button "${name}" has no position on the page`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: clicks });
}

const never = new Promise<never>(() => {});

/** After the confirm click: undefined once the final button shows, or the outcome the page showed instead. */
async function confirmationOrOutcome(
  page: Page,
  plan: SubmitPlan,
  read: (deadline: number, signal: AbortSignal) => ReturnType<typeof waitForOutcome>,
): Promise<Awaited<ReturnType<typeof waitForOutcome>> | undefined> {
  const loser = new AbortController();
  const deadline = Date.now() + plan.timeoutMs;
  const button = formScope(page, plan.targetForm.frame, deadline)
    .then((scope) =>
      scope
        .getByRole('button', { name: plan.targetForm.submit, exact: true })
        .waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) }),
    )
    .then(() => undefined)
    .catch(() => ({ outcome: 'timeout' as const, fieldErrors: [] }));
  const outcome = read(deadline, AbortSignal.any([plan.signal, loser.signal]))
    .then((r) => (r.outcome === 'timeout' ? never : r))
    .catch(() => never);
  try {
    return await Promise.race([button, outcome]);
  } finally {
    loser.abort();
  }
}

class SiteUnreachable extends Error {
  constructor(url: string, cause: Error) {
    super(`the form page ${url} could not be opened: ${firstLine(cause)}`, { cause });
  }
}

/** The submit check's verdict and findings; the reason and details are rendered from them. */
export function judge(
  plan: Pick<SubmitPlan, 'expectation' | 'timeoutMs'>,
  attempt: Attempt,
): { verdict: 'passed' | 'failed'; findings: Finding[] } {
  const expected = plan.expectation;
  const outcome = (kind: Finding['kind'], extra: Partial<Finding> = {}): Finding => ({
    aspect: aspect.outcome,
    kind,
    expected: expected.outcome,
    actual: attempt.outcome,
    ...extra,
  });
  switch (attempt.outcome) {
    case 'error':
      return {
        verdict: 'failed',
        findings: [outcome('differs', attempt.unreachable ? { note: attempt.unreachable } : {})],
      };
    case 'timeout':
      return {
        verdict: 'failed',
        findings: [
          {
            aspect: aspect.outcome,
            kind: 'missing',
            expected: expected.outcome,
            actual: 'timeout',
            withinMs: plan.timeoutMs,
          },
        ],
      };
    case 'accepted': {
      if (expected.outcome === 'rejected') return { verdict: 'failed', findings: [outcome('differs')] };
      if (
        expected.within !== undefined &&
        attempt.outcomeMs !== undefined &&
        attempt.outcomeMs > expected.within
      ) {
        return {
          verdict: 'failed',
          findings: [
            {
              aspect: aspect.delay,
              kind: 'late',
              expected: String(expected.within),
              actual: String(Math.round(attempt.outcomeMs)),
            },
          ],
        };
      }
      return { verdict: 'passed', findings: [] };
    }
    case 'rejected': {
      const shown = (e: FieldError): Finding => ({
        aspect: aspect.fieldError(e.field),
        kind: 'unexpected',
        ...(e.message ? { actual: e.message } : {}),
      });
      if (expected.outcome === 'accepted') {
        return { verdict: 'failed', findings: [outcome('differs'), ...attempt.fieldErrors.map(shown)] };
      }
      const want = new Set(expected.errors ?? []);
      const got = new Set(attempt.fieldErrors.map((e) => e.field));
      if (want.size > 0) {
        const missing = [...want].filter((f) => !got.has(f));
        const extra = attempt.fieldErrors.filter((e) => !want.has(e.field));
        if (missing.length || extra.length) {
          return {
            verdict: 'failed',
            findings: [
              ...missing.map((f): Finding => ({ aspect: aspect.fieldError(f), kind: 'missing' })),
              ...extra.map(shown),
            ],
          };
        }
      }
      return { verdict: 'passed', findings: [] };
    }
  }
}

/** What a submission that went as expected says. */
function passedGrounds(plan: SubmitPlan, attempt: Attempt): Grounds {
  if (attempt.outcome === 'rejected') return { is: 'rejectedAsExpected' };
  return {
    is: 'accepted',
    ...(attempt.outcomeMs !== undefined ? { afterMs: attempt.outcomeMs } : {}),
    submissions: plan.inputs.length,
  };
}

async function takeScreenshot(page: Page, target: SubmitPlan['screenshot']): Promise<string | undefined> {
  if (!target) return undefined;
  await mkdir(target.dir, { recursive: true });
  const file = `${target.name}.png`;
  try {
    await page.screenshot({ path: join(target.dir, file), fullPage: true, timeout: 10_000 });
    return file;
  } catch {
    return undefined;
  }
}
