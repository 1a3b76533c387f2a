import { access, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { REPORT_FILES } from '../../../report/index.ts';
import { DEFAULT_REPORT_DIR, ENV, reportDirOf } from '../../../uat/env.ts';
import { DEMO_OUT } from '../demo.ts';

/** A directory `cutover show-report` serves, and what is in it. */
export interface ReportLocation {
  /** The directory served, as given (a relative path stays relative, as the user typed it). */
  dir: string;
  /**
   * The acceptance reports in it, relative to `dir`: `''` for the directory itself, else the
   * subdirectories holding one — `cutover demo` and `cutover diff TARGET TARGET` write one per
   * target, with the parity diff beside them.
   */
  reports: string[];
  /** The page to open, relative to `dir`: `''` for its index (index.html, or the page listing its reports). */
  page: string;
  /** Whether `dir` has an index.html of its own; else `/` lists the reports found. */
  hasIndex: boolean;
  /** The parity diff beside the reports (diff.html), when there is one. */
  diff?: string;
  /** Playwright's own HTML report of the run (traces of failures), relative to `dir`, when there is one. */
  playwright?: string;
  /** When the newest report in it was written (ms): with no directory named, the newest place wins. */
  writtenAt: number;
}

/** Where a command writes its report unless told otherwise, and that command. */
export interface ReportPlace {
  dir: string;
  /** The command that writes there, e.g. `cutover uat`. */
  writer: string;
  /** Its flag that names another directory, e.g. `--report-dir`. */
  flag?: string;
}

/**
 * Where the last acceptance report can be, unless a directory is named: where `cutover uat` (and
 * `cutover merge`) write it, where Playwright Test writes it with CUTOVER_REPORT_DIR set (the same
 * resolution as src/uat/playwright-config.ts), and where `cutover demo` writes its two.
 */
export function defaultPlaces(env: NodeJS.ProcessEnv = process.env): ReportPlace[] {
  const places: ReportPlace[] = [
    { dir: DEFAULT_REPORT_DIR, writer: 'cutover uat', flag: '--report-dir' },
    { dir: reportDirOf(env), writer: `npx playwright test (${ENV.reportDir})` },
    { dir: DEMO_OUT, writer: 'cutover demo', flag: '--out' },
  ];
  return places.filter((place, i) => places.findIndex((p) => resolve(p.dir) === resolve(place.dir)) === i);
}

export type Located =
  | { ok: true; location: ReportLocation }
  /** `dir`: the directory that holds no report (for the hint about Playwright's own report). */
  | { ok: false; reason: 'missing' | 'empty' | 'not-a-report'; dir: string };

/**
 * What `path` shows: a report directory (its report.json, or reports one level down), its
 * report.json, or an HTML page in it (index.html, diff.html) — the page is opened, its directory
 * served.
 */
export async function locateReport(path: string): Promise<Located> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return { ok: false, reason: 'missing', dir: path };
  if (info.isDirectory()) return scan(path, '');
  const name = basename(path);
  if (name === REPORT_FILES.json) return scan(dirname(path), '');
  if (info.isFile() && /\.html?$/i.test(name)) {
    return scan(dirname(path), name === REPORT_FILES.html ? '' : name);
  }
  return { ok: false, reason: 'not-a-report', dir: path };
}

/** The newest report among the places cutover writes to; undefined when none holds one. */
export async function locateLastReport(places: ReportPlace[]): Promise<ReportLocation | undefined> {
  let newest: ReportLocation | undefined;
  for (const place of places) {
    const found = await locateReport(place.dir);
    if (found.ok && (!newest || found.location.writtenAt > newest.writtenAt)) newest = found.location;
  }
  return newest;
}

async function scan(dir: string, page: string): Promise<Located> {
  const own = await modifiedAt(join(dir, REPORT_FILES.json));
  const below: Array<{ name: string; at: number }> = [];
  if (own === undefined) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const at = await modifiedAt(join(dir, entry.name, REPORT_FILES.json));
      if (at !== undefined) below.push({ name: entry.name, at });
    }
    below.sort((a, b) => a.name.localeCompare(b.name));
  }
  const indexAt = await modifiedAt(join(dir, REPORT_FILES.html));
  const pageAt = page ? await modifiedAt(join(dir, page)) : undefined;
  const reports = own !== undefined ? [''] : below.map((b) => b.name);
  // A directory is shown when it holds a report, or a page was named, or it has an index page.
  if (reports.length === 0 && pageAt === undefined && indexAt === undefined) {
    return { ok: false, reason: 'empty', dir };
  }
  const diff = (await exists(join(dir, 'diff.html'))) ? 'diff.html' : undefined;
  const playwright =
    own !== undefined && (await exists(join(dir, 'playwright', 'index.html'))) ? 'playwright/' : undefined;
  const writtenAt = Math.max(
    own ?? 0,
    ...below.map((b) => b.at),
    reports.length === 0 ? (pageAt ?? indexAt ?? 0) : 0,
  );
  const hasIndex = indexAt !== undefined;
  return {
    ok: true,
    location: { dir, reports, page, hasIndex, diff, playwright, writtenAt },
  };
}

async function modifiedAt(file: string): Promise<number | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? info.mtimeMs : undefined;
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
