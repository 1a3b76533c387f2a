import { Command, CommanderError, Option } from 'commander';
import { LANGS } from '../foundation/i18n/index.ts';
import { debugEnabled, ownPackage } from '../foundation/index.ts';
import { DEFAULT_REPORT_DIR } from '../uat/env.ts';
import { cleanupCommand } from './commands/cleanup.ts';
import { DEMO_OUT, demoCommand } from './commands/demo.ts';
import { diffCommand } from './commands/diff.ts';
import { doctorCommand } from './commands/doctor.ts';
import { initCommand } from './commands/init.ts';
import { initMonitorCommand } from './commands/init-monitor.ts';
import { probeNames } from './commands/init-probes.ts';
import { mergeCommand } from './commands/merge.ts';
import {
  DEFAULT_EVIDENCE_DIR,
  DEFAULT_EVIDENCE_KEEP,
  DEFAULT_EVIDENCE_MAX_AGE,
} from './commands/monitor/evidence.ts';
import { monitorCommand } from './commands/monitor.ts';
import { reportCommands } from './commands/report.ts';
import { schemaCommand } from './commands/schema.ts';
import { showReportCommand } from './commands/show-report.ts';
import { uatCommand } from './commands/uat.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { langOption } from './lang-option.ts';
import { type Output, processOutput } from './output.ts';

/** Runs the `cutover` command line and returns the exit code (see exit-codes.ts). */
export async function main(argv: string[], output: Output = processOutput()): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = commandLine(output, (exit) => {
    code = exit;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    output.err(`cutover: ${error instanceof Error ? error.message : String(error)}`);
    if (debugEnabled() && error instanceof Error && error.stack) output.err(error.stack);
    return EXIT.broken;
  }
  return code;
}

/**
 * Every command and option of `cutover`, as commander data: main() runs it, and the README's
 * command table is checked against it (test/cli/readme-commands.test.ts).
 */
