/** Documents in the reader's language and clock: one typed message catalog per language, times with their zone. */
export {
  isLang,
  isTimeZone,
  LANGS,
  type Lang,
  langOfEnv,
  messagesFor,
  resolveLang,
  resolveTimeZone,
} from './lang.ts';
export { en, type Messages } from './messages.en.ts';
export { ja } from './messages.ja.ts';
export { formatTime, zoneName } from './time.ts';
