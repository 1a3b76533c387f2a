import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoWorld } from '../../../src/demo/index.ts';
import { readReport } from '../../../src/report/index.ts';
import { ENV } from '../../../src/uat/env.ts';
import { freePort } from '../../support/prometheus-tools.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * cutover as a QA lead gets it: `npm pack` of this repository, installed with `npm i -D` into an
 * empty project outside it (from the npm cache, offline), and run there with `npx cutover` —
 * init, validate, uat on the embedded demo world — with everything it writes landing in that
 * project, and nothing of the repository used.
 */
const run = promisify(execFile);
const root = REPO_ROOT;
const npm = 'npm';

/** The environment of a user's shell: none of this run's npm or cutover settings leak in. */
function userEnv(): NodeJS.ProcessEnv {
  const leaked = new Set<string>(Object.values(ENV));
  return Object.fromEntries(
    Object.entries({ ...process.env, NO_COLOR: '1' }).filter(
      ([key]) => !key.toLowerCase().startsWith('npm_') && !leaked.has(key),
    ),
  );
}

async function sh(command: string, args: string[], cwd: string, timeout = 170_000) {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: userEnv(), timeout });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * The project's lockfile before cutover is added: its dependencies at the versions cutover's own
 * lockfile pins (what a team's lockfile holds anyway). Without one, npm resolves a fresh project
 * from the registry's metadata — which an offline install (and a test) does not have; with it, the
 * install reads only the package tarballs `npm ci` left in npm's cache.
 */
async function lockfileFor(tarballName: string): Promise<string> {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const resolved = `file:../${tarballName}`;
  const packages: Record<string, unknown> = {
    '': { name: 'our-site', version: '1.0.0', devDependencies: { cutover: resolved } },
    'node_modules/cutover': {
      version: pkg.version,
      resolved,
      dev: true,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && !entry.dev) packages[path] = { ...entry, dev: true };
  }
  return JSON.stringify({ name: 'our-site', version: '1.0.0', lockfileVersion: 3, requires: true, packages });
}

let scratch: string;
let project: string;
let tarball: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cutover-tarball-'));
  // Packed from a copy of the checkout: packing swaps package.json's exports for a moment, and
  // tests running alongside resolve 'cutover' through the checkout's.
  const source = join(scratch, 'cutover');
  await cp(root, source, {
    recursive: true,
    filter: (path) => !/^(node_modules|dist|reports|test-results|\.git)$/.test(relative(root, path)),
  });
  await symlink(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
  const packed = await sh(npm, ['pack', '--pack-destination', scratch], source);
  expect(packed.code, packed.stderr).toBe(0);
  const [name] = (await readdir(scratch)).filter((file) => file.endsWith('.tgz'));
  tarball = join(scratch, name!);
  project = join(scratch, 'our-site');
  await sh('mkdir', [project], scratch);
  expect((await sh(npm, ['init', '-y'], project)).code).toBe(0);
  await writeFile(join(project, 'package-lock.json'), await lockfileFor(basename(tarball)));
  const installed = await sh(
    npm,
    ['install', '--save-dev', tarball, '--offline', '--no-audit', '--no-fund'],
    project,
  );
  expect(installed.code, installed.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the npm package, installed into an empty project', () => {
  it('ships compiled code, schemas and the reference — no sources, tests, fixtures or reports', async () => {
    const { stdout } = await sh('tar', ['tzf', tarball], scratch);
    const files = stdout.split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        'package/bin/cutover.js',
        'package/dist/src/index.js',
        'package/dist/src/index.d.ts',
        'package/dist/src/uat/playwright-config.js',
        'package/dist/scenarios/cutover.spec.js',
        'package/schemas/config.schema.json',
        'package/docs/probe-options.md',
        'package/docs/runbooks.md',
        'package/docs/runbooks.ja.md',
        'package/monitors/README.md',
        'package/monitors/prometheus/alerts.rules.yml',
        'package/monitors/prometheus/alerts.test.yml',
        'package/monitors/alertmanager/alertmanager.yml',
        'package/monitors/alertmanager/cutover.tmpl',
        'package/monitors/grafana/cutover-dashboard.json',
        'package/monitors/grafana/cutover-dashboard.ja.json',
        'package/monitors/deploy/cutover-monitor.service',
        'package/monitors/deploy/kubernetes.yaml',
        'package/monitors/deploy/Dockerfile',
      ]),
    );
    expect(
      files.filter((file) => /^package\/(src|test|bench|reports|examples|scripts)\//.test(file)),
    ).toEqual([]);
    const manifest = JSON.parse(
      await readFile(join(project, 'node_modules', 'cutover', 'package.json'), 'utf8'),
    );
    expect(manifest.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    // Packing put the checkout's own package.json back.
    expect(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).exports['.']).toBe(
      './src/index.ts',
    );
  });

  it('init writes the starter, and refuses to overwrite it the second time, exit 2', async () => {
    const first = await sh('npx', ['cutover', 'init'], project);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /wrote cutover\.config\.ts\nwrote scenarios\/ac-01-inquiry\.yaml\nwrote playwright\.config\.mts/,
    );
    expect(first.stdout).toMatch(/cutover\.config\.ts:\d+: your own site/);
    const config = await readFile(join(project, 'cutover.config.ts'), 'utf8');
    await writeFile(join(project, 'cutover.config.ts'), `${config}// edited by us\n`);

    const again = await sh('npx', ['cutover', 'init'], project);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/ {2}exists {2}cutover\.config\.ts\n[\s\S]*Nothing was written/);
    expect(await readFile(join(project, 'cutover.config.ts'), 'utf8')).toMatch(/edited by us\n$/);
  });

  it('validate reads the project’s config, scenarios and monitors, its types resolving from the package', async () => {
    await mkdir(join(project, 'monitors'));
    await writeFile(
      join(project, 'monitors', 'demo.yaml'),
      'target: demo\nscenarios: [AC-01]\ninterval: 5m\nlisten: 127.0.0.1:0\n',
    );
    const result = await sh('npx', ['cutover', 'validate'], project);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✓ cutover\.config\.ts: 1 target, 1 scenario, 1 monitor — valid/);
    // The config's `import { defineConfig, env } from 'cutover'` is typed by the package's declarations.
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const types = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2023',
      '--types',
      'node',
      '--typeRoots',
      join(root, 'node_modules', '@types'),
    ];
    const checked = await sh(process.execPath, [tsc, ...types, 'cutover.config.ts'], project);
    expect(checked.stdout + checked.stderr).toBe('');
    await writeFile(
      join(project, 'wrong.ts'),
      "import { defineConfig } from 'cutover';\nexport default defineConfig({ forms: {}, targets: { a: { url: 1 } } });\n",
    );
    const wrong = await sh(process.execPath, [tsc, ...types, 'wrong.ts'], project);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2322/);
    await rm(join(project, 'wrong.ts'));
  });

  it('uat runs the pack on the demo world and writes the acceptance report into the project', async () => {
    const result = await sh('npx', ['cutover', 'uat'], project);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ demo +AC-01/);
    const report = await readReport(join(project, 'reports', 'acceptance', 'report.json'));
    expect(report.cases.map((c) => [c.target.name, c.scenario.id, c.verdict])).toEqual([
      ['demo', 'AC-01', 'passed'],
    ]);
    expect(await readdir(join(project, 'reports', 'acceptance'))).toEqual(
      expect.arrayContaining(['index.html', 'junit.xml', 'report.json']),
    );
  }, 170_000);

  it('Playwright Test runs the pack from the project, through the Playwright config init wrote', async () => {
    await rm(join(project, 'reports'), { recursive: true, force: true });
    const result = await sh('npx', ['playwright', 'test'], project);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = await readReport(join(project, 'reports', 'acceptance', 'report.json'));
    expect(report.cases.map((c) => [c.target.name, c.scenario.id, c.verdict])).toEqual([
      ['demo', 'AC-01', 'passed'],
    ]);
  }, 170_000);

  it('from an empty project: init URL drafts the pack from the live demo form (the renewal’s /inquiry/); validate and uat pass on it', async () => {
    const world = await startDemoWorld({ defects: false });
    try {
      const firstRun = join(scratch, 'first-run');
      await mkdir(firstRun);
      expect((await sh(npm, ['init', '-y'], firstRun)).code).toBe(0);
      // The same installed package (node_modules of the project above), nothing of the repository.
      await symlink(join(project, 'node_modules'), join(firstRun, 'node_modules'), 'dir');
      const init = await sh('npx', ['cutover', 'init', `${world.urls.renewal}/inquiry/`], firstRun);
      expect(init.code, init.stdout + init.stderr).toBe(0);
      expect(init.stdout).toMatch(/wrote cutover\.config\.ts/);
      expect(init.stdout).toMatch(/TODOs? to fill in/);
      const validate = await sh('npx', ['cutover', 'validate'], firstRun);
      expect(validate.code, validate.stdout + validate.stderr).toBe(0);
      const uat = await sh('npx', ['cutover', 'uat'], firstRun);
      expect(uat.code, uat.stdout + uat.stderr).toBe(0);
      const report = await readReport(join(firstRun, 'reports', 'acceptance', 'report.json'));
      expect(report.cases.length).toBeGreaterThanOrEqual(4);
      expect(report.cases.every((c) => c.verdict === 'passed')).toBe(true);
      // Nothing was submitted by init itself: only uat's own (cleaned-up) cases reached the world.
      const again = await sh('npx', ['cutover', 'init', `${world.urls.renewal}/inquiry/`], firstRun);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/ {2}exists {2}cutover\.config\.ts\n/);
    } finally {
      await world.stop();
    }
  }, 340_000);

  it('the monitor runs one cycle of the project’s monitor file', async () => {
    const result = await sh('npx', ['cutover', 'monitor', '--once'], project);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/one cycle of demo \(AC-01\) from monitors\/demo\.yaml/);
  }, 170_000);

  it('init monitor writes the ops files for the project’s monitor, and they work as written', async () => {
    // The monitor file of the validate test above, on a fixed port as a deployment has it.
    const port = await freePort();
    await writeFile(
      join(project, 'monitors', 'demo.yaml'),
      `target: demo\nscenarios: [AC-01]\ninterval: 5m\nlisten: 127.0.0.1:${port}\n`,
    );
    const init = await sh(
      'npx',
      ['cutover', 'init', 'monitor', '--external-url', 'https://cutover.example.com/oncall/'],
      project,
    );
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const ops = join(project, 'monitors', 'ops');
    expect(init.stdout).toContain('wrote monitors/ops/deploy/cutover-monitor.service');
    // promtool and amtool on what was written, from where it was written.
    const rules = join(ops, 'prometheus');
    for (const [command, args, cwd] of [
      ['promtool', ['check', 'rules', 'alerts.rules.yml', 'sales-sla.rules.yml'], rules],
      ['promtool', ['test', 'rules', 'alerts.test.yml', 'alerts-1s.test.yml', 'sales-sla.test.yml'], rules],
      ['promtool', ['check', 'config', 'prometheus.yml'], rules],
      ['amtool', ['check-config', 'alertmanager.yml'], join(ops, 'alertmanager')],
    ] as const) {
      const checked = await sh(command, [...args], cwd);
      expect(
        checked.code,
        `${command} ${args.join(' ')} (install: apt-get install --no-install-recommends prometheus prometheus-alertmanager)\n${checked.stdout}${checked.stderr}`,
      ).toBe(0);
    }
    // Adjusted to the project: its monitor file and port, its directory, the installed package.
    expect(await readFile(join(rules, 'prometheus.yml'), 'utf8')).toContain(`targets: ['127.0.0.1:${port}']`);
    const unit = await readFile(join(ops, 'deploy', 'cutover-monitor.service'), 'utf8');
    const setting = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(unit)?.[1];
    expect(setting('WorkingDirectory')).toBe(project);
    expect(setting('ExecStart')).toBe(
      `${project}/node_modules/.bin/cutover monitor --json --external-url https://cutover.example.com/oncall monitors/demo.yaml`,
    );
    expect(setting('KillMode')).toBe('mixed');
    expect(setting('Restart')).toBe('on-failure');
    expect(Number(setting('TimeoutStopSec'))).toBeGreaterThan(30); // the default --grace
    const kubernetes = await readFile(join(ops, 'deploy', 'kubernetes.yaml'), 'utf8');
    expect(kubernetes).toContain("command: ['node_modules/.bin/cutover']");
    expect(kubernetes).toContain(
      `args: ['monitor', '--json', '--listen', '0.0.0.0:${port}', '--external-url', 'https://cutover.example.com/oncall', 'monitors/demo.yaml']`,
    );
    expect(kubernetes).toMatch(/livenessProbe:\n\s+httpGet:\n\s+path: \/healthz/);
    expect(kubernetes).toContain('secretRef:');
    const dockerfile = await readFile(join(ops, 'deploy', 'Dockerfile'), 'utf8');
    const playwright = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).dependencies.playwright;
    expect(dockerfile).toContain(`FROM mcr.microsoft.com/playwright:v${playwright}-noble`);

    // The unit's command line, run as written (one cycle: --once) in its working directory.
    const [command, ...args] = setting('ExecStart')!.split(' ');
    const cycle = await sh(command!, [...args, '--once'], setting('WorkingDirectory')!);
    expect(cycle.code, cycle.stdout + cycle.stderr).toBe(0);
    expect(cycle.stdout).toMatch(/"event":"case".*"verdict":"passed"/);

    // Again: every file is in the way, each listed, nothing written, exit 2.
    await writeFile(join(ops, 'prometheus', 'alerts.rules.yml'), '# ours\n');
    const again = await sh('npx', ['cutover', 'init', 'monitor'], project);
    expect(again.code).toBe(2);
    expect(again.stderr.match(/ {2}exists {2}monitors\/ops\//g)).toHaveLength(12);
    expect(again.stderr).toContain('Nothing was written.');
    expect(await readFile(join(ops, 'prometheus', 'alerts.rules.yml'), 'utf8')).toBe('# ours\n');

    // In Japanese, from the installed package: the Japanese templates named, the dashboard's
    // Japanese titles, and the files still pass promtool and amtool as written.
    const ja = await sh('npx', ['cutover', 'init', 'monitor', '--lang', 'ja', '--force'], project);
    expect(ja.code, ja.stdout + ja.stderr).toBe(0);
    expect(ja.stdout).toContain('Japanese (--lang ja)');
    expect(await readFile(join(ops, 'alertmanager', 'alertmanager.yml'), 'utf8')).toContain(
      '{{ template "cutover.ja.email.html" . }}',
    );
    const dashboard = JSON.parse(await readFile(join(ops, 'grafana', 'cutover-dashboard.json'), 'utf8'));
    expect(dashboard.title).toBe('cutover — 問い合わせフォーム監視');
    for (const [command, args, cwd] of [
      ['promtool', ['test', 'rules', 'alerts.test.yml', 'alerts-1s.test.yml', 'sales-sla.test.yml'], rules],
      ['amtool', ['check-config', 'alertmanager.yml'], join(ops, 'alertmanager')],
    ] as const) {
      const checked = await sh(command, [...args], cwd);
      expect(checked.code, `${command} ${args.join(' ')}\n${checked.stdout}${checked.stderr}`).toBe(0);
    }
  }, 170_000);
});
