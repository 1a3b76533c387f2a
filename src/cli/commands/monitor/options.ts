import type { DemoWorld } from '../../../demo/index.ts';
import type { Lang } from '../../../foundation/i18n/index.ts';

export interface MonitorCommandOptions {
  config?: string;
  scenarios?: string;
  monitors?: string;
  listen?: string;
  /** Overrides every file's interval (trying things out, `cutover demo --monitor`). */
  interval?: string;
  once?: boolean;
  pushgateway?: string;
  job: string;
  json?: boolean;
  tokenEnv?: string;
  grace: string;
  /** --no-evidence: keep no evidence of the case runs (default: kept under evidenceDir). */
  evidence?: boolean;
  /** Where failed and errored runs keep their evidence (default .cutover/monitor-evidence). */
  evidenceDir?: string;
  /** Failed and errored runs kept at most (default 200). */
  evidenceKeep?: string;
  /** How long a failed or errored run is kept (default 7d). */
  evidenceMaxAge?: string;
  /** The address people reach the monitor by, for links (default: the listen address). */
  externalUrl?: string;
  /** `--lang`: the language of the evidence pages (default: report.lang of the config, then LC_ALL/LANG). */
  lang?: Lang;
  /** Demo world only: keep the renewal's planted defects on (default: the launched, fixed build). */
  defects?: boolean;
  /** Demo world only, with `watch:`: real visitors per hour (default: the business-hours profile). */
  realTraffic?: string;
  /** Resolves when the process should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<void>;
  /** Told the metrics URL and the demo world, once everything runs (tests, `cutover demo --monitor`). */
  onReady?: (ready: { metricsUrl?: string; world?: DemoWorld }) => void;
}
