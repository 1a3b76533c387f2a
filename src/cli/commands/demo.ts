import { join } from 'node:path';
import { launchChromiumServer } from '../../browser/index.ts';
import { loadProject } from '../../config/index.ts';
import {
  type DemoWorld,
  PLANTED_DEFECTS,
  PLANTED_EMBEDDED_DEFECTS,
  startDemoWorld,
} from '../../demo/index.ts';
import { ownFile } from '../../foundation/index.ts';
import { type AcceptanceReport, diffReports } from '../../report/index.ts';
import { ENV } from '../../uat/env.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint, printProblems, printWarnings } from '../output.ts';
import { PACKAGE_ROOT } from '../playwright-run.ts';
import { outputDirProblem, printUsage, removeFiles, type UsageProblem, workersProblem } from '../usage.ts';
import { judgeByFindings, judgeDemo } from './demo-judge.ts';
import { writeDiff } from './diff.ts';
import { monitorCommand } from './monitor.ts';
import { runAndJudgeRun } from './uat.ts';

/** cutover's own config and pack for the embedded demo world, wherever cutover is run from. */
const DEMO_CONFIG = join(PACKAGE_ROOT, ownFile('cutover.config.ts'));
const DEMO_SCENARIOS = join(PACKAGE_ROOT, 'scenarios');
/** Where `cutover demo` writes both reports and the parity diff unless `--out` says otherwise. */
export const DEMO_OUT = 'reports/demo';
/** Parallel browsers per build; the two builds run at the same time. */
const DEMO_WORKERS = '3';

export interface DemoOptions {
  clean?: boolean;
  serve?: boolean;
  monitor?: boolean;
  /** With --monitor: where /metrics listens (default the demo monitor file's 127.0.0.1:9464). */
  listen?: string;
  /** With --monitor: real visitors per hour, around the clock (default: business hours in Japan time). */
  realTraffic?: string;
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
        listen: options.listen,
        realTraffic: options.realTraffic,
        job: 'cutover',
        grace: '30s',
      },
      output,
    );
  }
  const usage = [workersProblem(options.workers), await outputDirProblem('--out', options.out)].filter(
    (p): p is UsageProblem => p !== undefined,
  );
  if (usage.length > 0) {
    printUsage(output, 'demo', usage);
    return EXIT.invalid;
  }
  const project = await loadProject({ config: DEMO_CONFIG, scenarios: DEMO_SCENARIOS, monitors: false });
  if (!project.ok) {
    printProblems(output, project.problems);
    return EXIT.invalid;
  }
  if (project.warnings.length > 0) printWarnings(output, project.warnings);
  // This run's reports and diff only: nothing an earlier run left in --out can decide the exit code.
  await removeFiles(options.out, ['diff.txt', 'diff.html', 'diff.json']);
  const world = await startDemoWorld({ defects: !options.clean });
  const renewal = options.clean
    ? 'renewal (clean: planted defects off)'
    : 'renewal (with its planted defects D1–D4)';
  output.out(`Demo world up: legacy ${world.urls.legacy}, ${renewal} ${world.urls.renewal}`);
  output.out(
    `  and embedded ${world.urls.embedded}/quote/ (the お見積り依頼 form in a cross-origin iframe from ${world.urls.forms}${options.clean ? '' : ', with its planted defects D5–D9'})`,
  );
  const reports: Partial<Record<DemoTarget, AcceptanceReport>> = {};
  // One Chromium for every worker of both runs: one browser start instead of six.
  const browser = await launchChromiumServer().catch(async (error: unknown) => {
    await world.stop();
    throw error;
  });
  try {
    // Both builds at once: each case mostly waits on downstream systems (SLAs, absence windows),
    // so the two Playwright runs overlap well even on two cores.
    output.out('\nRunning the pack on legacy, renewal and embedded at once …');
    const targets = DEMO_TARGETS;
    const runs = await Promise.all(
      targets.map((target) =>
        runAndJudgeRun(
          {
            targets: [target],
            reportDir: join(options.out, target),
            config: DEMO_CONFIG,
            scenarios: DEMO_SCENARIOS,
            workers: options.workers ?? DEMO_WORKERS,
            progress: true,
            env: {
              [ENV.demo]: JSON.stringify({ urls: world.urls, crmToken: world.crmToken }),
              [ENV.browser]: browser.wsEndpoint(),
            },
          },
          output,
        ),
      ),
    );
    for (const run of runs) {
      if (run.code === EXIT.interrupted || run.code === EXIT.terminated) return run.code;
    }
    for (const [i, run] of runs.entries()) {
      const target = targets[i]!;
      // Failed checks are what the demo is about; a run that did not end cleanly is not.
      if (!run.complete || !run.report) {
        output.err(`cutover demo: the run on ${target} did not complete`);
        return run.code === EXIT.invalid ? EXIT.invalid : EXIT.broken;
      }
      reports[target] = run.report;
    }
  } finally {
    await browser.close().catch(() => undefined);
    await world.stop();
  }
  return summarise(reports.legacy!, reports.renewal!, reports.embedded!, options, output);
}

