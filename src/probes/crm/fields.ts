/** A CRM value as the engine compares it: text, with missing and empty as null. */
export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** Names once each, blanks dropped, first spelling kept (case-insensitive for Salesforce). */
export function uniqueNames(values: readonly string[], caseInsensitive = false): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const name = value.trim();
    const key = caseInsensitive ? name.toLowerCase() : name;
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
