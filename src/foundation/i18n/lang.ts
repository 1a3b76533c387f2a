import { en, type Messages } from './messages.en.ts';
import { ja } from './messages.ja.ts';

/** The languages cutover writes its documents in. */
export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** One catalog per language: a language without one fails to compile. */
const CATALOGS = { en, ja } satisfies Record<Lang, Messages>;

export function messagesFor(lang: Lang): Messages {
  return CATALOGS[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language of a document: the command line's `--lang`, else the config's `report.lang`, else
 * the environment (`LC_ALL`, then `LANG`: `ja_JP.UTF-8` → ja), else English.
 */
export function resolveLang(
  choices: { flag?: Lang; config?: Lang } = {},
  env: NodeJS.ProcessEnv = process.env,
): Lang {
  return choices.flag ?? choices.config ?? langOfEnv(env) ?? 'en';
}

/** `ja_JP.UTF-8`, `ja`, `ja-JP` → ja; `C.UTF-8`, `en_US` → en; unset → undefined. POSIX order: LC_ALL wins over LANG. */
export function langOfEnv(env: NodeJS.ProcessEnv = process.env): Lang | undefined {
  const locale = env.LC_ALL || env.LANG;
  if (!locale) return undefined;
  return /^ja([_.-]|$)/i.test(locale) ? 'ja' : 'en';
}

/** The time zone documents show times in: the config's `report.timeZone`, else the system's. */
export function resolveTimeZone(configured?: string): string {
  return configured ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** Whether Intl knows the IANA zone (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
