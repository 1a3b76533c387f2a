import { join } from 'node:path';
import { launchChromium, launchChromiumServer } from '../../browser/index.ts';
import { loadProject, type ReportSettings, reportSettings } from '../../config/index.ts';
import {
  type DemoWorld,
  PLANTED_DEFECTS,
  PLANTED_EMBEDDED_DEFECTS,
  startDemoWorld,
} from '../../demo/index.ts';
import type { Lang } from '../../foundation/i18n/index.ts';
import { ownFile } from '../../foundation/index.ts';
import type { AcceptanceReport } from '../../report/index.ts';
import { ENV } from '../../uat/env.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint, printProblems, printWarnings } from '../output.ts';
import { PACKAGE_ROOT } from '../playwright-run.ts';
import { outputDirProblem, printUsage, removeFiles, type UsageProblem, workersProblem } from '../usage.ts';
import { judgeByFindings, judgeDemo } from './demo-judge.ts';
import { wordedDiff, writeDiff } from './diff.ts';
import { monitorCommand } from './monitor.ts';
import { REPORT_PDF, writeReportPdf } from './report-pdf.ts';
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
  /** `--lang`: the language of the reports, the diff and this summary. */
  lang?: Lang;
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
        lang: options.lang,
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
  const settings = reportSettings(project.project.config.config, options.lang);
  const m = settings.messages;
  // This run's reports and diff only: nothing an earlier run left in --out can decide the exit code.
  await removeFiles(options.out, ['diff.txt', 'diff.html', 'diff.json']);
  const world = await startDemoWorld({ defects: !options.clean });
  output.out(m.run.demoWorldUp(world.urls.legacy, world.urls.renewal, Boolean(options.clean)));
  output.out(
    `  ${m.run.demoEmbedded(`${world.urls.embedded}/quote/`, world.urls.forms, Boolean(options.clean))}`,
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
    output.out(`\n${m.run.demoRunning}`);
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
            lang: settings.lang,
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
  return summarise(reports.legacy!, reports.renewal!, reports.embedded!, options, settings, output);
}

/** The builds `cutover demo` runs the pack on; the embedded build has scenarios of its own (EM-…). */
const DEMO_TARGETS = ['legacy', 'renewal', 'embedded'] as const;
type DemoTarget = (typeof DEMO_TARGETS)[number];

async function summarise(
  legacy: AcceptanceReport,
  renewal: AcceptanceReport,
  embedded: AcceptanceReport,
  options: DemoOptions,
  settings: ReportSettings,
  output: Output,
): Promise<ExitCode> {
  const m = settings.messages;
  output.out(`\n${m.run.diffHeading('legacy', 'renewal')}`);
  const worded = wordedDiff(
    legacy,
    renewal,
    {
      baselineFile: join(options.out, 'legacy', 'report.json'),
      candidateFile: join(options.out, 'renewal', 'report.json'),
    },
    settings,
  );
  const diff = worded.data;
  await writeDiff(worded, { out: options.out }, output);

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

  output.out(`\n${m.run.summary}`);
  for (const report of [legacy, renewal, embedded]) {
    const v = report.summary.verdicts;
    output.out(
      `  ${m.run.targetCounts(report.run.targets[0]?.name.padEnd(8) ?? '', report.summary.cases, v.passed, v.failed, v.error)}`,
    );
  }
  if (!options.clean) {
    output.out(`  ${m.run.plantedCaught}`);
    for (const { planted: p, caught } of catches) {
      const mark = caught ? paint(output, 'green', '✓') : paint(output, 'red', '✗');
      output.out(`    ${mark} ${p.defect} ${p.scenario} ${p.check.padEnd(12)} ${p.what}`);
    }
    output.out(`  ${m.run.plantedEmbeddedCaught}`);
    for (const { planted: p, caught } of embeddedJudged.catches) {
      const mark = caught ? paint(output, 'green', '✓') : paint(output, 'red', '✗');
      output.out(`    ${mark} ${p.defect} ${p.scenario} ${p.check.padEnd(12)} ${p.what}`);
    }
  }
  const pdfs = await printReports(options.out, settings);
  output.out(`  ${m.run.files}`);
  const files: Array<[string, string]> = [
    ...DEMO_TARGETS.map((target, i): [string, string] => [
      join(options.out, target, 'index.html'),
      m.run.fileReport(target, i === 0),
    ]),
    ...pdfs.map((pdf, i): [string, string] => [pdf, m.run.filePdf(DEMO_TARGETS[i]!)]),
    [join(options.out, 'diff.html'), m.run.fileDiff],
  ];
  const width = Math.max(...files.map(([path]) => path.length));
  for (const [path, what] of files) output.out(`    ${path.padEnd(width)}  ${what}`);
  output.out(`  ${m.run.timesIn(settings.timeZone)}`);

  if (surprises.length === 0) {
    output.out(`\n${options.clean ? m.run.asDocumentedClean : m.run.asDocumented}`);
    return EXIT.ok;
  }
  for (const s of surprises) output.err(`cutover demo: ${s}`);
  return EXIT.failed;
}

/** A PDF of each acceptance report, for sign-off (検収): one browser for all. */
async function printReports(out: string, settings: ReportSettings): Promise<string[]> {
  const browser = await launchChromium();
  try {
    const pdfs: string[] = [];
    for (const target of DEMO_TARGETS) {
      const pdf = join(out, target, REPORT_PDF);
      await writeReportPdf(join(out, target, 'report.json'), { ...settings, out: pdf, browser });
      pdfs.push(pdf);
    }
    return pdfs;
  } finally {
    await browser.close();
  }
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
