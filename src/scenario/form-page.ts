import type { Locator, Page } from 'playwright';
import type { FieldConfig, FormConfig, TargetFormConfig } from '../config/index.ts';
import { compileLinear, type LinearRegex } from '../foundation/linear-regex.ts';
import type { InputValue } from '../foundation/template.ts';
import type { FieldError, SubmitOutcome } from './case-result.ts';
import { type FormScope, outcomeScopes } from './form-frame.ts';

/** A form field on one page (or in the form's frame): by the target's selector override, else by its visible label. */
export function locateField(
  page: FormScope,
  key: string,
  form: FormConfig,
  targetForm: TargetFormConfig,
): Locator {
  const selector = targetForm.selectors[key];
  if (selector) return page.locator(selector);
  const { label, exact } = fieldLabel(form.fields[key]);
  return page
    .getByLabel(label, { exact })
    .or(page.getByRole('radiogroup', { name: label, exact }))
    .or(page.getByRole('group', { name: label, exact }))
    .first();
}

function fieldLabel(field: FieldConfig | undefined): { label: string; exact: boolean } {
  if (field === undefined) throw new Error('unknown field');
  return typeof field === 'string' ? { label: field, exact: false } : field;
}

type ControlKind = 'text' | 'select' | 'checkbox' | 'radio' | 'group' | 'file';

async function controlKind(locator: Locator): Promise<ControlKind> {
  return locator.evaluate((el) => {
    const tag = el.tagName.toLowerCase();
    if (tag === 'select') return 'select';
    if (tag === 'input') {
      const type = (el as HTMLInputElement).type;
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (type === 'file') return 'file';
    }
    if (tag === 'fieldset' || el.getAttribute('role') === 'radiogroup' || el.getAttribute('role') === 'group')
      return 'group';
    return 'text';
  });
}

/** The scenario's input cannot be entered into the form as it is (no such option, no such field). */
export class FormInputError extends Error {
  readonly code = 'CUTOVER_FORM_INPUT';

  constructor(message: string) {
    super(message);
    this.name = 'FormInputError';
  }
}

/**
 * Fills one field the way a person would: types text, picks the option by its text, ticks boxes,
 * chooses files (absolute paths: the loader resolved them against the scenario file).
 */
export async function fillField(field: Locator, value: InputValue, timeout: number): Promise<void> {
  await field.waitFor({ state: 'attached', timeout });
  const kind = await controlKind(field);
  if (kind === 'file') {
    if (typeof value !== 'string' && !Array.isArray(value))
      throw new FormInputError(
        `the field is a file input: give a path or a list of paths, not ${String(value)}`,
      );
    await field.setInputFiles(Array.isArray(value) ? [...value] : [value as string], { timeout });
    return;
  }
  if (Array.isArray(value))
    throw new FormInputError('a list of paths is for a file input; this field is not one');
  switch (kind) {
    case 'select': {
      const options = await field.locator('option').allTextContents();
      const wanted = String(value);
      const label = options.map((o) => o.trim()).find((o) => o === wanted);
      if (label === undefined) {
        throw new FormInputError(
          `no option "${wanted}" in the select (options: ${options.map((o) => `"${o.trim()}"`).join(', ')})`,
        );
      }
      await field.selectOption({ label }, { timeout });
      return;
    }
    case 'checkbox':
      await field.setChecked(value === true || value === 'true', { timeout });
      return;
    case 'radio':
      if (value === true || value === 'true') await field.check({ timeout });
      return;
    case 'group':
      await field.getByLabel(String(value), { exact: true }).check({ timeout });
      return;
    case 'text':
      await field.fill(String(value), { timeout });
      return;
  }
}

export interface OutcomeRead {
  outcome: SubmitOutcome;
  status?: number;
  fieldErrors: FieldError[];
}

/**
 * Waits until the page shows an outcome: the success condition (URL and/or text), field errors,
 * or a server error page. Returns `timeout` when none shows before the deadline. With a form
 * frame, the outcome may show in the frame (the form replaced by its thank-you page) or on the
 * top page (the site navigates it): the success URL may be either's, the text in either.
 */
