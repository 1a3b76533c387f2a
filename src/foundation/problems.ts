import type { z } from 'zod';
import { debugEnabled } from './debug.ts';

/** One thing wrong with an input file: where (file and key path), and what was expected and found. */
export interface Problem {
  file: string;
  /** Key path like `expect.crm.within` or `input[2]`; empty for the file as a whole. */
  path: string;
  /** The same path as a list of keys, for tools and for finding the line in a YAML file. */
  keys?: PropertyKey[];
  message: string;
  line?: number;
  column?: number;
}

/** Thrown when config, scenario or monitor files are invalid; carries every problem at once. */
export class InvalidInputError extends Error {
  readonly code = 'CUTOVER_INVALID_INPUT';
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'InvalidInputError';
    this.problems = problems;
    // The problems are the whole story: printed anywhere (Playwright included), no stack frames.
    if (!debugEnabled()) this.stack = `${this.name}: ${this.message}`;
  }
}

export function formatProblem(problem: Problem): string {
  const at = problem.line ? `:${problem.line}:${problem.column ?? 1}` : '';
  const path = problem.path ? ` ${problem.path}:` : '';
  return `${problem.file}${at}:${path} ${problem.message}`;
}

export function formatProblems(problems: Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Parses data with a schema and returns either the value or every problem, each with file and path. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  data: unknown,
  file: string,
  prefix: PropertyKey[] = [],
): { ok: true; value: z.output<T> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(data, { reportInput: true, error: errorMap });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: problemsFromZod(file, result.error.issues, prefix) };
}

/** Turns zod issues into problems a person can act on, one per issue, unions resolved to the branch meant. */
export function problemsFromZod(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): Problem[] {
  const unknownKeysAt = new Set(
    issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.join('\u0000')),
  );
  // A refinement over an object that also has unknown keys only repeats the same mistake.
  const relevant = issues.filter((i) => i.code !== 'custom' || !unknownKeysAt.has(i.path.join('\u0000')));
  return relevant.flatMap((issue) => fromIssue(file, issue, prefix));
}

function fromIssue(file: string, issue: z.core.$ZodIssue, prefix: PropertyKey[]): Problem[] {
  const path = [...prefix, ...issue.path];
  const at = (message: string): Problem[] => [{ file, path: formatPath(path), keys: path, message }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        file,
        path: formatPath([...path, key]),
        keys: [...path, key],
        message: unknownKeyMessage(key, issue),
      }));
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const allowed = (issue as { options?: unknown[] }).options ?? [];
        const options = allowed.map((o) => JSON.stringify(o)).join(', ');
        const found = (issue.input as Record<string, unknown> | undefined)?.[String(path.at(-1))];
        return at(`expected one of ${options}, got ${describeValue(found)}${meant(found, allowed)}`);
      }
      const branch = pickBranch(issue.errors);
      if (branch) return branch.flatMap((inner) => fromIssue(file, inner, path));
      return at(`expected ${unionExpectation(issue.errors)}, got ${describeValue(issue.input)}`);
    }
    case 'invalid_type':
      if (issue.input === undefined) return at(`missing; expected ${typeName(issue.expected)}`);
      if (!issue.message.startsWith('Invalid input')) return at(issue.message);
      return at(`expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}`);
    case 'invalid_value':
      return at(
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}${meant(issue.input, issue.values)}`,
      );
    case 'too_small':
      if (issue.origin === 'array')
        return at(`expected at least ${issue.minimum} item(s), got ${describeValue(issue.input)}`);
      if (issue.origin === 'string')
        return at(`expected a non-empty text, got ${describeValue(issue.input)}`);
      return at(`expected a number >= ${issue.minimum}, got ${describeValue(issue.input)}`);
    case 'too_big':
      return at(`expected at most ${issue.maximum}, got ${describeValue(issue.input)}`);
    default:
      return at(issue.message);
  }
}

/**
 * zod's issue for unknown keys does not name the keys that ARE allowed; the error map is handed
 * the schema itself, so it records them in the message for {@link unknownKeyMessage}.
 */
const KNOWN_KEYS_PREFIX = 'cutover-known-keys:';

const errorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod
    ?.def?.shape;
  return `${KNOWN_KEYS_PREFIX}${JSON.stringify(Object.keys(shape ?? {}))}`;
};

function knownKeysOf(issue: z.core.$ZodIssue): string[] {
  if (!issue.message.startsWith(KNOWN_KEYS_PREFIX)) return [];
  return JSON.parse(issue.message.slice(KNOWN_KEYS_PREFIX.length)) as string[];
}

function unknownKeyMessage(key: string, issue: z.core.$ZodIssue): string {
  const known = knownKeysOf(issue);
  if (/[\uFF01-\uFF5E\u3000]/.test(key)) {
    return `unknown key ${JSON.stringify(key)}: it contains full-width characters; keys are half-width, e.g. ${JSON.stringify(toHalfWidth(key))}`;
  }
  const suggestion = closestName(key, known);
  if (suggestion) return `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(suggestion)}?)`;
  if (known.length)
    return `unknown key ${JSON.stringify(key)}; expected one of ${known.map((k) => JSON.stringify(k)).join(', ')}`;
  return `unknown key ${JSON.stringify(key)}`;
}

function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** ` (did you mean "hubspot"?)` after a value that is one edit or so from an allowed one; else nothing. */
function meant(value: unknown, allowed: readonly unknown[] | undefined): string {
  if (typeof value !== 'string') return '';
  const suggestion = closestName(
    value,
    (allowed ?? []).filter((a): a is string => typeof a === 'string'),
  );
  return suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : '';
}

/**
 * What to say after a name that refers to nothing: `did you mean "contact"?` when a known name is
 * close to it (a typo), else the names there are (`forms: "contact", "quote"`). The one way
 * cutover suggests names — unknown keys, probe names, form, target and scenario ids alike.
 */
export function didYouMean(name: string, known: Iterable<string>, label: string): string {
  const names = [...known];
  const suggestion = closestName(name, names);
  if (suggestion) return `did you mean ${JSON.stringify(suggestion)}?`;
  return `${label}: ${names.map((n) => JSON.stringify(n)).join(', ') || 'none'}`;
}

/** The known name a misspelt one was meant to be: at most a third of its letters off (one at least). */
export function closestName(key: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === key) continue;
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** Edits between two words: letters added, removed, changed, or two neighbours swapped ("emial"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** For a union, the branch the author evidently meant: one whose type matches the input, fewest issues. */
function pickBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  const matching = branches.filter(
    (issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (matching.length === 0) return undefined;
  return matching.reduce((best, issues) => (issues.length < best.length ? issues : best));
}

function unionExpectation(branches: z.core.$ZodIssue[][]): string {
  const names = new Set<string>();
  for (const issues of branches) {
    for (const issue of issues) {
      if (issue.code === 'invalid_type' && issue.path.length === 0) names.add(typeName(issue.expected));
    }
  }
  return [...names].join(' or ') || 'a different value';
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    record: 'a mapping',
    map: 'a mapping',
    array: 'a list',
    string: 'text',
    int: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}

/** How a value found in a file is named in messages: `"5 min"`, `a list (2 items)`, `number 3`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return `a list (${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