export function commandLine(output: Output, done: (code: ExitCode) => void): Command {
  const program = new Command('cutover')
    .description(
      'Prove, case by case and with evidence, that every inquiry still reaches mail, CRM and analytics.',
    )
    .version(ownPackage().version, '-V, --version', 'print cutover’s version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) })
    .showHelpAfterError('(run cutover --help for usage)')
    .option('--debug', 'print stack traces of unexpected errors, here and in Playwright (or DEBUG=cutover)')
    .hook('preAction', (command) => {
      if (command.opts().debug) process.env.CUTOVER_DEBUG = '1';
    });

  const projectOptions = (command: Command) =>
    command
      .option('-c, --config <file>', 'the config file', 'cutover.config.ts')
      .option('--scenarios <dir>', 'the scenario directory (default: scenarios/ next to the config file)')
      .option('--monitors <dir>', 'the monitor directory (default: monitors/ next to the config file)');

  projectOptions(
    program
      .command('validate')
      .description('check the config, every scenario and monitor; list every problem'),
  )
    .option('--json', 'print the result as JSON')
    .option('--strict', 'warnings (expectations that cannot fail) are errors too: exit 2, for CI')
    .action(async (options) => {
      done(
        await validateCommand(
          { config: options.config, scenarios: options.scenarios, monitors: options.monitors },
          { json: options.json, strict: options.strict },
          output,
        ),
      );
    });

  program
    .command('demo')
    .description(
      'start the demo world, run the pack on legacy and renewal, write both reports and the parity diff',
    )
    .option('--clean', 'run against the clean renewal (planted defects off): no regressions')
    .option('--serve', 'only start the demo world, print its URLs and wait for Ctrl-C')
    .option(
      '--monitor',
      'start the demo world and the monitor on the renewal build (every 15 s); switch faults and watch /metrics',
    )
    .option('--listen <host:port>', 'with --monitor: where /metrics listens (default 127.0.0.1:9464)')
    .option(
      '--real-traffic <per-hour>',
      'with --monitor: real visitors per hour around the clock (default: business hours in Japan time)',
    )
    .option('--out <dir>', 'where the reports and the diff go', DEMO_OUT)
    .option('--workers <n>', 'parallel browsers per run (default 3)')
    .addOption(langOption())
    .action(async (options) => {
      done(await demoCommand(options, output));
    });

  projectOptions(
    program
      .command('uat')
      .description('run the scenario pack through Playwright Test (one project per target)'),
  )
    .option('-t, --target <name...>', 'targets to run (default: every non-production target)')
    .option('-g, --grep <regexp>', 'only scenarios whose id or title matches')
    .option('--production', 'allow production targets (only scenarios marked production: true run there)')
    .option('--shard <i/n>', 'run one shard of the pack, e.g. 1/3 (merge with cutover merge)')
    .option('--workers <n>', 'parallel browsers')
    .option('--headed', 'show the browser')
    .option('--report-dir <dir>', 'where the acceptance report goes', DEFAULT_REPORT_DIR)
    .addOption(langOption())
    .action(async (options) => {
      done(await uatCommand(options, output));
    });

  projectOptions(
    program
      .command('monitor')
      .description(
        'repeat the scenarios of monitor files every interval, serve Prometheus metrics (/metrics, /healthz) and keep the evidence of failed runs (/runs)',
      )
      .argument('[files...]', 'monitor files (default: every .yaml directly in --monitors)'),
  )
    .option(
      '--listen <host:port>',
      'where /metrics, /healthz and /runs listen (default: the first file’s listen)',
    )
    .option('--interval <duration>', 'run a cycle this often instead of each file’s interval, e.g. 30s')
    .option('--once', 'run one cycle and exit with its status (for cron jobs)')
    .option('--pushgateway <url>', 'with --once: push the metrics to this Prometheus Pushgateway')
    .option('--job <name>', 'the Pushgateway job name', 'cutover')
    .option('--json', 'log JSON lines (one per case run and event) instead of text')
    .option(
      '--token-env <name>',
      'environment variable holding the token /metrics and /runs require, as a Bearer token or a Basic password (default: CUTOVER_METRICS_TOKEN, if set)',
    )
    .option(
      '--grace <duration>',
      'on SIGTERM/SIGINT, how long the running case may finish before it is cancelled',
      '30s',
    )
    .option(
      '--evidence-dir <dir>',
      `where each failed or errored case run keeps its page, JSON, screenshot and trace (and each scenario its last passing run), served at /runs (default: the first file’s evidence.dir, else "${DEFAULT_EVIDENCE_DIR}")`,
    )
    .option(
      '--evidence-keep <n>',
      `failed or errored runs kept at most, the oldest go first (default: evidence.keep, else ${DEFAULT_EVIDENCE_KEEP})`,
    )
    .option(
      '--evidence-max-age <period>',
      `how long a failed or errored run is kept, e.g. 7d, 36h (default: evidence.maxAge, else ${DEFAULT_EVIDENCE_MAX_AGE})`,
    )
    .option('--no-evidence', 'keep no evidence of case runs (and serve no /runs)')
    .option(
      '--external-url <url>',
      'the address people reach this monitor by, for the links in the log and in alerts (default: the first file’s externalUrl, else the listen address)',
    )
    .addOption(langOption('language of the evidence pages (/runs)'))
    .option('--defects', 'demo world only: keep the renewal build’s planted defects on')
    .option(
      '--real-traffic <per-hour>',
      'demo world only, with a watch: real visitors per hour, around the clock (default: business hours in Japan time)',
    )
    .action(async (files: string[], options) => {
      done(await monitorCommand(files, options, output));
    });

  reportCommands(program, output, done);

  program
    .command('cleanup')
    .description(
      'find what cutover runs left behind (items carrying a marker) on each target’s mail and CRM; --yes deletes them by id',
    )
    .option('-c, --config <file>', 'the config file', 'cutover.config.ts')
    .option('-t, --target <name...>', 'targets to sweep (default: every non-production target)')
    .option('--since <period>', 'how far back: "7d", "36h", "90m", or a date like 2026-11-20', '7d')
    .option('--yes', 'delete what was found (default: a dry run that only lists)')
    .option('--production', 'allow production targets')
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      done(await cleanupCommand(options, output));
    });

  program
    .command('merge')
    .description('merge the blob reports of a sharded run into one acceptance report')
    .argument('<blob-dir>', 'the directory holding every shard’s report-*.zip')
    .option('--report-dir <dir>', 'where the merged acceptance report goes', DEFAULT_REPORT_DIR)
    .option('-c, --config <file>', 'the config file (for its hash in the report)', 'cutover.config.ts')
    .action(async (blobDir, options) => {
      done(await mergeCommand(blobDir, options, output));
    });

  program
    .command('diff')
    .description('parity diff of two acceptance reports — or of two targets, run now')
    .argument('<baseline>', 'the reference: a report (report.json or its directory) or a target, e.g. legacy')
    .argument('<candidate>', 'compared with it: a report or a target, e.g. staging')
    .option('--baseline-target <name>', 'the target to compare when the baseline report holds several')
    .option('--candidate-target <name>', 'the target to compare when the candidate report holds several')
    .option('--out <dir>', 'also write diff.txt, diff.html and diff.json there')
    .option('--json', 'print JSON instead of the table')
    .addOption(langOption())
    .action(async (baseline, candidate, options) => {
      done(await diffCommand(baseline, candidate, options, output));
    });

  program
    .command('show-report')
    .description(
      'serve the last acceptance report on 127.0.0.1 and open it in the browser, like npx playwright show-report; Ctrl-C stops',
    )
    .argument(
      '[dir]',
      `a report directory, its report.json or index.html (default: the newest of ${DEFAULT_REPORT_DIR} and ${DEMO_OUT})`,
    )
    .option('--port <n>', 'the port to listen on (default: a free one)')
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--no-open', 'only print the URL; do not open a browser (none opens where there is no desktop)')
    .option('--print', 'print the report’s summary — cases, verdicts, where the HTML is — instead of serving')
    .addOption(langOption())
    .action(async (dir, options) => {
      done(await showReportCommand(dir, options, output));
    });

  program
    .command('schema')
    .description('print the JSON Schemas of the config, of scenario and monitor files and of report.json')
    .argument('[name]', 'config, scenario, monitor or report (default: all)')
    .option('--write <dir>', 'write <name>.schema.json files into a directory instead')
    .action(async (name, options) => {
      done(await schemaCommand(name, options, output));
    });

  const init = program
    .command('init')
    .argument('[url]', 'the live form page (staging) to draft the config and a starter pack from')
    .description(
      'write a commented cutover.config.ts, scenarios and playwright.config.ts into this project (drafted from a live form when given its URL)',
    )
    .option(
      '--force',
      'replace those files if they exist (default: refuse, listing every file it would write)',
    )
    .option(
      '--probe-submit',
      'with a URL: submit the form once with a marked synthetic identity to learn its last step and success page, then delete what it created with the target’s probes (or print the cutover cleanup command)',
    )
    .option(
      '--all',
      'with a URL: draft every case init can (one rejection per required field, full-width input) instead of the small pack',
    )
    .option(
      '--notification <probes>',
      `the site’s notification system(s), comma-separated: ${probeNames('notification')}, or none`,
    )
    .option('--crm <probe>', `the site’s CRM: ${probeNames('crm')}, or none`)
    .option(
      '--analytics <probes>',
      `the site’s analytics, comma-separated: ${probeNames('analytics')}, or none`,
    )
    .option(
      '-y, --yes',
      'never ask (as when no terminal is attached): what the flags do not say stays a TODO',
    )
    .addHelpText(
      'after',
      `
In a terminal, init asks which notification system, CRM and analytics the site uses and the
options each needs (Enter keeps the example; secrets are drafted as env('NAME')); the flags
answer those questions, --yes asks none.

The small pack: an inquiry with UTM parameters, an invalid email, a missing required field,
missing consent (when the form has a consent box) and a resubmission (one CRM record, updated).

Examples:
  npx cutover init                                    a starter that passes on the demo world
  npx cutover init https://stg.example.co.jp/contact/ --probe-submit
  npx cutover init https://stg.example.co.jp/contact/ --notification imap --crm hubspot --analytics ga4,datalayer --yes`,
    )
    .action(async (url, options) => {
      done(await initCommand(url, options, output));
    });

  projectOptions(
    init
      .command('monitor')
      .description(
        'write the ops files for the project’s monitors into monitors/ops/: alert rules with promtool tests, Alertmanager config and templates, Grafana dashboard, systemd unit, Kubernetes manifests, Dockerfile',
      ),
  )
    .option(
      '--dir <path>',
      'where the project lives on the monitor’s host (the systemd unit’s directory; default: here)',
    )
    .option(
      '--external-url <url>',
      'the address people reach the monitor by: alert links to evidence and runbooks',
    )
    .addOption(
      new Option(
        '--lang <lang>',
        'language of the alert e-mails, Slack messages and dashboard titles: ja or en (default: report.lang of the config, then LC_ALL/LANG)',
      ).choices(LANGS),
    )
    .option(
      '--force',
      'replace those files if they exist (default: refuse, listing every file it would write)',
    )
    .action(async (options, command: Command) => {
      // `init` has a --force of its own, and commander gives a parent's option to the parent
      // wherever it stands: `init monitor --force` arrives there.
      const force = Boolean(options.force || command.parent?.opts().force);
      done(await initMonitorCommand({ ...options, force }, output));
    });

  program
    .command('doctor')
    .description('find the browser and the tools cutover uses; --install gets a browser where it can')
    .option('--install', 'install Chromium if none is found')
    .option(
      '--tests',
      'with --install: also the servers the tests use (Dovecot, Prometheus, Alertmanager, Pushgateway)',
    )
    .addOption(new Option('--browser <path>', 'use this Chromium/Chrome executable').env('CUTOVER_CHROMIUM'))
    .action(async (options) => {
      done(await doctorCommand(options, output));
    });

  return program;
}
