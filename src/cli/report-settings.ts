import { DEFAULT_CONFIG_FILE, loadConfig, type ReportSettings, reportSettings } from '../config/index.ts';
import type { Lang } from '../foundation/i18n/index.ts';
import { fileExists } from './playwright-run.ts';

/**
 * The language and clock of the documents a command writes from reports alone (diff of two files,
 * report pdf, show-report --print): `--lang`, else the `report` settings of the cutover.config.ts
 * in the working directory when there is one that loads, else LC_ALL/LANG; the system's zone.
 */
export async function workingDirReportSettings(flag?: Lang): Promise<ReportSettings> {
  const loaded = (await fileExists(DEFAULT_CONFIG_FILE))
    ? await loadConfig(DEFAULT_CONFIG_FILE).catch(() => undefined)
    : undefined;
  return reportSettings(loaded?.ok ? loaded.value.config : undefined, flag);
}
