import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from '../src/browser/index.ts';
import { installSystemPackages } from '../src/cli/commands/doctor.ts';

/**
 * The tests use real servers: Chromium (with a CJK font for Japanese screenshots) and Dovecot.
 * Where root allows on Debian/Ubuntu, install what is missing; elsewhere the tests that need a
 * missing one fail with the install hint.
 */
export default async function setup(): Promise<void> {
  const missing: string[] = [];
  if (!findChromium()) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-noto-cjk');
  if (!existsSync('/usr/sbin/dovecot')) missing.push('dovecot-imapd');
  if (missing.length === 0) return;
  const output = { out: (t: string) => console.log(t), err: (t: string) => console.error(t), color: false };
  if (!(await installSystemPackages(missing, output))) {
    console.warn(
      `test setup: missing ${missing.join(', ')}; tests that need them will fail (install: apt-get install -y ${missing.join(' ')})`,
    );
  }
}

function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}
