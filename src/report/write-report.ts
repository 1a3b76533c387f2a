import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Lang } from '../foundation/i18n/index.ts';
import { InvalidInputError, parseWith } from '../foundation/problems.ts';
import type { CaseResult } from '../scenario/case-result.ts';
import { renderReportHtml } from './html/report-html.ts';
import { renderJunit } from './junit.ts';
import { type AcceptanceReport, hashText, reportSchema } from './report.schema.ts';

export interface WriteReportOptions {
  /** Language of index.html's words (default en); report.json is the same in every language. */
  lang?: Lang;
  /** IANA time zone index.html shows times in (default UTC); every time names its zone. */
  timeZone?: string;
  /** Heading of index.html (default "Acceptance report"). */
  title?: string;
}

/** Paths of the files written, and the SHA-256 of report.json that index.html and junit.xml quote. */
export interface WrittenReport {
  json: string;
  html: string;
  junit: string;
  sha256: string;
}

export const REPORT_FILES = { json: 'report.json', html: 'index.html', junit: 'junit.xml' } as const;

/**
 * Writes report.json (the source of truth), then index.html and junit.xml rendered from it, into
 * `dir`. The report is validated first: a reporter bug must not produce a file a client signs.
 * Screenshots named in the evidence (relative to `dir`) are inlined into index.html.
 *
 * @example
 * const { html, sha256 } = await writeReport('cutover-report', buildReport(cases, meta));
 */
export async function writeReport(
  dir: string,
  report: AcceptanceReport,
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const checked = parseWith(reportSchema, report, `${join(dir, REPORT_FILES.json)} (to be written)`);
  if (!checked.ok) throw new InvalidInputError(checked.problems);
  await mkdir(dir, { recursive: true });
  const bytes = Buffer.from(`${JSON.stringify(checked.value, null, 2)}\n`, 'utf8');
  const sha256 = hashText(bytes);
  const paths = {
    json: join(dir, REPORT_FILES.json),
    html: join(dir, REPORT_FILES.html),
    junit: join(dir, REPORT_FILES.junit),
  };
  const images = await loadScreenshots(dir, checked.value);
  await writeAtomically(paths.json, bytes);
  await writeAtomically(
    paths.html,
    renderReportHtml(checked.value, {
      sha256,
      images,
      lang: options.lang,
      timeZone: options.timeZone,
      title: options.title,
    }),
  );
  await writeAtomically(paths.junit, renderJunit(checked.value, { sha256 }));
  return { ...paths, sha256 };
}

/** A reader (a CI artifact upload, a browser) never sees half a file. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/**
 * data: URIs of the outcome screenshots. Only image files inside the report directory are read:
 * a report file is input too, and must not pull arbitrary files of the machine into a page.
 */
export async function loadScreenshots(dir: string, report: AcceptanceReport): Promise<Map<string, string>> {
  return loadCaseScreenshots(dir, report.cases);
}

/** The same for any case results whose screenshot paths are relative to `dir` (a monitor's run folder). */
export async function loadCaseScreenshots(
  dir: string,
  cases: readonly CaseResult[],
): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  const root = resolve(dir);
  for (const c of cases) {
    for (const check of c.checks) {
      const shot = check.evidence?.kind === 'submit' ? check.evidence.screenshot : undefined;
      if (!shot || images.has(shot)) continue;
      const file = resolve(root, shot);
      const inside = relative(root, file);
      if (inside.startsWith('..') || isAbsolute(inside)) continue;
      const bytes = await readFile(file).catch(() => undefined);
      const mime = bytes && imageType(bytes);
      if (bytes && mime) images.set(shot, `data:${mime};base64,${bytes.toString('base64')}`);
    }
  }
  return images;
}

/** Sniffed from the bytes, not the name: only real PNG, JPEG and WebP images are inlined. */
function imageType(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return undefined;
}
