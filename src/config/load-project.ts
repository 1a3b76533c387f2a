import { dirname, join, relative, resolve } from 'node:path';
import type { Problem } from '../foundation/problems.ts';
import { checkInputFiles, type InputFileFound, withAbsoluteFiles } from './check-input-files.ts';
import { crossCheck } from './cross-check.ts';
import { DEFAULT_CONFIG_FILE, type LoadedConfig, loadConfig } from './load-config.ts';
import { DEFAULT_MONITOR_DIR, type LoadedMonitor, loadMonitorFiles, loadMonitors } from './load-monitors.ts';
import { DEFAULT_SCENARIO_DIR, type LoadedScenario, loadScenarios } from './load-scenarios.ts';
import { vacuousWarnings, type Warning } from './vacuous-checks.ts';

export interface ProjectPaths {
  cwd?: string;
  config?: string;
  scenarios?: string;
  /** A directory, these monitor files, or false: a run that needs no monitors (UAT) does not read them. */
  monitors?: string | string[] | false;
  env?: Record<string, string | undefined>;
}

export interface Project {
  config: LoadedConfig;
  /** File fields' paths are absolute here (written relative to the scenario file). */
  scenarios: LoadedScenario[];
  monitors: LoadedMonitor[];
  /** The files the scenarios choose in file fields, with their sizes (what `validate` states). */
  inputFiles: InputFileFound[];
}

/**
 * Where a project's files are: the config as given (from the working directory, default
 * `cutover.config.ts`), and the scenario and monitor directories as given — or, by default,
 * `scenarios/` and `monitors/` next to the config file, never the working directory's or
 * cutover's own. Directories are returned relative to the working directory, as messages show them.
 */
export function projectDirs(
  paths: Pick<ProjectPaths, 'cwd' | 'config' | 'scenarios'> & { monitors?: string },
): {
  config: string;
  scenarios: string;
  monitors: string;
} {
  const cwd = paths.cwd ?? process.cwd();
  const config = paths.config ?? DEFAULT_CONFIG_FILE;
  const projectDir = dirname(resolve(cwd, config));
  const beside = (dir: string) => relative(cwd, join(projectDir, dir)) || '.';
  return {
    config,
    scenarios: paths.scenarios ?? beside(DEFAULT_SCENARIO_DIR),
    monitors: paths.monitors ?? beside(DEFAULT_MONITOR_DIR),
  };
}

/**
 * Loads cutover.config.ts, every scenario and every monitor, and checks them against each other.
 * Either everything is valid, or every problem of every file is returned — never just the first.
 * Warnings (vacuous-checks.ts: expectations that cannot fail) come either way and stop nothing.
 */
export async function loadProject(
  paths: ProjectPaths = {},
): Promise<
  | { ok: true; project: Project; warnings: Warning[] }
  | { ok: false; problems: Problem[]; warnings: Warning[] }
> {
  const cwd = paths.cwd ?? process.cwd();
  const dirs = projectDirs({
    cwd,
    config: paths.config,
    scenarios: paths.scenarios,
    monitors: typeof paths.monitors === 'string' ? paths.monitors : undefined,
  });
  const [config, scenarios, monitors] = await Promise.all([
    loadConfig(dirs.config, { cwd, env: paths.env }),
    loadScenarios(dirs.scenarios, { cwd }),
    paths.monitors === false
      ? { monitors: [], partly: [], problems: [] }
      : Array.isArray(paths.monitors)
        ? loadMonitorFiles(paths.monitors, { cwd })
        : loadMonitors(dirs.monitors, { cwd }),
  ]);
  const problems = [...(config.ok ? [] : config.problems), ...scenarios.problems, ...monitors.problems];
  // Files are cross-checked as far as they validated, so a run lists every problem at once: a
  // wrong form name is reported with the bad duration beside it, not after it is fixed.
  const located = new Map(
    [...scenarios.scenarios, ...scenarios.partly, ...monitors.monitors, ...monitors.partly].map((f) => [
      f.file,
      f.locate,
    ]),
  );
  if (config.parts) located.set(config.parts.file, config.parts.locate);
  for (const found of crossCheck(
    config.parts,
    [...scenarios.scenarios, ...scenarios.partly],
    [...monitors.monitors, ...monitors.partly],
  )) {
    const position = found.keys ? located.get(found.file)?.(found.keys) : undefined;
    problems.push(position ? { ...found, ...position } : found);
  }
  const files = await checkInputFiles(
    config.parts?.value,
    [...scenarios.scenarios, ...scenarios.partly],
    cwd,
  );
  for (const found of files.problems) {
    const position = found.keys ? located.get(found.file)?.(found.keys) : undefined;
    problems.push(position ? { ...found, ...position } : found);
  }
  const warnings = config.ok ? vacuousWarnings(config.value.config, scenarios.scenarios) : [];
  if (problems.length > 0 || !config.ok) return { ok: false, problems: byFileAndLine(problems), warnings };
  return {
    ok: true,
    project: {
      config: config.value,
      scenarios: scenarios.scenarios.map((loaded) => ({
        ...loaded,
        value: withAbsoluteFiles(loaded.value, loaded.file, config.value.config, cwd),
      })),
      monitors: monitors.monitors,
      inputFiles: files.files,
    },
    warnings,
  };
}

/** Each file's problems together, in the order the files came, and by line within a file. */
function byFileAndLine(problems: Problem[]): Problem[] {
  const files = [...new Set(problems.map((p) => p.file))];
  return problems
    .map((problem, i) => ({ problem, i }))
    .sort(
      (a, b) =>
        files.indexOf(a.problem.file) - files.indexOf(b.problem.file) ||
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ problem }) => problem);
}
