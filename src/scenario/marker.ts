import { randomBytes } from 'node:crypto';

/** A fresh marker: `<prefix>-YYYYMMDD-<6 hex>`, e.g. ct-20261126-7f3a9c. */
export function mintMarker(prefix: string, now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}-${day}-${randomBytes(3).toString('hex')}`;
}

/** The pattern every marker of this prefix matches: what cleanup and sweeps accept as synthetic. */
export function markerPattern(prefix: string): RegExp {
  return new RegExp(`${escapeRegExp(prefix)}-\\d{8}-[0-9a-f]{6}`);
}

export function syntheticEmail(pattern: string, marker: string): string {
  return pattern.replaceAll('{marker}', marker);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
