import { basename } from 'node:path';

/**
 * Scenario templates: `{{marker}}`, `{{email}}`, `{{target}}` and input references like
 * `{{input.company}}` — and, for a file field, `{{input.drawing.name}}`: the file's name (the
 * names, comma-separated, for a list), as a notification or a CRM record would carry it.
 * Rendered once per case run, after the marker is minted.
 */
export interface TemplateValues {
  marker: string;
  email: string;
  target: string;
  input: Record<string, InputValue>;
}

/** An input value: text, number, checkbox — or the path (or paths) of a file field. */
export type InputValue = string | number | boolean | readonly string[];

/** The input key and the part of it a placeholder names: `input.drawing.name` → drawing, name. */
function inputReference(
  name: string,
  inputKeys: readonly string[],
): { key: string; part?: 'name' } | undefined {
  if (!name.startsWith('input.')) return undefined;
  const rest = name.slice('input.'.length);
  if (inputKeys.includes(rest)) return { key: rest };
  if (rest.endsWith('.name') && inputKeys.includes(rest.slice(0, -'.name'.length)))
    return { key: rest.slice(0, -'.name'.length), part: 'name' };
  return undefined;
}

function inputText(value: InputValue, part: 'name' | undefined): string {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (part === 'name' ? basename(String(v)) : String(v))).join(', ');
}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const SIMPLE = new Set(['marker', 'email', 'target']);

/** The placeholders in a text that name nothing known; `inputKeys` are the scenario's input keys. */
export function unknownPlaceholders(text: string, inputKeys: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const [, name = ''] of text.matchAll(PLACEHOLDER)) {
    if (SIMPLE.has(name)) continue;
    if (inputReference(name, inputKeys)) continue;
    unknown.push(name);
  }
  return unknown;
}

export function renderText(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'marker' || name === 'email' || name === 'target') return values[name];
    const reference = inputReference(name, Object.keys(values.input));
    if (reference) return inputText(values.input[reference.key]!, reference.part);
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
