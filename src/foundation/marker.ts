import { randomBytes } from 'node:crypto';

/** A fresh marker: `<prefix>-YYYYMMDD-<6 hex>`, e.g. ct-20261126-7f3a9c. */
export function mintMarker(prefix: string, now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}-${day}-${randomBytes(3).toString('hex')}`;
}

/**
 * The pattern every marker of this prefix matches: what sweeps accept as synthetic. A marker
 * stands on its own — not glued to a letter or digit on either side (`xct-…`, `…7f3a9c0`) —
 * wherever the templates put it: `qa+ct-…@`, `（ct-…）`, `utm_campaign=ct-…&`.
 */
export function markerPattern(prefix: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(prefix)}-\\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])`);
}

export function syntheticEmail(pattern: string, marker: string): string {
  return pattern.replaceAll('{marker}', marker);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The synthetic email pattern as a matcher: `{marker}` stands for any marker of the prefix. */
export function syntheticEmailMatcher(pattern: string, markerPrefix: string): RegExp {
  const [head = '', ...rest] = pattern.split('{marker}');
  return new RegExp(
    `^${escapeRegExp(head)}${escapeRegExp(markerPrefix)}-[^@\\s]*${escapeRegExp(rest.join('{marker}'))}$`,
    'i',
  );
}
