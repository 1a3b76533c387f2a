import {
  type CutoverConfig,
  type LoadedScenario,
  loadProject,
  resolveDemo,
  targetsFor,
  usesDemo,
} from '../config/index.ts';
import { InvalidInputError, ownFile, type Secret } from '../foundation/index.ts';
import { demoEndpoints, ENV, productionRun, selectedTargets } from './env.ts';

export interface UatProject {
  configFile: string;
  /** With demo:// URLs resolved when the demo world runs. */
  config: CutoverConfig;
  scenarios: LoadedScenario[];
  secrets: Secret[];
  /** The targets this run covers, in config order. */
  targets: string[];
}

/**
 * The project as one UAT run sees it: validated (any problem stops the run before anything is
 * submitted), narrowed to the selected targets, production only when asked for on purpose.
 */
export async function loadUatProject(options: {
  resolve: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<UatProject> {
  const env = options.env ?? process.env;
  const project = await loadedOnce(env);
  if (!options.resolve || !usesDemo(project.config)) return project;
  const world = demoEndpoints(env);
  if (!world)
    throw new Error(`the config points at the demo world but it is not running (${ENV.demo} is not set)`);
  return { ...project, config: resolveDemo(project.config, world) };
}

/**
 * Playwright evaluates the config, the global setup and each worker's fixtures in the same
 * processes: the project is read and validated once per process and settings, then handed down.
 */
const loads = new Map<string, Promise<UatProject>>();

function loadedOnce(env: NodeJS.ProcessEnv): Promise<UatProject> {
  const key = JSON.stringify([ENV.config, ENV.scenarios, ENV.targets, ENV.production].map((k) => env[k]));
  let loading = loads.get(key);
  if (!loading) {
    loading = load(env);
    loads.set(key, loading);
    loading.catch(() => loads.delete(key));
  }
  return loading;
}

async function load(env: NodeJS.ProcessEnv): Promise<UatProject> {
  const loaded = await loadProject({
    config: env[ENV.config],
    scenarios: env[ENV.scenarios],
    monitors: false,
    env,
  });
  if (!loaded.ok) throw new InvalidInputError(loaded.problems);
  const { config: file, scenarios } = loaded.project;
  const all = Object.keys(file.config.targets);
  const chosen = selectedTargets(env);
  const unknown = (chosen ?? []).filter((t) => !all.includes(t));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      unknown.map((t) => ({
        file: file.file,
        path: 'targets',
        message: `no target "${t}" (targets: ${all.join(', ')})`,
      })),
    );
  }
  const production = productionRun(env);
  const refused = (chosen ?? []).filter((t) => file.config.targets[t]?.production && !production);
  if (refused.length > 0) {
    throw new InvalidInputError(
      refused.map((t) => ({
        file: file.file,
        path: `targets.${t}`,
        message: `"${t}" is a production target; start the run for production on purpose (cutover uat --production)`,
      })),
    );
  }
  const targets = chosen ?? all.filter((t) => !file.config.targets[t]!.production);
  return { configFile: file.file, config: file.config, scenarios, secrets: file.secrets, targets };
}

/** The scenarios that run on a target in this run. */
export function scenariosOn(project: UatProject, target: string): LoadedScenario[] {
  const production = project.config.targets[target]?.production ?? false;
  return project.scenarios.filter(
    (s) => targetsFor(s.value, project.config).includes(target) && (!production || s.value.production),
  );
}

/** The name of a scenario's test: its criterion id and title (Playwright's --grep sees it). */
export function testTitle(scenario: LoadedScenario): string {
  return `${scenario.value.id} ${scenario.value.title}`;
}

/** The tags of a scenario's test on a target: `@target:<name>` (the project picks by it) and its own tags. */
export function testTags(scenario: LoadedScenario, target: string): string[] {
  return [`@target:${target}`, ...scenario.value.tags.map((t) => `@${t}`)];
}

/** The file of the one spec, as Playwright names its suite (relative to the test directory). */
export const SPEC_FILE = ownFile('cutover.spec.ts');

/** The grep of the Playwright project that stands for a target: the tests tagged for it. */
export function projectGrep(target: string): RegExp {
  return new RegExp(`@target:${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
}

/**
 * A --grep argument as Playwright reads it: `/source/flags`, or a source matched with flags
 * "gi". Throws SyntaxError when it does not compile — checked before Playwright starts.
 */
export function grepRegExp(grep: string): RegExp {
  const literal = /^\/(.*)\/([gi]*)$/.exec(grep);
  return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(grep, 'gi');
}

/**
 * The cases a run would start: every (target, scenario) test of the spec that a Playwright project
 * keeps, under `--grep` — the same title path and tags Playwright matches ("<project> <file>
 * <describe> <id> <title> @target:<t> @<tag>…"), so a run that would match nothing is refused
 * before Playwright starts and anything is submitted. test/cli/grep-selection.test.ts holds
 * this against Playwright's own `--list`.
 */
export function selectCases(
  project: UatProject,
  grep?: RegExp,
): Array<{ target: string; scenario: LoadedScenario }> {
  const matches = (re: RegExp, text: string) => {
    re.lastIndex = 0;
    return re.test(text);
  };
  const selected: Array<{ target: string; scenario: LoadedScenario }> = [];
  for (const projectName of project.targets) {
    const keep = projectGrep(projectName);
    for (const target of project.targets) {
      for (const scenario of scenariosOn(project, target)) {
        const title = [projectName, SPEC_FILE, target, testTitle(scenario), ...testTags(scenario, target)];
        const text = title.join(' ');
        if (matches(keep, text) && (!grep || matches(grep, text))) selected.push({ target, scenario });
      }
    }
  }
  return selected;
}
