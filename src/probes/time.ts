const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads a vendor timestamp without relying on the engine's lenient Date parser: ISO 8601 with
 * any number of fraction digits (Mailpit's nanoseconds), zones as `Z`, `+09:00` or `+0000`
 * (Salesforce), epoch milliseconds or seconds as numbers or digit strings. A time without a zone
 * is read as UTC. Undefined when unreadable.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
    time -= sign * offset * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Epoch numbers below 10^11 are seconds (until the year 5138), larger ones milliseconds. */
function fromEpoch(value: number): Date | undefined {
  if (!Number.isFinite(value)) return undefined;
  return new Date(value < 1e11 ? Math.round(value * 1000) : value);
}
