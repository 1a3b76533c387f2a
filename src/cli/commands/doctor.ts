import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CHROMIUM_INSTALL_HINT, chromiumVersion, findChromium } from '../../browser/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint } from '../output.ts';

const run = promisify(execFile);

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** Needed to run cutover at all (the browser), or only for some features and tests. */
  required: boolean;
  fix?: string;
  /** Debian packages that bring it (what `doctor --install --tests` installs). */
  packages?: string[];
}

/**
 * `cutover doctor [--install]`: what this machine has for cutover — the browser first (found in
 * the resolver's order), Japanese fonts for screenshots, promtool and Dovecot for the tests.
 */
export async function doctorCommand(
  options: { install?: boolean; tests?: boolean; browser?: string },
  output: Output,
): Promise<ExitCode> {
  if (options.install && !findChromium({ setting: options.browser })) await installChromium(output);
  if (options.install && options.tests) {
    const missing = (await runChecks(options.browser)).filter((c) => !c.ok && c.packages);
    const packages = [...new Set(missing.flatMap((c) => c.packages ?? []))];
    if (packages.length > 0 && !(await installSystemPackages(packages, output))) {
      output.err(`Could not install ${packages.join(', ')}: install them with apt-get as root.`);
    }
  }
  const checks = await runChecks(options.browser);
  for (const check of checks) {
    const mark = check.ok
      ? paint(output, 'green', '✓')
      : paint(output, check.required ? 'red' : 'yellow', check.required ? '✗' : '!');
    output.out(`${mark} ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) output.out(`    fix: ${check.fix}`);
  }
  return checks.every((c) => c.ok || !c.required) ? EXIT.ok : EXIT.broken;
}

async function runChecks(setting: string | undefined): Promise<Check[]> {
  const browser = findChromium({ setting });
  const version = browser ? await chromiumVersion(browser.path) : undefined;
  return [
    {
      name: 'node',
      ok: nodeIsSupported(),
      detail: process.version,
      required: true,
      fix: 'install Node.js 20.18 or newer',
    },
    {
      name: 'browser',
      ok: Boolean(browser && version),
      detail: browser
        ? `${version ?? 'does not start'} at ${browser.path} (found via ${browser.source})`
        : 'no Chromium found (looked at CUTOVER_CHROMIUM, Playwright’s browsers, /usr/bin/chromium, PATH)',
      required: true,
      fix: `run \`npx cutover doctor --install\`, or ${CHROMIUM_INSTALL_HINT}`,
    },
    {
      name: 'Japanese fonts',
      ok: await hasCjkFont(),
      detail: (await hasCjkFont())
        ? 'a CJK font is installed'
        : 'no CJK font: screenshots show boxes instead of Japanese text',
      required: false,
      fix: 'apt-get install -y fonts-noto-cjk',
      packages: ['fonts-noto-cjk'],
    },
    commandCheck(
      'promtool',
      '/usr/bin/promtool',
      'checks and unit-tests the alerting rules (tests)',
      'prometheus',
    ),
    commandCheck(
      'prometheus',
      '/usr/bin/prometheus',
      'scrapes a monitor and evaluates the shipped rules (tests)',
      'prometheus',
    ),
    commandCheck(
      'alertmanager',
      '/usr/bin/prometheus-alertmanager',
      'receives the alerts in the monitor tests',
      'prometheus-alertmanager',
    ),
    commandCheck(
      'pushgateway',
      '/usr/bin/prometheus-pushgateway',
      'receives `cutover monitor --once --pushgateway` (tests)',
      'prometheus-pushgateway',
    ),
    commandCheck(
      'dovecot',
      '/usr/sbin/dovecot',
      'the real IMAP server the IMAP probe is tested against (tests)',
      'dovecot-imapd',
    ),
    commandCheck(
      'pdftotext',
      '/usr/bin/pdftotext',
      'reads the PDF of `cutover report pdf` back: its text, fonts and pages (tests)',
      'poppler-utils',
    ),
  ];
}

function commandCheck(name: string, path: string, purpose: string, pkg: string): Check {
  const ok = existsSync(path);
  return {
    name,
    ok,
    detail: ok ? `${path} — ${purpose}` : `not installed — ${purpose}`,
    required: false,
    fix: `apt-get install -y --no-install-recommends ${pkg} (or npx cutover doctor --install --tests)`,
    packages: [pkg],
  };
}

function nodeIsSupported(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 18);
}

async function hasCjkFont(): Promise<boolean> {
  try {
    const { stdout } = await run('fc-list', [':lang=ja'], { timeout: 10_000 });
    return stdout.trim().length > 0;
  } catch {
    return false;
  }
}

/** Installs a browser where it can: Playwright's installer, else the distribution's Chromium (Debian/Ubuntu, root). */
async function installChromium(output: Output): Promise<void> {
  output.out('No browser found; trying `npx playwright install chromium` …');
  if ((await stream('npx', ['playwright', 'install', 'chromium'], output)) === 0 && findChromium()) return;
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const chromium = /ubuntu/i.test(osRelease) ? 'chromium-browser' : 'chromium';
  if (!(await installSystemPackages([chromium, 'fonts-noto-cjk'], output))) {
    output.err(`Could not install a browser automatically. ${CHROMIUM_INSTALL_HINT}`);
  }
}

/**
 * Installs Debian/Ubuntu packages with apt-get when this process may (root on a Debian-like
 * system); returns false when it may not or the install failed.
 */
export async function installSystemPackages(packages: string[], output: Output): Promise<boolean> {
  if (packages.length === 0) return true;
  if (!existsSync('/etc/debian_version') || process.getuid?.() !== 0) return false;
  output.out(`Installing ${packages.join(', ')} with apt-get …`);
  if ((await stream('apt-get', ['update', '-qq'], output)) !== 0) return false;
  return (
    (await stream('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], output)) === 0
  );
}

function stream(command: string, args: string[], output: Output): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.stdout.on('data', (chunk: Buffer) => output.out(chunk.toString().trimEnd()));
    child.stderr.on('data', (chunk: Buffer) => output.err(chunk.toString().trimEnd()));
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}
