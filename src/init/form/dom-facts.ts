import type { FormScope } from '../../scenario/form-frame.ts';

/** What the page says about one control, as read from the DOM: the raw facts a person's eye and a screen reader use. */
export interface ControlFacts {
  /** Our tag on the element (data-cutover-init), to find it again when checking a locator. */
  ref: string;
  tag: 'input' | 'select' | 'textarea';
  type: string;
  id: string;
  name: string;
  placeholder: string;
  ariaLabel: string;
  /** Text of the elements aria-labelledby names. */
  labelledBy: string;
  /** Text of `<label for>` and wrapping labels (el.labels), marker text included. */
  labels: string[];
  /** Text around the label(s) — the label's parent when it holds no other control — where a 必須 badge sits. */
  labelContext: string;
  required: boolean;
  ariaRequired: boolean;
  maxLength: number;
  /** select: its options; radio: none (one ControlFacts per radio). */
  options: Array<{ text: string; value: string }>;
  /** radio/checkbox: the name of the fieldset legend or the (radio)group around it. */
  groupName: string;
  groupRef: string;
  /** Text of the group container's neighbourhood (legend + badge), for a required marker. */
  groupContext: string;
  value: string;
}

export interface ButtonFacts {
  name: string;
  type: string;
  visible: boolean;
  inForm: boolean;
}

export interface FormFacts {
  lang: string;
  title: string;
  /** The form element has novalidate (or there is no form element): the browser's own validation does not run. */
  noValidate: boolean;
  controls: ControlFacts[];
  buttons: ButtonFacts[];
}

/**
 * Reads the form on the page: the `<form>` with the most visible controls (a search box in the
 * header is not the inquiry form), or the whole page when there is no `<form>`.
 */
export async function readFormFacts(page: FormScope): Promise<FormFacts> {
  await allowNamedHelpers(page);
  return page.evaluate(() => {
    const CONTROLS =
      'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea';
    const shown = (el: Element) =>
      (el as HTMLElement).getClientRects().length > 0 || el.closest('label') !== null;
    const forms = Array.from(document.querySelectorAll('form'));
    const scored = forms
      .map((f) => ({
        f,
        n: Array.from(f.querySelectorAll(CONTROLS)).filter(
          (c) => shown(c) && (c as HTMLInputElement).type !== 'search',
        ).length,
      }))
      .sort((a, b) => b.n - a.n);
    const form: HTMLFormElement | undefined = scored[0] && scored[0].n > 0 ? scored[0].f : undefined;
    const root: ParentNode = form ?? document.body;
    const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const textOf = (ids: string) =>
      squash(
        ids
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    let counter = 0;
    const controls = Array.from(root.querySelectorAll(CONTROLS))
      .filter(
        (el) =>
          shown(el) && !(el as HTMLInputElement).disabled && !el.closest('[hidden],[aria-hidden="true"]'),
      )
      .map((node) => {
        const el = node as HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement;
        counter++;
        el.setAttribute('data-cutover-init', String(counter));
        const labels = Array.from(el.labels ?? []);
        const contexts = labels
          .map((l) => l.parentElement)
          .concat(
            el.getAttribute('aria-labelledby')
              ? [
                  document.getElementById((el.getAttribute('aria-labelledby') ?? '').split(/\s+/)[0] ?? '')
                    ?.parentElement ?? null,
                ]
              : [],
          )
          .filter((p): p is HTMLElement => p !== null && p.querySelectorAll(CONTROLS).length <= 1)
          .map((p) => squash(p.textContent).slice(0, 120));
        const group = el.closest('fieldset, [role=radiogroup], [role=group]');
        let groupName = '';
        let groupContext = '';
        if (group) {
          if (!group.hasAttribute('data-cutover-group'))
            group.setAttribute('data-cutover-group', String(counter));
          const legend = group.tagName === 'FIELDSET' ? group.querySelector('legend') : null;
          groupName =
            squash(group.getAttribute('aria-label')) ||
            textOf(group.getAttribute('aria-labelledby') ?? '') ||
            squash(legend?.textContent);
          const labelledBy = document.getElementById(
            (group.getAttribute('aria-labelledby') ?? '').split(/\s+/)[0] ?? '',
          );
          groupContext = squash((labelledBy?.parentElement ?? legend)?.textContent).slice(0, 120);
        }
        return {
          ref: String(counter),
          tag: el.tagName.toLowerCase() as 'input' | 'select' | 'textarea',
          type: el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase(),
          id: el.id,
          name: el.getAttribute('name') ?? '',
          placeholder: squash(el.getAttribute('placeholder')),
          ariaLabel: squash(el.getAttribute('aria-label')),
          labelledBy: textOf(el.getAttribute('aria-labelledby') ?? ''),
          labels: labels.map((l) => squash(l.textContent)),
          labelContext: contexts.join(' '),
          required: el.required,
          ariaRequired: el.getAttribute('aria-required') === 'true',
          maxLength: el.tagName === 'SELECT' ? -1 : el.maxLength,
          options:
            el.tagName === 'SELECT'
              ? Array.from(el.options).map((o) => ({ text: squash(o.textContent), value: o.value }))
              : [],
          groupName,
          groupRef: group?.getAttribute('data-cutover-group') ?? '',
          groupContext,
          value: el.value,
        };
      });
    const buttons = Array.from(
      document.querySelectorAll(
        'button, input[type=submit], input[type=button], input[type=image], [role=button]',
      ),
    ).map((b) => ({
      name:
        squash(b.getAttribute('aria-label')) ||
        squash(
          b.tagName === 'INPUT' ? (b as HTMLInputElement).value || b.getAttribute('alt') : b.textContent,
        ),
      type:
        b.tagName === 'BUTTON'
          ? (b as HTMLButtonElement).type
          : b.tagName === 'INPUT'
            ? (b as HTMLInputElement).type
            : 'button',
      visible: (b as HTMLElement).getClientRects().length > 0 && getComputedStyle(b).visibility !== 'hidden',
      inForm: form ? form.contains(b) || (b as HTMLButtonElement).form === form : true,
    }));
    return {
      lang: document.documentElement.lang,
      title: document.title,
      noValidate: form ? form.noValidate : true,
      controls,
      buttons,
    };
  });
}

/**
 * The functions below run in the page. tsx (esbuild, keepNames) wraps named inner functions in a
 * `__name(fn, "name")` call that exists only in Node: give the page a do-nothing one.
 */
async function allowNamedHelpers(page: FormScope): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/** Visible headings, paragraphs and status texts of the page, in order: what a person reads to tell one step from the next (a CMS's in-page response box included). */
export async function readVisibleTexts(page: FormScope): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll(
        'h1, h2, h3, h4, p, [role=status], [role=alert], [aria-live], [class*="thanks"], [class*="complete"], [class*="success"], [class*="response"]',
      ),
    )
      .filter(
        (el) =>
          (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
      )
      .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((t) => t.length > 0),
  );
}

/** The names of the buttons a person can see now. */
export async function visibleButtonNames(page: FormScope): Promise<string[]> {
  await allowNamedHelpers(page);
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll(
        'button, input[type=submit], input[type=button], input[type=image], [role=button]',
      ),
    )
      .filter(
        (b) => (b as HTMLElement).getClientRects().length > 0 && getComputedStyle(b).visibility !== 'hidden',
      )
      .map((b) =>
        (
          b.getAttribute('aria-label') ||
          (b.tagName === 'INPUT' ? (b as HTMLInputElement).value || b.getAttribute('alt') : b.textContent) ||
          ''
        )
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((n) => n.length > 0),
  );
}