/** The builds `cutover demo` runs the pack on; the embedded build has scenarios of its own (EM-…). */
const DEMO_TARGETS = ['legacy', 'renewal', 'embedded'] as const;
type DemoTarget = (typeof DEMO_TARGETS)[number];

async function summarise(
  legacy: AcceptanceReport,
  renewal: AcceptanceReport,
  embedded: AcceptanceReport,
  options: DemoOptions,
  output: Output,
): Promise<ExitCode> {
  output.out('\nParity diff legacy → renewal:');
  const diff = diffReports(legacy, renewal, {
    baselineFile: join(options.out, 'legacy', 'report.json'),
    candidateFile: join(options.out, 'renewal', 'report.json'),
  });
  await writeDiff(diff, { out: options.out }, output);

  // What the demo world plants (src/demo/defects.ts), judged on the diff and the findings.
  const { catches, surprises } = judgeDemo({
    legacy,
    renewal,
    diff,
    planted: options.clean ? [] : PLANTED_DEFECTS,
  });
  // The embedded build has no baseline: its scenarios' own checks must catch its defects.
  const embeddedJudged = judgeByFindings({
    report: embedded,
    planted: options.clean ? [] : PLANTED_EMBEDDED_DEFECTS,
  });
  surprises.push(...embeddedJudged.surprises);

  output.out('\nSummary');
  for (const report of [legacy, renewal, embedded]) {
    const v = report.summary.verdicts;
    output.out(
      `  ${report.run.targets[0]?.name.padEnd(8)} ${report.summary.cases} cases: ${v.passed} passed, ${v.failed} failed, ${v.error} error`,
    );
  }
  if (!options.clean) {
    output.out('  Planted renewal defects caught by the parity diff:');
    for (const { planted: p, caught } of catches) {
      const mark = caught ? paint(output, 'green', '✓') : paint(output, 'red', '✗');
      output.out(`    ${mark} ${p.defect} ${p.scenario} ${p.check.padEnd(12)} ${p.what}`);
    }
    output.out('  Planted embedded defects caught by the scenarios’ own checks:');
    for (const { planted: p, caught } of embeddedJudged.catches) {
      const mark = caught ? paint(output, 'green', '✓') : paint(output, 'red', '✗');
      output.out(`    ${mark} ${p.defect} ${p.scenario} ${p.check.padEnd(12)} ${p.what}`);
    }
  }
  output.out('  Files:');
  output.out(
    `    ${join(options.out, 'legacy', 'index.html')}   acceptance report, legacy (also report.json, junit.xml)`,
  );
  output.out(`    ${join(options.out, 'renewal', 'index.html')}  acceptance report, renewal`);
  output.out(`    ${join(options.out, 'embedded', 'index.html')} acceptance report, embedded`);
  output.out(`    ${join(options.out, 'diff.html')}            parity diff (also diff.json, diff.txt)`);

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
    [`embedded quote form${world.defects ? ' (defects D5–D9 on)' : ''}`, `${urls.embedded}/quote/`],
    ['form vendor (the iframe’s origin)', `${urls.forms}/f/quote/`],
    ['mail catcher (Mailpit API)', `${urls.mailpit}/api/v1/messages`],
    ['SMTP', `${world.smtp.host}:${world.smtp.port}`],
    ['CRM (HubSpot API)', `${urls.crm}/crm/v3/objects/contacts   (Authorization: Bearer ${world.crmToken})`],
    ['analytics collector', `${urls.analytics}/hits`],
    ['faults (admin)', `${urls.admin}/faults`],
  ];
  output.out('cutover demo world');
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, url] of rows) output.out(`  ${name.padEnd(width)} ${url}`);
}
