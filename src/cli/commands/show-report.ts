import { join } from 'node:path';
import type { Lang } from '../../foundation/i18n/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { fileExists } from '../playwright-run.ts';
import { workingDirReportSettings } from '../report-settings.ts';
import { printUsage, type UsageProblem } from '../usage.ts';
import { shutdownStack } from './monitor/shutdown.ts';
import { monitorStopSignal } from './monitor/stop-signal.ts';
import {
  defaultPlaces,
  type Located,
  locateLastReport,
  locateReport,
  type ReportLocation,
  type ReportPlace,
} from './show-report/locate.ts';
import { type OpenBrowser, openInBrowser } from './show-report/open-browser.ts';
import { ServeError, startReportServer } from './show-report/report-server.ts';
import { indexPage, loadReports, printedSummary, servedLines } from './show-report/summary.ts';

export interface ShowReportOptions {
  /** Port to listen on (default 0: a free one). */
  port?: string;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Open the desktop's browser (commander's `--no-open` sets false). */
  open?: boolean;
  /** Print the summary instead of serving. */
  print?: boolean;
  /** `--lang`: the language of the printed summary (the served pages are as they were written). */
  lang?: Lang;
  /** Stops the server (tests); default: the process's first SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Opens the URL (tests inject one); default: the desktop's opener, when there is a desktop. */
  openBrowser?: OpenBrowser;
  /** Told the URL once the server listens and all is printed (tests). */
  onReady?: (url: string) => void;
  /** Where the last report is looked for without DIR (default: where uat, Playwright Test and demo write). */
  places?: ReportPlace[];
}

/**
 * `cutover show-report [DIR]`: serves an acceptance report directory on 127.0.0.1, prints the URL
 * and opens the browser where there is a desktop — like `npx playwright show-report` — until
 * Ctrl-C or SIGTERM (exit 0). Without DIR, the newest report of those `cutover uat` and
 * `cutover demo` write. `--print` prints the report's summary instead (CI, SSH). No report: exit 2.
 */
export async function showReportCommand(
  path: string | undefined,
  options: ShowReportOptions,
  output: Output,
): Promise<ExitCode> {
  const host = options.host ?? '127.0.0.1';
  const usage = [portProblem(options.port), hostProblem(host)].filter(
    (p): p is UsageProblem => p !== undefined,
  );
  if (usage.length > 0) {
    printUsage(output, 'show-report', usage, '');
    return EXIT.invalid;
  }
  const places = options.places ?? defaultPlaces();
  let location: ReportLocation | undefined;
  if (path === undefined) {
    location = await locateLastReport(places);
    if (!location) {
      await explainMissing(undefined, places, output);
      return EXIT.invalid;
    }
  } else {
    const found = await locateReport(path);
    if (!found.ok) {
      await explainMissing(found, places, output);
      return EXIT.invalid;
    }
    location = found.location;
  }
  const loaded = await loadReports(location);
  if (options.print) {
    if (loaded.length === 0) {
      output.err(
        `cutover show-report: ${location.dir} holds no report.json: --print reads the acceptance report that cutover uat or cutover demo writes`,
      );
      return EXIT.invalid;
    }
    const settings = await workingDirReportSettings(options.lang);
    for (const line of printedSummary(location, loaded, settings)) output.out(line);
    for (const { problem } of loaded) if (problem) output.err(problem);
    return loaded.every((l) => l.report) ? EXIT.ok : EXIT.invalid;
  }
  return serve(location, loaded, options, { host, port: Number(options.port ?? 0) }, output);
}

