import {
  type LoadedFile,
  listYamlFiles,
  loadYamlFiles,
  type PartlyLoadedFile,
} from '../foundation/load-yaml-files.ts';
import type { Problem } from '../foundation/problems.ts';
import { type MonitorDefinition, monitorSchema } from './monitor.schema.ts';

export type LoadedMonitor = LoadedFile<MonitorDefinition>;
/** A monitor file with problems: what of it validated, for the cross-file checks. */
export type PartlyLoadedMonitor = PartlyLoadedFile<MonitorDefinition>;

export const DEFAULT_MONITOR_DIR = 'monitors';

/** Monitor definitions: the YAML files directly in monitors/ (rules and dashboards live in subfolders). */
export async function loadMonitors(
  dir: string,
  options: { cwd: string },
): Promise<{ monitors: LoadedMonitor[]; partly: PartlyLoadedMonitor[]; problems: Problem[] }> {
  const files = await listYamlFiles(dir, options.cwd, { recursive: false });
  const { loaded, partly, problems } = await loadYamlFiles(files, monitorSchema, {
    cwd: options.cwd,
    kind: 'monitor',
  });
  return { monitors: loaded, partly, problems };
}

export async function loadMonitorFiles(
  files: string[],
  options: { cwd: string },
): Promise<{ monitors: LoadedMonitor[]; partly: PartlyLoadedMonitor[]; problems: Problem[] }> {
  const { loaded, partly, problems } = await loadYamlFiles(files, monitorSchema, {
    cwd: options.cwd,
    kind: 'monitor',
  });
  return { monitors: loaded, partly, problems };
}
