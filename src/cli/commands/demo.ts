import { join } from 'node:path';
import { loadProject } from '../../config/index.ts';
import { type DemoWorld, startDemoWorld } from '../../demo/index.ts';
import { type AcceptanceReport, diffReports, readReport } from '../../report/index.ts';
import { ENV } from '../../uat/env.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint, printProblems } from '../output.ts';
import { PACKAGE_ROOT, runPlaywright } from '../playwright-run.ts';
import { writeDiff } from './diff.ts';
import { monitorCommand } from './monitor.ts';

/** cutover's own config and pack for the embedded demo world, wherever cutover is run from. */
const DEMO_CONFIG = join(PACKAGE_ROOT, 'cutover.config.ts');
const DEMO_SCENARIOS = join(PACKAGE_ROOT, 'scenarios');

/**
 * What the parity diff must find on the renewal build with its planted defects
 * (src/demo/README.md, "Planted renewal defects"): a scenario and the check that catches it.
 */
export const PLANTED_REGRESSIONS = [
  {
    defect: 'D1',
    scenario: 'AC-01',
    check: 'notification',
    what: 'the notification mail lost the 電話番号 line',
  },
  {
    defect: 'D1',
    scenario: 'AC-05',
    check: 'notification',
    what: 'the notification mail lost the 電話番号 line',
  },
  // AC-06 asserts nothing about the phone number: only the parity diff sees D1 there.
  { defect: 'D1', scenario: 'AC-06', check: 'notification', what: 'the same, seen by the parity diff alone' },
  { defect: 'D2', scenario: 'AC-01', check: 'crm', what: 'UTM values are not forwarded to the CRM' },
  { defect: 'D3', scenario: 'AC-01', check: 'analytics', what: 'generate_lead is fired twice' },
  { defect: 'D4', scenario: 'AC-05', check: 'crm', what: 'full-width 電話番号 reaches the CRM unnormalised' },
] as const;

export interface DemoOptions {
  clean?: boolean;
  serve?: boolean;
  monitor?: boolean;
  out: string;
  workers?: string;
}

/**
 * `cutover demo`: the main job on the embedded demo world — the pack on legacy and on renewal
 * through the same Playwright Test path as `cutover uat`, both acceptance reports, and the
 * parity diff. Exit 0 when the run found exactly what the demo documents (the planted defects,
 * or nothing with --clean); 1 when it found anything else; 3 when it could not run.
 */
export async function demoCommand(options: DemoOptions, output: Output): Promise<ExitCode> {
  if (options.serve) return serve(options, output);
  if (options.monitor) {
    // The renewal as launched, its planted defects fixed: on-call sees a green monitor, switches
    // a fault on and watches the metrics move.
    return monitorCommand(
      [join(PACKAGE_ROOT, 'monitors', 'demo-renewal.yaml')],
      {
        config: DEMO_CONFIG,
        scenarios: DEMO_SCENARIOS,
        interval: '15s',
        job: 'cutover',
        grace: '30s',
      },
      output,
    );
  }
  const project = await loadProject({ config: DEMO_CONFIG, scenarios: DEMO_SCENARIOS, monitors: false });
  if (!project.ok) {
    printProblems(output, project.problems);
    return EXIT.invalid;
  }
  const world = await startDemoWorld({ defects: !options.clean });
  const renewal = options.clean
    ? 'renewal (clean: planted defects off)'
    : 'renewal (with its planted defects D1–D4)';
  output.out(`Demo world up: legacy ${world.urls.legacy}, ${renewal} ${world.urls.renewal}`);
  const reports: Partial<Record<'legacy' | 'renewal', AcceptanceReport>> = {};
  try {
    for (const target of ['legacy', 'renewal'] as const) {
      output.out(`\nRunning the pack on ${target} …`);
      const reportDir = join(options.out, target);
      const exit = await runPlaywright({
        targets: [target],
        reportDir,
        config: DEMO_CONFIG,
        scenarios: DEMO_SCENARIOS,
        workers: options.workers ?? '3',
        progress: true,
        env: { [ENV.demo]: JSON.stringify({ urls: world.urls, crmToken: world.crmToken }) },
      });
      if (exit === EXIT.interrupted || exit === EXIT.terminated) return exit;
      reports[target] = await readReport(join(reportDir, 'report.json')).catch(() => undefined);
      if (!reports[target]) {
        output.err(`cutover demo: the run on ${target} wrote no acceptance report`);
        return EXIT.broken;
      }
    }
  } finally {
    await world.stop();
  }
  return summarise(reports.legacy!, reports.renewal!, options, output);
}

