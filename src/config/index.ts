export * from './config.schema.ts';
export { defineConfig } from './define-config.ts';
export { jsonSchemaFor, SCHEMA_NAMES, type SchemaName } from './json-schema.ts';
export { boundSecretsOf, DEFAULT_CONFIG_FILE, type LoadedConfig, loadConfig } from './load-config.ts';
export { type LoadedMonitor, loadMonitorFiles, loadMonitors } from './load-monitors.ts';
export { loadProject, type Project, type ProjectPaths, projectDirs } from './load-project.ts';
export { type LoadedScenario, loadScenarios } from './load-scenarios.ts';
export type * from './monitor.schema.ts';
export { type ReportSettings, reportSettings } from './report-settings.ts';
export { type DemoEndpoints, resolveDemo, usesDemo } from './resolve-demo.ts';
export type * from './scenario.schema.ts';
export { submissionCount, submissionIndex, submissionInputs } from './scenario.schema.ts';
export type * from './sla.schema.ts';
export { isInScope, parseBusinessDuration } from './sla.schema.ts';
export { targetsFor } from './targets-for.ts';
export {
  CAVEAT_LABEL,
  type Caveat,
  type CaveatKind,
  caveatSentence,
  type VacuousExpectation,
  vacuousExpectations,
  vacuousWarnings,
  type Warning,
  warningMessage,
} from './vacuous-checks.ts';
