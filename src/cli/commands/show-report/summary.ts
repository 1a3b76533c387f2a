import { join } from 'node:path';
import { en, type Messages } from '../../../foundation/i18n/index.ts';
import { formatDuration, formatProblems, InvalidInputError } from '../../../foundation/index.ts';
import { html } from '../../../report/html/escape.ts';
import { type AcceptanceReport, formatTime, REPORT_FILES, readReport } from '../../../report/index.ts';
import type { CaseResult } from '../../../scenario/case-result.ts';
import { progressLines } from '../../../uat/acceptance-reporter.ts';
import type { ReportLocation } from './locate.ts';

/** One report of a location, read through the report reader: the report, or why it cannot be read. */
export interface LoadedReport {
  /** Relative to the location's directory: '' for the directory itself. */
  at: string;
  report?: AcceptanceReport;
  problem?: string;
}

export async function loadReports(location: ReportLocation): Promise<LoadedReport[]> {
  return Promise.all(
    location.reports.map(async (at) => {
      try {
        return { at, report: await readReport(join(location.dir, at, REPORT_FILES.json)) };
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return { at, problem: formatProblems(error.problems) };
      }
    }),
  );
}

/** "legacy: 6 cases: 6 passed, 0 failed, 0 error" — as `cutover demo` sums a run up. */
export function countsLine(report: AcceptanceReport, m: Messages = en): string {
  const v = report.summary.verdicts;
  const targets = report.run.targets.map((t) => t.name).join(', ');
  return m.run.counts(targets, report.summary.cases, v.passed, v.failed, v.error, v.skipped);
}

/**
 * `cutover show-report --print`: per report, where its HTML is, the run, the counts and one line
 * per case as `cutover uat` printed it (a failed case: each check's verdict and reason); then the
 * parity diff and Playwright's own report when they are there.
 */
export function printedSummary(
  location: ReportLocation,
  loaded: LoadedReport[],
  settings: { messages: Messages; timeZone: string } = { messages: en, timeZone: 'UTC' },
): string[] {
  const { messages: m, timeZone } = settings;
  const lines: string[] = [];
  for (const { at, report } of loaded) {
    const dir = join(location.dir, at);
    lines.push(m.run.printedReport(join(dir, REPORT_FILES.html)));
    if (!report) {
      lines.push(`  ${m.run.unreadable(join(dir, REPORT_FILES.json))}`);
      continue;
    }
    const { run } = report;
    lines.push(
      `  ${m.run.runLine(formatTime(run.startedAt, timeZone), formatDuration(run.durationMs), report.tool.version, run.configFile, run.shards)}`,
    );
    lines.push(`  ${countsLine(report, m)}`);
    for (const c of report.cases) lines.push(...progressLines(c as CaseResult, m).map((line) => `  ${line}`));
    lines.push(`  ${m.run.alsoFiles(join(dir, REPORT_FILES.json), join(dir, REPORT_FILES.junit))}`);
  }
  if (location.diff) lines.push(m.run.parityDiff(join(location.dir, location.diff)));
  if (location.playwright) lines.push(m.run.playwrightReport(join(location.dir, location.playwright)));
  return lines;
}

/** What the served directory holds, as URLs, under the "Serving …" line. */
export function servedLines(location: ReportLocation, loaded: LoadedReport[], url: string): string[] {
  const rows: Array<[string, string]> = [];
  if (location.diff) rows.push([`${url}${location.diff}`, 'parity diff']);
  for (const { at, report, problem } of loaded) {
    const page = at ? `${url}${encodeURI(at)}/` : url;
    rows.push([page, report ? countsLine(report) : `${REPORT_FILES.json} cannot be read: ${problem}`]);
  }
  if (location.playwright) rows.push([`${url}${location.playwright}`, "Playwright's report and traces"]);
  if (rows.length <= 1 && !location.page) return rows.map(([, what]) => `  ${what}`);
  const width = Math.max(...rows.map(([u]) => u.length));
  return rows.map(([u, what]) => `  ${u.padEnd(width)}  ${what}`);
}

/**
 * The page at `/` of a directory that holds several reports (`cutover demo`'s legacy/ and
 * renewal/ with the parity diff): a link to each, with its counts. No script, nothing fetched.
 */
export function indexPage(location: ReportLocation, loaded: LoadedReport[]): string {
  const items = [
    location.diff
      ? html`<li><a href="${location.diff}">Parity diff</a> <span class="muted">${location.diff}</span></li>`
      : '',
    ...loaded.map(
      ({ at, report, problem }) =>
        html`<li><a href="${encodeURI(at)}/">${at}/</a> — ${report ? `${countsLine(report)} · ${formatTime(report.run.startedAt)}` : `report.json cannot be read: ${problem}`}</li>`,
    ),
  ];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cutover reports — ${location.dir}</title>
<style>body{font:15px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}.muted{color:#666}li{margin:.3rem 0}</style>
</head>
<body>
<h1>cutover reports</h1>
<p class="muted">${location.dir}</p>
<ul>
${items}
</ul>
</body>
</html>
`.value;
}
