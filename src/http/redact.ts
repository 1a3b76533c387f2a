import { redact, type Secret } from '../foundation/secret.ts';

/** Query parameters whose values are credentials by name, whatever the config says. */
const SENSITIVE_PARAM =
  /^(?:access_?token|api_?key|api_?secret|client_?secret|key|password|secret|sig|signature|token|auth)$/i;

const REDACTED = '[redacted]';

/**
 * The URL as it may appear in an error message: credentials in the user-info part and the
 * values of credential-like query parameters replaced, and every known secret value removed
 * wherever else it appears (path segments, other parameters).
 */
export function redactUrl(url: string | URL, secrets: Iterable<Secret> = []): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return redact(String(url), secrets);
  }
  if (parsed.password) parsed.password = REDACTED;
  const params = [...parsed.searchParams.keys()];
  for (const name of new Set(params)) {
    if (SENSITIVE_PARAM.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  // URLSearchParams re-encodes the brackets; decode them back so the message stays readable.
  const text = parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  return redactEncoded(text, secrets);
}

/** Removes secret values from any text, also in their URL-encoded spelling. */
export function redactEncoded(text: string, secrets: Iterable<Secret>): string {
  const list = [...secrets];
  let out = redact(text, list);
  for (const secret of list) {
    if (!secret.bound) continue;
    const value = secret.reveal();
    for (const spelling of [
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
    ]) {
      if (spelling !== value && spelling.length >= 4) out = out.split(spelling).join(secret.toString());
    }
  }
  return out;
}

/**
 * A copy of data (a case result, as JSON would carry it) with every secret value removed from
 * every string in it, keys included: what is written to disk or served must never hold one.
 */
export function redactDeep<T>(value: T, secrets: Iterable<Secret>): T {
  const list = [...secrets];
  if (list.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactEncoded(item, list);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [redactEncoded(k, list), walk(v)]));
    return item;
  };
  return walk(value) as T;
}