async function summarise(
  legacy: AcceptanceReport,
  renewal: AcceptanceReport,
  options: DemoOptions,
  output: Output,
): Promise<ExitCode> {
  output.out('\nParity diff legacy → renewal:');
  const diff = diffReports(legacy, renewal, {
    baselineFile: join(options.out, 'legacy', 'report.json'),
    candidateFile: join(options.out, 'renewal', 'report.json'),
  });
  await writeDiff(diff, { out: options.out }, output);

  const found = new Set(
    diff.differences.filter((d) => d.kind === 'regression').map((d) => `${d.scenario} ${d.check}`),
  );
  const expected = options.clean ? [] : PLANTED_REGRESSIONS;
  const expectedKeys = new Set(expected.map((p) => `${p.scenario} ${p.check}`));
  const missed = expected.filter((p) => !found.has(`${p.scenario} ${p.check}`));
  const unexpected = [...found].filter((key) => !expectedKeys.has(key));
  const legacyClean = legacy.summary.verdicts.failed + legacy.summary.verdicts.error === 0;

  output.out('\nSummary');
  for (const report of [legacy, renewal]) {
    const v = report.summary.verdicts;
    output.out(
      `  ${report.run.targets[0]?.name.padEnd(8)} ${report.summary.cases} cases: ${v.passed} passed, ${v.failed} failed, ${v.error} error`,
    );
  }
  if (!options.clean) {
    output.out('  Planted renewal defects caught by the parity diff:');
    for (const p of expected) {
      const mark = found.has(`${p.scenario} ${p.check}`)
        ? paint(output, 'green', '✓')
        : paint(output, 'red', '✗');
      output.out(`    ${mark} ${p.defect} ${p.scenario} ${p.check.padEnd(12)} ${p.what}`);
    }
  }
  output.out('  Files:');
  output.out(
    `    ${join(options.out, 'legacy', 'index.html')}   acceptance report, legacy (also report.json, junit.xml)`,
  );
  output.out(`    ${join(options.out, 'renewal', 'index.html')}  acceptance report, renewal`);
  output.out(`    ${join(options.out, 'diff.html')}            parity diff (also diff.json, diff.txt)`);

  const surprises = [
    ...(legacyClean ? [] : ['the legacy build did not pass every check']),
    ...missed.map((p) => `planted defect ${p.defect} was not flagged on ${p.scenario} ${p.check}`),
    ...unexpected.map((key) => `unexpected regression on ${key}`),
  ];
  if (surprises.length === 0) {
    output.out(
      options.clean
        ? '\nAs documented: no regressions on the clean renewal.'
        : '\nAs documented: every planted defect, and nothing else.',
    );
    return EXIT.ok;
  }
  for (const s of surprises) output.err(`cutover demo: ${s}`);
  return EXIT.failed;
}

async function serve(options: DemoOptions, output: Output): Promise<ExitCode> {
  const world = await startDemoWorld({ defects: !options.clean });
  printWorld(world, output);
  output.out('\nPress Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await world.stop();
  output.out('Demo world stopped.');
  return EXIT.ok;
}

function printWorld(world: DemoWorld, output: Output): void {
  const { urls } = world;
  const rows: Array<[string, string]> = [
    ['legacy form', `${urls.legacy}/contact/`],
    [`renewal form${world.defects ? ' (defects D1–D4 on)' : ''}`, `${urls.renewal}/inquiry/`],
    ['mail catcher (Mailpit API)', `${urls.mailpit}/api/v1/messages`],
    ['SMTP', `${world.smtp.host}:${world.smtp.port}`],
    ['CRM (HubSpot API)', `${urls.crm}/crm/v3/objects/contacts   (Authorization: Bearer ${world.crmToken})`],
    ['analytics collector', `${urls.analytics}/hits`],
    ['faults (admin)', `${urls.admin}/faults`],
  ];
  output.out('cutover demo world');
  for (const [name, url] of rows) output.out(`  ${name.padEnd(34)} ${url}`);
}
