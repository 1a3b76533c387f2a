import {
  type Lang,
  type Messages,
  messagesFor,
  resolveLang,
  resolveTimeZone,
} from '../foundation/i18n/index.ts';
import type { CutoverConfig } from './config.schema.ts';

/** The language, its catalog and the clock of the documents a command writes. */
export interface ReportSettings {
  lang: Lang;
  timeZone: string;
  messages: Messages;
}

/** `--lang`, else the config's `report.lang`, else LC_ALL/LANG, else English; `report.timeZone`, else the system's zone. */
export function reportSettings(
  config: Pick<CutoverConfig, 'report'> | undefined,
  flag?: Lang,
  env: NodeJS.ProcessEnv = process.env,
): ReportSettings {
  const lang = resolveLang({ flag, config: config?.report?.lang }, env);
  return { lang, timeZone: resolveTimeZone(config?.report?.timeZone), messages: messagesFor(lang) };
}
