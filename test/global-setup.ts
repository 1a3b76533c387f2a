import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from '../src/browser/index.ts';

/**
 * The integration tests use real servers and tools: Chromium (with a CJK font for Japanese
 * screenshots), Dovecot, and poppler-utils (pdftotext, pdffonts, pdftoppm read the PDFs back).
 * This setup installs nothing (that is `.ci/run`'s and `cutover doctor --install --tests`'
 * job): it says what is missing and how to install it; the tests that need it then fail.
 */
export default function setup(): void {
  const missing: string[] = [];
  if (!findChromium()) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-noto-cjk');
  if (!existsSync('/usr/sbin/dovecot')) missing.push('dovecot-imapd');
  if (!existsSync('/usr/bin/pdftotext')) missing.push('poppler-utils');
  if (missing.length === 0) return;
  console.warn(
    `test setup: missing ${missing.join(', ')}; the tests that need them will fail. Install: cutover doctor --install --tests (or apt-get install -y ${missing.join(' ')})`,
  );
}

function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}
