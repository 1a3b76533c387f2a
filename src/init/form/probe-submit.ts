import type { FormConfig, TargetFormConfig } from '../../config/index.ts';
import type { FormScope } from '../../scenario/form-frame.ts';
import { fillField, locateField } from '../../scenario/form-page.ts';
import { readVisibleTexts, visibleButtonNames } from './dom-facts.ts';
import type { LearnedFinish } from './draft-config.ts';
import { BACK, type ReadForm, SEND } from './read-form.ts';

export interface ProbeRequest {
  read: ReadForm;
  form: FormConfig;
  selectors: Record<string, string>;
  /** The happy path's input with the marker and the synthetic email already in place. */
  input: Record<string, string | boolean>;
  timeoutMs: number;
  signal: AbortSignal;
}

/** The probe submission did not get through: the site refused the input, or no final button or outcome showed. */
export class ProbeSubmitError extends Error {
  readonly code = 'CUTOVER_INIT_PROBE_SUBMIT';
  constructor(message: string) {
    super(message);
    this.name = 'ProbeSubmitError';
  }
}

/**
 * Submits the form once, as a person would, to learn what the page alone cannot tell: the final
 * button on the confirmation screen and what success looks like (a new URL — by navigation,
 * redirect or pushState — and the heading the visitor then reads).
 */
export async function probeSubmit(page: FormScope, request: ProbeRequest): Promise<LearnedFinish> {
  const { read, timeoutMs, signal } = request;
  const target: TargetFormConfig = {
    path: new URL(read.url).pathname,
    selectors: request.selectors,
    submit: read.buttons.submit ?? '',
    success: {},
    errors: { invalid: read.nativeValidation ? ':invalid' : '[aria-invalid="true"]' },
  };
  for (const [key, value] of Object.entries(request.input)) {
    await fillField(locateField(page, key, request.form, target), value, timeoutMs);
  }
  const formTexts = await readVisibleTexts(page);
  let confirmation: LearnedFinish['confirmation'] = 'none';
  let submit = read.buttons.submit;
  if (read.buttons.confirm) {
    const formUrl = withoutHash(page.url());
    await page.getByRole('button', { name: read.buttons.confirm, exact: true }).click({ timeout: timeoutMs });
    submit = await finalButton(page, read.buttons.confirm, target.errors.invalid, timeoutMs, signal);
    confirmation = withoutHash(page.url()) === formUrl ? 'in-page' : 'separate page';
  }
  if (!submit) throw new ProbeSubmitError('no button that sends the form was found');
  signal.throwIfAborted();
  const before = {
    url: withoutHash(page.url()),
    texts: new Set([...formTexts, ...(await readVisibleTexts(page))]),
  };
  await page
    .getByRole('button', { name: submit, exact: true })
    .click({ timeout: timeoutMs, noWaitAfter: true });
  const success = await successShown(page, before, target.errors.invalid, timeoutMs, signal);
  return { submit, confirmation, success };
}

/** After the confirm click: the button on the confirmation screen that sends (送信する), not the one that goes back. */
async function finalButton(
  page: FormScope,
  confirm: string,
  invalid: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    const names = await visibleButtonNames(page).catch((): string[] => []);
    const forward = names.filter((n) => n !== confirm && !BACK.test(n));
    const send = forward.find((n) => SEND.test(n)) ?? (names.includes(confirm) ? undefined : forward[0]);
    if (send) return send;
    await refusedFields(page, invalid);
    if (Date.now() > deadline)
      throw new ProbeSubmitError(
        `no button that sends the form showed after "${confirm}" (buttons: ${names.join(', ')})`,
      );
    await page.waitForTimeout(200);
  }
}

async function successShown(
  page: FormScope,
  before: { url: string; texts: Set<string> },
  invalid: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<LearnedFinish['success']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    const url = withoutHash(page.url());
    const fresh = (await readVisibleTexts(page).catch((): string[] => [])).filter(
      (t) => !before.texts.has(t),
    );
    if (url !== before.url || fresh.length > 0) {
      // Let the thank-you page finish: its heading may render after the URL changes.
      await page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined);
      await page.waitForTimeout(500);
      const settled = (await readVisibleTexts(page)).filter((t) => !before.texts.has(t));
      const text = settled.find((t) => t.length <= 60);
      const path = new URL(page.url()).pathname;
      const moved = path !== new URL(before.url).pathname;
      // Text that appears in place may be the site's error summary: not success when fields are marked invalid.
      if (!moved) await refusedFields(page, invalid);
      return {
        ...(moved ? { url: escapeRegExp(path) } : {}),
        ...(text !== undefined ? { text } : {}),
      };
    }
    await refusedFields(page, invalid);
    if (Date.now() > deadline)
      throw new ProbeSubmitError('the page showed nothing new after the final click');
    await page.waitForTimeout(200);
  }
}

/** Throws when the page marks fields invalid: the drafted input was refused, so success was not learned. */
async function refusedFields(page: FormScope, invalid: string): Promise<void> {
  const labels = await page
    .locator(invalid)
    .evaluateAll((els) =>
      els
        .filter((el) => el.tagName !== 'FORM' && el.tagName !== 'FIELDSET')
        .map((el) => el.getAttribute('name') || el.id),
    )
    .catch(() => []);
  if (labels.length > 0)
    throw new ProbeSubmitError(`the site refused the drafted input: ${labels.join(', ')} marked invalid`);
}

function withoutHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
