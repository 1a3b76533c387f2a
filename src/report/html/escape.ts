/**
 * HTML built by construction: every interpolated value is escaped unless it is already
 * {@link SafeHtml}. Titles, mail bodies and CRM values come from the site under test and may
 * carry markup; nothing of theirs may become markup in a report a client opens.
 */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<td>${text}</td>\`` escapes `text`; arrays are joined; null/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (const [i, value] of values.entries()) out += render(value) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks text cutover itself wrote (its stylesheet) as markup. Never for data from a report. */
export function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** A value safe for an HTML id attribute and a #fragment. */
export function anchorId(...parts: string[]): string {
  return parts
    .join('--')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The page's Content-Security-Policy: no script runs and nothing is fetched, whatever the
 * report contains — a second wall behind the escaping, and the proof the file is self-contained.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
