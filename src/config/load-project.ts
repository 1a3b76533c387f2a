import { crossCheck } from './cross-check.ts';
import { DEFAULT_CONFIG_FILE, type LoadedConfig, loadConfig } from './load-config.ts';
import { DEFAULT_MONITOR_DIR, type LoadedMonitor, loadMonitorFiles, loadMonitors } from './load-monitors.ts';
import { DEFAULT_SCENARIO_DIR, type LoadedScenario, loadScenarios } from './load-scenarios.ts';
import type { Problem } from './problems.ts';

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
  scenarios: LoadedScenario[];
  monitors: LoadedMonitor[];
}

/**
 * Loads cutover.config.ts, every scenario and every monitor, and checks them against each other.
 * Either everything is valid, or every problem of every file is returned — never just the first.
 */
export async function loadProject(
  paths: ProjectPaths = {},
): Promise<{ ok: true; project: Project } | { ok: false; problems: Problem[] }> {
  const cwd = paths.cwd ?? process.cwd();
  const [config, scenarios, monitors] = await Promise.all([
    loadConfig(paths.config ?? DEFAULT_CONFIG_FILE, { cwd, env: paths.env }),
    loadScenarios(paths.scenarios ?? DEFAULT_SCENARIO_DIR, { cwd }),
    paths.monitors === false
      ? { monitors: [], problems: [] }
      : Array.isArray(paths.monitors)
        ? loadMonitorFiles(paths.monitors, { cwd })
        : loadMonitors(paths.monitors ?? DEFAULT_MONITOR_DIR, { cwd }),
  ]);
  const problems = [...(config.ok ? [] : config.problems), ...scenarios.problems, ...monitors.problems];
  if (config.ok) {
    const located = new Map([...scenarios.scenarios, ...monitors.monitors].map((f) => [f.file, f.locate]));
    for (const found of crossCheck(
      config.value.file,
      config.value.config,
      scenarios.scenarios,
      monitors.monitors,
    )) {
      const position = found.keys ? located.get(found.file)?.(found.keys) : undefined;
      problems.push(position ? { ...found, ...position } : found);
    }
  }
  if (problems.length > 0 || !config.ok) return { ok: false, problems };
  return {
    ok: true,
    project: { config: config.value, scenarios: scenarios.scenarios, monitors: monitors.monitors },
  };
}
