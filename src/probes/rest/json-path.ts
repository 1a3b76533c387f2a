import { z } from 'zod';

/**
 * The small JSON path the `rest` probe accepts — one value, no wildcards or filters:
 *
 *     path    := "$" | [ "$" ] step+ | first step*
 *     first   := key                          the leading "." may be left out: `data.items`
 *     step    := "." key | "[" index "]" | "[" quoted "]"
 *     key     := one or more characters other than  . [ ] ' "  and white space
 *     index   := digits                        an array element: `items[0]`
 *     quoted  := 'any text without a single quote' | "any text without a double quote"
 *
 * `$` is the value itself (the root) when it is the whole path or is followed by `.` or `[`;
 * otherwise it begins a key: `$id.value` is the key `$id`, then `value` (kintone's `$id` and
 * `$revision`). Keys are any script (`作成日時.value`, `$.会社名`) and may hold `-`, `$`, `_`,
 * `@`, `:` …; a key with a dot, a bracket, a quote or white space is quoted: `$['odd key']`,
 * `['a.b']`. Anything else — an empty path, `id..x`, `[abc`, `$.data[*]` — is not a path, and the
 * config schema refuses it (`validate` names the file and the option) before anything runs.
 */
export type JsonPath = (string | number)[];

/** The steps of a path, or why it is not one. */
export function parseJsonPath(path: string): { ok: true; steps: JsonPath } | { ok: false; reason: string } {
  const steps: JsonPath = [];
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (path === '') return fail('it is empty; "$" is the value itself');
  let at = 0;
  if (path[0] === '$' && (path.length === 1 || path[1] === '.' || path[1] === '[')) at = 1;
  else if (path[0] !== '[' && path[0] !== '.') {
    const key = KEY.exec(path)?.[0] ?? '';
    if (key === '') return fail(unexpected(path, 0));
    steps.push(key);
    at = key.length;
  }
  while (at < path.length) {
    const char = path[at];
    if (char === '.') {
      const key = KEY.exec(path.slice(at + 1))?.[0] ?? '';
      if (key === '') {
        return fail(
          at + 1 === path.length
            ? 'it ends with "."; a key follows every "."'
            : path[at + 1] === '.'
              ? `".." at character ${at + 1}: a key is missing between the dots (and ".." as recursive descent is not supported)`
              : unexpected(path, at + 1),
        );
      }
      steps.push(key);
      at += 1 + key.length;
    } else if (char === '[') {
      const bracket = BRACKET.exec(path.slice(at));
      if (!bracket) {
        const wildcard = path.startsWith('[*]', at);
        return fail(
          wildcard
            ? `"[*]" at character ${at + 1}: wildcards are not supported; point at the array itself`
            : `"[" at character ${at + 1} is not [0] (an index) or ['key'] (a quoted key) closed with "]"`,
        );
      }
      steps.push(bracket[1] !== undefined ? Number(bracket[1]) : (bracket[3] ?? ''));
      at += bracket[0].length;
    } else {
      return fail(
        path[at - 1] === ']'
          ? `${describeChar(path, at)} at character ${at + 1}: a step after "]" begins with "." or "["`
          : `${describeChar(path, at)} at character ${at + 1} cannot be in a key (quote such a key: ['odd key'])`,
      );
    }
  }
  return { ok: true, steps };
}

/** A key's characters: anything but the path's own punctuation and white space. */
const KEY = /^[^.[\]'"\s]+/u;
/** `[12]`, `['key']` or `["key"]`. */
const BRACKET = /^\[(?:(\d+)|(['"])((?:(?!\2).)*)\2)\]/su;

function describeChar(path: string, at: number): string {
  const char = String.fromCodePoint(path.codePointAt(at) ?? 0);
  return /\s/u.test(char) ? 'white space' : JSON.stringify(char);
}

function unexpected(path: string, at: number): string {
  return `${describeChar(path, at)} at character ${at + 1} cannot begin a key (quote such a key: ['odd key'])`;
}

/** Why this text is not a JSON path the probe reads, as a sentence; undefined when it is one. */
export function jsonPathProblem(path: string): string | undefined {
  const parsed = parseJsonPath(path);
  return parsed.ok ? undefined : `not a JSON path: ${JSON.stringify(path)}: ${parsed.reason}`;
}

/** A JSON path option: refused by the config schema (file and option named) unless it parses. */
export const jsonPathSchema = z.string().superRefine((path, ctx) => {
  const problem = jsonPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', input: path, message: problem });
});

/** The value at the path; undefined when something on the way is missing or of another shape. */
export function readJsonPath(value: unknown, path: string): unknown {
  const parsed = parseJsonPath(path);
  // The options schema refuses every path that does not parse: this is a programming error.
  if (!parsed.ok) throw new TypeError(jsonPathProblem(path));
  let current = value;
  for (const step of parsed.steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
    }
  }
  return current;
}
