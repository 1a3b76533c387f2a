import { Option } from 'commander';
import { LANGS } from '../foundation/i18n/index.ts';

/** `--lang ja|en` of the commands that write or print documents; a wrong value is a usage error (exit 2). */
export function langOption(what = 'language of the report, diff and summary'): Option {
  return new Option(
    '--lang <lang>',
    `${what}: ja or en (default: report.lang of the config, then LC_ALL/LANG)`,
  ).choices(LANGS);
}
