import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { Broken, type Partly, parseParts } from './parse-parts.ts';
import { describeValue, type Problem, parseWith } from './problems.ts';
import { readYamlFile, withPositions, type YamlFile } from './yaml-file.ts';

export interface LoadedFile<T> {
  /** Path relative to the working directory, as shown in messages. */
  file: string;
  value: T;
  /** Line and column of a key path in the file, for problems found later (cross-file checks). */
  locate: YamlFile['locate'];
}

/**
 * A file that did not validate, with what did: the parts that validated and the paths that did
 * not. Cross-file checks (a form or target that does not exist, an input key that is not a field)
 * run on it too, so `validate` lists those problems with the schema's, in one run.
 */
export interface PartlyLoadedFile<T> {
  file: string;
  value: Partly<T>;
  broken: Broken;
  locate: YamlFile['locate'];
}

/** Every .yaml / .yml file in a directory (and its subdirectories when recursive), sorted, relative to cwd. */
export async function listYamlFiles(
  dir: string,
  cwd: string,
  options: { recursive: boolean },
): Promise<string[]> {
  const absolute = resolve(cwd, dir);
  let entries: string[];
  try {
    entries = (await readdir(absolute, { recursive: options.recursive })) as string[];
  } catch {
    return [];
  }
  return entries
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => relative(cwd, join(absolute, name)));
}

/**
 * Reads YAML files and validates each against a schema, collecting every problem of every file
 * (with line numbers where the file has them). `check` adds file-local checks, run on the data as
 * read whether or not it validated. A file with problems is not `loaded` but `partly`: what of it
 * validated, for the cross-file checks.
 */
export async function loadYamlFiles<S extends z.ZodType>(
  files: string[],
  schema: S,
  options: { cwd: string; kind: string; check?: (data: Record<string, unknown>, file: string) => Problem[] },
): Promise<{
  loaded: LoadedFile<z.output<S>>[];
  partly: PartlyLoadedFile<z.output<S>>[];
  problems: Problem[];
}> {
  const loaded: LoadedFile<z.output<S>>[] = [];
  const partly: PartlyLoadedFile<z.output<S>>[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const yaml = await readYamlFile(resolve(options.cwd, file), file);
    // A file that is not a mapping is there, but nothing of it is known.
    const unknown = { file, value: {} as Partly<z.output<S>>, broken: Broken.all, locate: () => undefined };
    if (Array.isArray(yaml)) {
      problems.push(...yaml);
      partly.push(unknown);
      continue;
    }
    const shapeProblem = checkShape(yaml, options.kind);
    if (shapeProblem) {
      problems.push(shapeProblem);
      partly.push(unknown);
      continue;
    }
    const parsed = parseWith(schema, yaml.data, file);
    const local = options.check?.(yaml.data as Record<string, unknown>, file) ?? [];
    const found = [...(parsed.ok ? [] : parsed.problems), ...local];
    if (found.length > 0 || !parsed.ok) {
      problems.push(...sortByLine(withPositions(found, yaml)));
      // A valid value is whole: every part of it is there (Partly<T> only makes its keys optional).
      const parts = parsed.ok
        ? { value: parsed.value as Partly<z.output<S>>, broken: Broken.none }
        : parseParts(schema, yaml.data);
      if (parts.value) partly.push({ file, value: parts.value, broken: parts.broken, locate: yaml.locate });
      continue;
    }
    loaded.push({ file, value: parsed.value, locate: yaml.locate });
  }
  return { loaded, partly, problems };
}

function checkShape(yaml: YamlFile, kind: string): Problem | undefined {
  const data = yaml.data;
  if (data === null || data === undefined) {
    return {
      file: yaml.file,
      path: '',
      message: `the file is empty; expected a ${kind} (a mapping with id, title, …)`,
    };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    const hint = Array.isArray(data) ? ` — one file holds one ${kind}; split the list into files` : '';
    return {
      file: yaml.file,
      path: '',
      line: 1,
      column: 1,
      message: `expected a ${kind} mapping, got ${describeValue(data)}${hint}`,
    };
  }
  return undefined;
}

function sortByLine(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
