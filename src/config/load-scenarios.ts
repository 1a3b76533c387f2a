import {
  type LoadedFile,
  listYamlFiles,
  loadYamlFiles,
  type PartlyLoadedFile,
} from '../foundation/load-yaml-files.ts';
import { closestName, didYouMean, formatPath, type Problem } from '../foundation/problems.ts';
import { stringsIn, unknownPlaceholders } from '../foundation/template.ts';
import { type Scenario, scenarioSchema } from './scenario.schema.ts';

export type LoadedScenario = LoadedFile<Scenario>;
/** A scenario file with problems: what of it validated, for the cross-file checks. */
export type PartlyLoadedScenario = PartlyLoadedFile<Scenario>;

export const DEFAULT_SCENARIO_DIR = 'scenarios';

export async function loadScenarios(
  dir: string,
  options: { cwd: string },
): Promise<{ scenarios: LoadedScenario[]; partly: PartlyLoadedScenario[]; problems: Problem[] }> {
  const files = await listYamlFiles(dir, options.cwd, { recursive: true });
  const { loaded, partly, problems } = await loadYamlFiles(files, scenarioSchema, {
    cwd: options.cwd,
    kind: 'scenario',
    check: checkPlaceholders,
  });
  return { scenarios: loaded, partly, problems };
}

/** Every `{{…}}` in a scenario names something known: marker, email, target or an input key. */
function checkPlaceholders(data: Record<string, unknown>, file: string): Problem[] {
  const input = data.input && typeof data.input === 'object' && !Array.isArray(data.input) ? data.input : {};
  const overrides = Array.isArray(data.submissions)
    ? data.submissions.filter((o): o is object => typeof o === 'object' && o !== null && !Array.isArray(o))
    : [];
  const inputKeys = [...new Set([...Object.keys(input), ...overrides.flatMap((o) => Object.keys(o))])];
  const problems: Problem[] = [];
  const parts = { visit: data.visit, input: data.input, submissions: data.submissions, expect: data.expect };
  for (const [text, keys] of stringsIn(parts)) {
    for (const name of unknownPlaceholders(text, inputKeys)) {
      problems.push({ file, path: formatPath(keys), keys, message: unknownPlaceholder(name, inputKeys) });
    }
  }
  return problems;
}

/** What an unknown placeholder is told: the input key or placeholder it was likely meant to be. */
function unknownPlaceholder(name: string, inputKeys: string[]): string {
  if (name.startsWith('input.')) {
    const key = name.slice('input.'.length);
    const file = inputKeys.find((k) => key.startsWith(`${k}.`));
    if (file)
      return `unknown placeholder {{${name}}}: of an input only its file name can be named, {{input.${file}.name}}`;
    return `unknown placeholder {{${name}}}: the input has no key "${key}" (${didYouMean(key, inputKeys, 'input keys')})`;
  }
  const meant = closestName(name, ['marker', 'email', 'target', ...inputKeys.map((key) => `input.${key}`)]);
  return meant
    ? `unknown placeholder {{${name}}} (did you mean {{${meant}}}?)`
    : `unknown placeholder {{${name}}}: known: {{marker}}, {{email}}, {{target}}, {{input.<key>}}`;
}