export async function waitForOutcome(
  page: Page,
  options: {
    form: FormConfig;
    targetForm: TargetFormConfig;
    lastStatus: () => number | undefined;
    deadline: number;
    signal: AbortSignal;
  },
): Promise<OutcomeRead> {
  const { targetForm } = options;
  const successUrl = targetForm.success.url ? compileLinear(targetForm.success.url) : undefined;
  for (;;) {
    options.signal.throwIfAborted();
    const status = options.lastStatus();
    if (status !== undefined && status >= 500) return { outcome: 'error', status, fieldErrors: [] };
    const scopes = await outcomeScopes(page, targetForm.frame);
    if (await successShown(scopes, successUrl, targetForm.success.text))
      return { outcome: 'accepted', status, fieldErrors: [] };
    const fieldErrors = await readFieldErrors(scopes[0]!, options.form, targetForm);
    if (fieldErrors.length > 0) return { outcome: 'rejected', status, fieldErrors };
    if (Date.now() >= options.deadline) return { outcome: 'timeout', status, fieldErrors: [] };
    // A closed page (a cancel, a crashed browser) shows nothing more: say so instead of spinning.
    if (page.isClosed()) throw new Error('the page was closed before an outcome showed');
    await page.waitForTimeout(100).catch(() => undefined);
  }
}

async function successShown(
  scopes: FormScope[],
  url: LinearRegex | undefined,
  text: string | undefined,
): Promise<boolean> {
  if (url && !scopes.some((scope) => url.test(scope.url()))) return false;
  if (!text) return true;
  for (const scope of scopes) {
    if (
      await scope
        .getByText(text)
        .first()
        .isVisible()
        .catch(() => false)
    )
      return true;
  }
  return false;
}

/** The form fields the page marks invalid, with the error text the site shows for each where it can be read. */
export async function readFieldErrors(
  page: FormScope,
  form: FormConfig,
  targetForm: TargetFormConfig,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const invalid = targetForm.errors.invalid;
  if (
    (await page
      .locator(invalid)
      .count()
      .catch(() => 0)) === 0
  )
    return errors;
  for (const key of Object.keys(form.fields)) {
    const field = locateField(page, key, form, targetForm);
    if ((await field.count().catch(() => 0)) === 0) continue;
    const message = await field
      .evaluate((el, selector) => {
        const marked = el.matches(selector) || el.querySelector(selector) !== null;
        if (!marked) return null;
        const ids = `${el.getAttribute('aria-describedby') ?? ''} ${el.getAttribute('aria-errormessage') ?? ''}`;
        const texts = ids
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
          .filter(Boolean);
        return texts.join(' ');
      }, invalid)
      .catch(() => null);
    if (message !== null) errors.push(message ? { field: key, message } : { field: key });
  }
  return errors;
}

/**
 * What the form holds now, by field key, as a person reads it: a text's value, a select's chosen
 * option text, a checkbox's `true`/`false`, a radio group's chosen label, a file input's file
 * names. A field that is not on the page reads as undefined.
 */
export async function readFormValues(
  scope: FormScope,
  keys: readonly string[],
  form: FormConfig,
  targetForm: TargetFormConfig,
): Promise<Record<string, string | undefined>> {
  const values: Record<string, string | undefined> = {};
  for (const key of keys) {
    const field = locateField(scope, key, form, targetForm);
    if ((await field.count().catch(() => 0)) === 0) {
      values[key] = undefined;
      continue;
    }
    values[key] = await field
      .evaluate((el) => {
        if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.textContent?.trim() ?? '';
        if (el instanceof HTMLInputElement) {
          if (el.type === 'checkbox' || el.type === 'radio') return String(el.checked);
          if (el.type === 'file') return [...(el.files ?? [])].map((f) => f.name).join(', ');
          return el.value;
        }
        if (el instanceof HTMLTextAreaElement) return el.value;
        const chosen = el.querySelector('input:checked');
        if (chosen)
          return (chosen.closest('label')?.textContent ?? (chosen as HTMLInputElement).value).trim();
        return '';
      })
      .catch(() => undefined);
  }
  return values;
}

/**
 * The first line of an error, without Playwright's `page.fill: ` prefix — and, when an element
 * covered the control until the timeout (a cookie wall, a modal), which one, with the remedy.
 */
export function firstLine(error: unknown): string {
  // Playwright colours its call log.
  const text = (error instanceof Error ? error.message : String(error)).replace(/\u001b\[[0-9;]*m/g, '');
  const [first = text, ...log] = text.split('\n').filter((l) => l.trim());
  const line = first.replace(/^(page|frame|locator)\.\w+: /, '');
  const covered = log.reverse().find((l) => l.includes('intercepts pointer events'));
  if (!covered || line.includes('intercepts pointer events')) return line;
  const what = covered.trim().replace(/^- /, '');
  return `${line.replace(/\.$/, '')}: ${what} — a banner or dialog covers the form; a \`before:\` step can close it (e.g. - click: { role: button, name: 同意する })`;
}
