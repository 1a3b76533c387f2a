import type { FormConfig, TargetFormConfig } from '../../config/index.ts';
import type { FormScope } from '../../scenario/form-frame.ts';
import { locateField } from '../../scenario/form-page.ts';
import type { ReadField, ReadForm } from './read-form.ts';

/** The config's view of the fields read so far: what `locateField` resolves when a case runs. */
export function formConfigOf(fields: readonly ReadField[]): {
  form: FormConfig;
  selectors: Record<string, string>;
} {
  const form: FormConfig = { fields: {} };
  const selectors: Record<string, string> = {};
  for (const f of fields) {
    form.fields[f.key] =
      f.exact || f.kind === 'file'
        ? { label: f.label || f.key, exact: f.exact, ...(f.kind === 'file' ? { type: 'file' as const } : {}) }
        : f.label || f.key;
    if (f.selector) selectors[f.key] = f.selector;
  }
  return { form, selectors };
}

/**
 * Checks every field the way a case will find it (cutover's own locateField): by its label,
 * else by its label matched exactly, else by a selector (id, name, placeholder) with a note why.
 */
export async function checkLocators(page: FormScope, read: ReadForm): Promise<ReadForm> {
  const fields = read.fields.map((f) => ({ ...f }));
  for (const f of fields) {
    if (f.selector || !f.label) continue;
    if (await finds(page, fields, f)) continue;
    if (!f.exact) {
      f.exact = true;
      if (await finds(page, fields, f)) continue;
      f.exact = false;
    }
    const selector = await fallbackSelector(page, f);
    if (selector) {
      f.selector = selector;
      if (f.labelSource !== 'placeholder')
        f.todo = `the label "${f.label}" does not lead to this field (another control shares it, or it is not wired to the control): a selector is used`;
    } else {
      f.todo = `the label "${f.label}" does not lead to this field and it has no id, name or placeholder to select it by`;
    }
  }
  return { ...read, fields };
}

async function finds(page: FormScope, fields: ReadField[], f: ReadField): Promise<boolean> {
  const { form } = formConfigOf(fields);
  const target: TargetFormConfig = {
    path: '/',
    selectors: {},
    submit: '',
    success: {},
    errors: { invalid: '[aria-invalid="true"]' },
  };
  const located = locateField(page, f.key, form, target);
  // A locator that finds nothing would wait for the element: ask how many there are first.
  if ((await located.count()) === 0) return false;
  const ref = await located
    .evaluate(
      (el, wanted) =>
        el.getAttribute('data-cutover-init') === wanted ||
        el.querySelector(`[data-cutover-init="${wanted}"]`) !== null,
      f.ref,
    )
    .catch(() => false);
  return ref;
}

async function fallbackSelector(page: FormScope, f: ReadField): Promise<string | undefined> {
  const facts = await page
    .locator(`[data-cutover-init="${f.ref}"]`)
    .evaluate((el) => ({
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute('name') ?? '',
      placeholder: el.getAttribute('placeholder') ?? '',
      type: el.getAttribute('type') ?? '',
    }))
    .catch(() => undefined);
  if (!facts || facts.type === 'radio') return undefined;
  const quote = (s: string) => JSON.stringify(s);
  // A placeholder-only field is found by what a person reads in it; others by id, then name.
  if (f.labelSource === 'placeholder' && facts.placeholder)
    return `${facts.tag}[placeholder=${quote(facts.placeholder)}]`;
  if (facts.id) return `[id=${quote(facts.id)}]`;
  if (facts.name) return `${facts.tag}[name=${quote(facts.name)}]`;
  return undefined;
}
