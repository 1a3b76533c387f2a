import { type LoadedFile, listYamlFiles, loadYamlFiles } from '../foundation/load-yaml-files.ts';
import type { Problem } from '../foundation/problems.ts';
import { formatPath } from '../foundation/problems.ts';
import { stringsIn, unknownPlaceholders } from '../foundation/template.ts';
import { type Scenario, scenarioSchema } from './scenario.schema.ts';

export type LoadedScenario = LoadedFile<Scenario>;

export const DEFAULT_SCENARIO_DIR = 'scenarios';

export async function loadScenarios(
  dir: string,
  options: { cwd: string },
): Promise<{ scenarios: LoadedScenario[]; problems: Problem[] }> {
  const files = await listYamlFiles(dir, options.cwd, { recursive: true });
  const { loaded, problems } = await loadYamlFiles(files, scenarioSchema, {
    cwd: options.cwd,
    kind: 'scenario',
    check: checkPlaceholders,
  });
  return { scenarios: loaded, problems };
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
      const hint = name.startsWith('input.')
        ? `the input has no key "${name.slice(6)}"`
        : 'known: {{marker}}, {{email}}, {{target}}, {{input.<key>}}';
      problems.push({
        file,
        path: formatPath(keys),
        keys,
        message: `unknown placeholder {{${name}}}: ${hint}`,
      });
    }
  }
  return problems;
}
