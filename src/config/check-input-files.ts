import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Partly } from '../foundation/parse-parts.ts';
import { describeValue, formatPath, type Problem } from '../foundation/problems.ts';
import { type CutoverConfig, isFileField } from './config.schema.ts';
import type { Scenario } from './scenario.schema.ts';

/** A file a scenario chooses in a file field, as `validate` states it. */
export interface InputFileFound {
  /** The scenario file, relative to the working directory. */
  scenario: string;
  /** Where in it: `input.drawing`, `submissions[1].drawing[0]`. */
  path: string;
  /** The file, relative to the working directory. */
  file: string;
  size: number;
}

interface ScenarioFile {
  file: string;
  value: Partly<Scenario>;
}

/**
 * The values of file fields (`type: file` in the form) are paths relative to the scenario file,
 * or lists of them: each must be a regular file. Any other field given a list is a mistake. Returns
 * the problems (with key paths, for line numbers) and the files found, with their sizes.
 */
export async function checkInputFiles(
  config: Partly<CutoverConfig> | undefined,
  scenarios: readonly ScenarioFile[],
  cwd: string,
): Promise<{ problems: Problem[]; files: InputFileFound[] }> {
  const problems: Problem[] = [];
  const files: InputFileFound[] = [];
  for (const { file, value: scenario } of scenarios) {
    const fields = scenario.form === undefined ? undefined : config?.forms?.[scenario.form]?.fields;
    if (!fields) continue;
    const dir = dirname(resolve(cwd, file));
    for (const [keys, key, value] of inputValues(scenario)) {
      const field = fields[key];
      if (field === undefined) continue;
      if (!isFileField(field)) {
        if (Array.isArray(value))
          problems.push(at(file, keys, `a list is for a file field (type: file); "${key}" is not one`));
        continue;
      }
      const paths = Array.isArray(value) ? value : [value];
      for (const [i, path] of paths.entries()) {
        const where = Array.isArray(value) ? [...keys, i] : keys;
        if (typeof path !== 'string') {
          problems.push(at(file, where, `expected the path of a file, got ${describeValue(path)}`));
          continue;
        }
        const absolute = isAbsolute(path) ? path : resolve(dir, path);
        const info = await stat(absolute).catch(() => undefined);
        if (!info?.isFile()) {
          problems.push(
            at(
              file,
              where,
              `${info ? 'not a regular file' : 'no such file'}: ${relative(cwd, absolute)} (paths are relative to the scenario file)`,
            ),
          );
          continue;
        }
        files.push({
          scenario: file,
          path: formatPath(where),
          file: relative(cwd, absolute),
          size: info.size,
        });
      }
    }
  }
  return { problems, files };
}

/** The scenario with every file field's paths made absolute, so the run finds them from any working directory. */
export function withAbsoluteFiles(
  scenario: Scenario,
  file: string,
  config: CutoverConfig,
  cwd: string,
): Scenario {
  const fields = config.forms[scenario.form]?.fields ?? {};
  const dir = dirname(resolve(cwd, file));
  const absolute = (input: Scenario['input']): Scenario['input'] =>
    Object.fromEntries(
      Object.entries(input).map(([key, value]) => {
        if (!isFileField(fields[key])) return [key, value];
        const paths = (Array.isArray(value) ? value : [String(value)]).map((p) => resolve(dir, p));
        return [key, Array.isArray(value) ? paths : paths[0]!];
      }),
    );
  return {
    ...scenario,
    input: absolute(scenario.input),
    submissions: Array.isArray(scenario.submissions)
      ? scenario.submissions.map(absolute)
      : scenario.submissions,
  };
}

function* inputValues(scenario: Partly<Scenario>): Generator<[PropertyKey[], string, unknown]> {
  for (const [key, value] of Object.entries(scenario.input ?? {})) yield [['input', key], key, value];
  if (Array.isArray(scenario.submissions))
    for (const [i, overrides] of scenario.submissions.entries())
      for (const [key, value] of Object.entries(overrides ?? {})) yield [['submissions', i, key], key, value];
}

function at(file: string, keys: PropertyKey[], message: string): Problem {
  return { file, path: formatPath(keys), keys, message };
}
