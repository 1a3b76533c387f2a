import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.ts';
import { langOption } from '../lang-option.ts';
import type { Output } from '../output.ts';
import { reportPdfCommand } from './report-pdf.ts';
import { DEFAULT_SLA_REPORT_DIR, reportSlaCommand } from './report-sla.ts';

/**
 * `cutover report …`: documents for people outside the harness, one subcommand each (`sla`,
 * `pdf`; another report adds its own subcommand here).
 */
export function reportCommands(program: Command, output: Output, done: (code: ExitCode) => void): void {
  const report = program
    .command('report')
    .description(
      'documents for the people around the cutover (sales SLA: report sla; the acceptance report as a PDF: report pdf)',
    );
  report
    .command('pdf')
    .description(
      'print an acceptance report to an A4 PDF for sign-off (検収): page numbers, the SHA-256 of report.json, the sign-off block last',
    )
    .argument('<report>', 'a report directory or its report.json')
    .option('--out <file>', 'where the PDF goes (default: report.pdf beside report.json)')
    .addOption(langOption())
    .action(async (dir, options) => {
      done(await reportPdfCommand(dir, options, output));
    });
  report
    .command('sla')
    .description(
      'first response p50/p90 in business hours, SLA breaches, valid share and field completeness of real leads, before and after the cutover: one HTML page + JSON',
    )
    .option('-c, --config <file>', 'the config file', 'cutover.config.ts')
    .option('--monitors <dir>', 'the monitor directory (default: monitors/ next to the config file)')
    .option('-t, --target <name>', 'the target (default: the first monitor file with watch.sla)')
    .option('--since <period>', 'how far back: "2w", "14d", "36h", or a date like 2026-11-20', '2w')
    .option('--cutover <date>', 'the cutover date, e.g. 2026-12-01: the numbers before and after it')
    .option('--out <dir>', 'where sla-<target>.html and .json go', DEFAULT_SLA_REPORT_DIR)
    .option('--json', 'print the summary as JSON')
    .addOption(langOption())
    .action(async (options) => {
      done(await reportSlaCommand(options, output));
    });
}
