/**
 * Scenario templates: `{{marker}}`, `{{email}}`, `{{target}}` and input references like
 * `{{input.company}}`. Rendered once per case run, after the marker is minted.
 */
export interface TemplateValues {
  marker: string;
  email: string;
  target: string;
  input: Record<string, string | number | boolean>;
}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const SIMPLE = new Set(['marker', 'email', 'target']);

/** The placeholders in a text that name nothing known; `inputKeys` are the scenario's input keys. */
export function unknownPlaceholders(text: string, inputKeys: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const [, name = ''] of text.matchAll(PLACEHOLDER)) {
    if (SIMPLE.has(name)) continue;
    if (name.startsWith('input.') && inputKeys.includes(name.slice('input.'.length))) continue;
    unknown.push(name);
  }
  return unknown;
}

export function renderText(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'marker' || name === 'email' || name === 'target') return values[name];
    if (name.startsWith('input.')) {
      const value = values.input[name.slice('input.'.length)];
      if (value !== undefined) return String(value);
    }
    return whole;
  });
}

/** Renders every string inside a value (objects and lists walked), leaving other values as they are. */
export function renderDeep<T>(value: T, values: TemplateValues): T {
  if (typeof value === 'string') return renderText(value, values) as T;
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, values)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, values)])) as T;
  }
  return value;
}

/** Every string in a value with its key path, for validating placeholders. */
export function* stringsIn(value: unknown, path: PropertyKey[] = []): Generator<[string, PropertyKey[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* stringsIn(item, [...path, i]);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* stringsIn(item, [...path, key]);
  }
}
