import {
  type LoadedConfig,
  type LoadedMonitor,
  type LoadedScenario,
  loadProject,
  projectDirs,
} from '../../../config/index.ts';
import { parseDuration } from '../../../foundation/index.ts';
import type { MonitorPlan } from '../../../monitor/index.ts';
import { type Output, printProblems } from '../../output.ts';
import type { MonitorCommandOptions } from './options.ts';

export interface MonitorProject {
  configFile: LoadedConfig;
  plans: MonitorPlan[];
}

/**
 * The config and the monitor files to run — those named on the command line, else every one in
 * the monitor directory — as plans. Undefined once what stands in the way is printed: a problem
 * in any file of the project, or no monitor file at all.
 */
export async function loadMonitorProject(
  files: string[],
  options: Pick<MonitorCommandOptions, 'config' | 'scenarios' | 'monitors' | 'interval'>,
  output: Output,
): Promise<MonitorProject | undefined> {
  const loaded = await loadProject({
    config: options.config,
    scenarios: options.scenarios,
    monitors: files.length > 0 ? files : options.monitors,
  });
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return undefined;
  }
  const { config, scenarios, monitors } = loaded.project;
  if (monitors.length === 0) {
    output.err(
      `cutover monitor: no monitor file in ${projectDirs(options).monitors}/ — name one, e.g. cutover monitor monitors/demo-renewal.yaml`,
    );
    return undefined;
  }
  const interval = options.interval === undefined ? undefined : parseDuration(options.interval);
  return { configFile: config, plans: monitorPlans(monitors, scenarios, interval) };
}

/**
 * One plan per monitor file: its scenarios by id (the project loader has checked each exists),
 * and `--interval`, when given, in place of the file's own.
 */
export function monitorPlans(
  monitors: LoadedMonitor[],
  scenarios: LoadedScenario[],
  interval: number | undefined,
): MonitorPlan[] {
  const byId = new Map(scenarios.map((s) => [s.value.id, s]));
  return monitors.map((m) => ({
    file: m.file,
    definition: interval === undefined ? m.value : { ...m.value, interval },
    scenarios: m.value.scenarios.map((id) => byId.get(id)!),
  }));
}