async function serve(
  location: ReportLocation,
  loaded: Awaited<ReturnType<typeof loadReports>>,
  options: ShowReportOptions,
  listen: { host: string; port: number },
  output: Output,
): Promise<ExitCode> {
  const shutdown = shutdownStack();
  // Handlers in from the start; out as the last step of the shutdown, so a second Ctrl-C is Node's.
  // Through npx, a SIGTERM may end only the shell npm runs cutover in: its end stops the server too.
  const stop = monitorStopSignal(options.signal ? aborted(options.signal) : undefined, shutdown, () =>
    output.err('cutover show-report: the process that started it (npx, a shell) is gone — stopping'),
  );
  let stopped = false;
  try {
    let server: Awaited<ReturnType<typeof startReportServer>>;
    try {
      server = await startReportServer({
        dir: location.dir,
        host: listen.host,
        port: listen.port,
        index: location.hasIndex ? undefined : async () => indexPage(location, await loadReports(location)),
      });
    } catch (error) {
      if (!(error instanceof ServeError)) throw error;
      output.err(`cutover show-report: ${error.message}`);
      return EXIT.invalid;
    }
    shutdown.push(() => server.close());
    const page = `${server.url}${location.page ? encodeURI(location.page) : ''}`;
    const what = ['', 'the acceptance report ', 'the reports in '][Math.min(location.reports.length, 2)];
    output.out(`Serving ${what}${location.dir} at ${page}`);
    for (const line of servedLines(location, loaded, server.url)) output.out(line);
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(listen.host)) {
      output.out(
        `  listening on ${listen.host}: other machines that reach it can read the report (its cases, markers, mail and CRM evidence)`,
      );
    }
    if (options.open !== false && !stop.requested) {
      const opened = await (options.openBrowser ?? openInBrowser)(page).catch(() => false);
      if (!opened) output.out(noBrowserHint(page));
    }
    output.out('Press Ctrl-C to stop.');
    options.onReady?.(page);
    await stop.stopped;
    stopped = true;
    return EXIT.ok;
  } finally {
    await shutdown.run();
    if (stopped) output.out('Report server stopped.');
  }
}

/**
 * What is missing where, and the command that writes a report there; after an interrupted run,
 * where Playwright's own report of it is.
 */
async function explainMissing(
  found: Exclude<Located, { ok: true }> | undefined,
  places: ReportPlace[],
  output: Output,
): Promise<void> {
  const say = (text: string) => output.err(`cutover show-report: ${text}`);
  if (found?.reason === 'not-a-report') {
    say(
      `${found.dir} is not an acceptance report: expected a report directory, its report.json or an HTML page in it.`,
    );
    return;
  }
  const dirs = found ? [found.dir] : places.map((p) => p.dir);
  if (found?.reason === 'missing') say(`no acceptance report at ${found.dir}: no such file or directory.`);
  else
    say(`no acceptance report in ${dirs.join(' or ')} (no report.json there, nor in a directory under it).`);
  output.err(
    found
      ? `To write one there: ${places
          .filter((p) => p.flag)
          .map((p) => `${p.writer} ${p.flag} ${found.dir}`)
          .join(', or ')}.`
      : `Reports are written by ${places.map((p) => `${p.writer} (into ${p.dir})`).join(' and ')}. Or name one: cutover show-report DIR`,
  );
  for (const dir of dirs) {
    const playwright = join(dir, 'playwright');
    if (await fileExists(join(playwright, 'index.html'))) {
      output.err(
        `Playwright's own report of the last run is there: npx playwright show-report ${playwright}`,
      );
    }
  }
}

/** Where no browser could be opened: open the URL by hand — from another machine over SSH, through a tunnel. */
function noBrowserHint(page: string, env: NodeJS.ProcessEnv = process.env): string {
  const text = 'No desktop browser to open here: open the URL above in a browser.';
  const port = new URL(page).port;
  return env.SSH_CONNECTION
    ? `${text} Over SSH, from your machine: ssh -L ${port}:127.0.0.1:${port} <this host>, then open http://127.0.0.1:${port}/`
    : text;
}

function portProblem(port: string | undefined): UsageProblem | undefined {
  if (port === undefined) return undefined;
  const value = Number(port.trim());
  if (/^\d+$/.test(port.trim()) && value <= 65_535) return undefined;
  return {
    flag: '--port',
    message: `expected a port from 0 to 65535 (0: a free one, the default), got ${JSON.stringify(port)}`,
  };
}

function hostProblem(host: string): UsageProblem | undefined {
  if (host.trim() !== '' && !/[\s/]/.test(host)) return undefined;
  return { flag: '--host', message: `expected an address like 127.0.0.1, got ${JSON.stringify(host)}` };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
