import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * cutover runs from its TypeScript sources in a checkout (through tsx, no build step) and from
 * compiled JavaScript when installed from its package. Its own modules that are named at run time
 * — the Playwright config, the spec, the reporter, the demo config — carry the extension of the
 * form it runs in right now.
 */
export const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** `cutover.spec.ts` as cutover's own file in the form it runs in (`cutover.spec.js` when installed). */
export function ownFile(name: string): string {
  return name.replace(/\.ts$/, OWN_EXTENSION);
}

/** The directory cutover's own files are laid out from: the checkout, or `dist/` of the installed package. */
export const OWN_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** cutover's own package.json (the checkout's, or the installed package's — one level above dist/). */
export function ownPackage(): { name: string; version: string } {
  const path = OWN_EXTENSION === '.ts' ? '../../package.json' : '../../../package.json';
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
}

/**
 * cutover's package directory: the checkout, or the installed package (one level above dist/) —
 * where the files it ships besides its code are (docs/, monitors/).
 */
export const OWN_PACKAGE_DIR = fileURLToPath(
  new URL(OWN_EXTENSION === '.ts' ? '../../' : '../../../', import.meta.url),
);
