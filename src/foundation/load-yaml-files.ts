import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { describeValue, type Problem, parseWith } from './problems.ts';
import { readYamlFile, withPositions, type YamlFile } from './yaml-file.ts';

export interface LoadedFile<T> {
  /** Path relative to the working directory, as shown in messages. */
  file: string;
  value: T;
  /** Line and column of a key path in the file, for problems found later (cross-file checks). */
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
 * (with line numbers where the file has them). `check` adds file-local checks on valid values.
 */
export async function loadYamlFiles<S extends z.ZodType>(
  files: string[],
  schema: S,
  options: { cwd: string; kind: string; check?: (data: Record<string, unknown>, file: string) => Problem[] },
): Promise<{ loaded: LoadedFile<z.output<S>>[]; problems: Problem[] }> {
  const loaded: LoadedFile<z.output<S>>[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const yaml = await readYamlFile(resolve(options.cwd, file), file);
    if (Array.isArray(yaml)) {
      problems.push(...yaml);
      continue;
    }
    const shapeProblem = checkShape(yaml, options.kind);
    if (shapeProblem) {
      problems.push(shapeProblem);
      continue;
    }
    const parsed = parseWith(schema, yaml.data, file);
    const local = options.check?.(yaml.data as Record<string, unknown>, file) ?? [];
    const found = [...(parsed.ok ? [] : parsed.problems), ...local];
    if (found.length > 0 || !parsed.ok) {
      problems.push(...sortByLine(withPositions(found, yaml)));
      continue;
    }
    loaded.push({ file, value: parsed.value, locate: yaml.locate });
  }
  return { loaded, problems };
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
