import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Response } from 'playwright';
import type { FormConfig, SubmitExpectation, TargetFormConfig } from '../config/index.ts';
import type { CheckResult, FieldError, Grounds, SubmitEvidence, SubmitOutcome } from './case-result.ts';
import { aspect, type Finding } from './findings.ts';
import { fillField, locateField, waitForOutcome } from './form-page.ts';
import { renderFindings } from './render-findings.ts';
import { groundsSentence } from './render-reason.ts';

export interface SubmitPlan {
  baseUrl: string;
  form: FormConfig;
  targetForm: TargetFormConfig;
  /** Rendered: templates already replaced. */
  query: Record<string, string | number>;
  /** One input per submission, in order (the scenario's input with that submission's overrides). */
  inputs: Array<Record<string, string | number | boolean>>;
  expectation: SubmitExpectation;
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
  };
  const { verdict, findings } = judge(plan, attempt);
  const grounds = verdict === 'failed' ? undefined : passedGrounds(plan, attempt);
  const { reason, details } = grounds
    ? { reason: groundsSentence({ check: 'submit', evidence }, grounds), details: [] }
    : renderFindings({ check: 'submit', findings, evidence });
  return {
    outcome: attempt.outcome,
    t0s,
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
}

async function submitOnce(
  page: Page,
  plan: SubmitPlan,
  input: Record<string, string | number | boolean>,
): Promise<Attempt> {
  const { form, targetForm, timeoutMs, signal } = plan;
  const opened = Date.now();
  let lastStatus: number | undefined;
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame())
      lastStatus = response.status();
  };
  page.on('response', onResponse);
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
      };
    }
    for (const [key, value] of Object.entries(input)) {
      await fillField(locateField(page, key, form, targetForm), value, timeoutMs).catch((error: Error) => {
        throw new Error(`field ${key}: ${firstLine(error)}`, { cause: error });
      });
    }
    const read = (deadline: number, readSignal = signal) =>
      waitForOutcome(page, { form, targetForm, lastStatus: () => lastStatus, deadline, signal: readSignal });
    if (targetForm.confirm) {
      await page.getByRole('button', { name: targetForm.confirm, exact: true }).click({ timeout: timeoutMs });
      const shown = await confirmationOrOutcome(page, plan, read);
      // An outcome instead of the confirmation screen: rejected (or failed) at the confirm step.
      if (shown) return { ...shown, durationMs: Date.now() - opened, step: 'confirm' };
    }
    // No new submission once the case is cancelled; past this line the site may hold our input.
    signal.throwIfAborted();
    const t0 = Date.now();
    plan.onFinalClick?.(t0);
    await page
      .getByRole('button', { name: targetForm.submit, exact: true })
      .click({ timeout: timeoutMs, noWaitAfter: true });
    const outcome = await read(t0 + timeoutMs);
    const now = Date.now();
    return { ...outcome, t0, durationMs: now - opened, outcomeMs: now - t0, step: 'submit' };
  } catch (error) {
    if (error instanceof SiteUnreachable) {
      return {
        outcome: 'error',
        fieldErrors: [],
        durationMs: Date.now() - opened,
        step: 'open',
        unreachable: error.message,
      };
    }
    throw error;
  } finally {
    page.off('response', onResponse);
  }
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
  const button = page
    .getByRole('button', { name: plan.targetForm.submit, exact: true })
    .waitFor({ state: 'visible', timeout: plan.timeoutMs })
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

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((l) => l.trim()) ?? text).replace(/^page\.\w+: /, '');
}
