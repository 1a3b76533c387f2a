/**
 * The small JSON path the `rest` probe accepts: `$` (the value itself), `$.data.items`,
 * `data.items` (the `$.` is optional), `items[0].id`, `$['odd key']`.
 */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  let rest = path.trim();
  if (rest === '$' || rest === '') return [];
  if (rest.startsWith('$')) rest = rest.slice(1);
  else rest = `.${rest}`;
  const parts: (string | number)[] = [];
  const token = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(['"])((?:(?!\3).)*)\3\])/;
  while (rest !== '') {
    const match = token.exec(rest);
    if (!match) return undefined;
    if (match[1] !== undefined) parts.push(match[1]);
    else if (match[2] !== undefined) parts.push(Number(match[2]));
    else parts.push(match[4] ?? '');
    rest = rest.slice(match[0].length);
  }
  return parts;
}

export function readJsonPath(value: unknown, path: string): unknown {
  const parts = parseJsonPath(path);
  if (!parts) throw new Error(`not a JSON path: ${JSON.stringify(path)}`);
  let current = value;
  for (const part of parts) {
    if (typeof part === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[part];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
  }
  return current;
}
