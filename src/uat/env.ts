import type { DemoEndpoints } from '../config/index.ts';
import { isLang, type Lang } from '../foundation/i18n/index.ts';
import type { WebhookEndpoints } from '../probes/index.ts';

/**
 * How `cutover uat` / `cutover demo` talk to Playwright Test and its workers: environment
 * variables, because Playwright starts the workers as separate processes.
 */
export const ENV = {
  /** Comma-separated targets to run (default: every non-production target). */
  targets: 'CUTOVER_TARGETS',
  /** "1" when the run was started for production on purpose (cutover uat --production). */
  production: 'CUTOVER_PRODUCTION',
  /** The running demo world's endpoints as JSON, set by the global setup or by `cutover demo`. */
  demo: 'CUTOVER_DEMO',
  /** Config file (default cutover.config.ts). */
  config: 'CUTOVER_CONFIG',
  /** Scenario directory (default scenarios). */
  scenarios: 'CUTOVER_SCENARIOS',
  /** Where the acceptance report is written (default {@link DEFAULT_REPORT_DIR}). */
  reportDir: 'CUTOVER_REPORT_DIR',
  /** "1" to print one progress line per case with verdicts and delays. */
  progress: 'CUTOVER_PROGRESS',
  /** A running browser server's WebSocket endpoint: workers connect to it instead of launching one. */
  browser: 'CUTOVER_BROWSER_WS',
  /** The language of the documents (`--lang`): ja or en; else the config's report.lang, else LC_ALL/LANG. */
  lang: 'CUTOVER_LANG',
  /** The run's webhook listeners as JSON (where each listens, or why it could not), set by the global setup. */
  webhooks: 'CUTOVER_WEBHOOKS',
} as const;

/** Where a UAT run writes its acceptance report unless told (`cutover uat --report-dir`, `cutover merge`). */
export const DEFAULT_REPORT_DIR = 'reports/acceptance';

/** The report directory of a run that Playwright Test started: CUTOVER_REPORT_DIR, else the default. */
export function reportDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENV.reportDir] || DEFAULT_REPORT_DIR;
}

/** The language `cutover uat --lang` asked for, if any. */
export function langOf(env: NodeJS.ProcessEnv = process.env): Lang | undefined {
  const value = env[ENV.lang];
  return isLang(value) ? value : undefined;
}

export function selectedTargets(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const value = env[ENV.targets]?.trim();
  return value
    ? value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : undefined;
}

export function productionRun(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ENV.production] === '1';
}

export function demoEndpoints(env: NodeJS.ProcessEnv = process.env): DemoEndpoints | undefined {
  const value = env[ENV.demo];
  return value ? (JSON.parse(value) as DemoEndpoints) : undefined;
}

export function webhookEndpoints(env: NodeJS.ProcessEnv = process.env): WebhookEndpoints | undefined {
  const value = env[ENV.webhooks];
  return value ? (JSON.parse(value) as WebhookEndpoints) : undefined;
}
