import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { launchChromium } from '../../browser/index.ts';
import type { Lang } from '../../foundation/i18n/index.ts';
import { formatProblems, InvalidInputError } from '../../foundation/index.ts';
import {
  escapeHtml,
  hashText,
  loadScreenshots,
  parseReport,
  REPORT_FILES,
  renderReportHtml,
} from '../../report/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { workingDirReportSettings } from '../report-settings.ts';

/** The PDF's name beside report.json unless `--out` says otherwise. */
export const REPORT_PDF = 'report.pdf';

export interface ReportPdfOptions {
  out?: string;
  lang?: Lang;
}

/**
 * `cutover report pdf <report dir | report.json>`: the acceptance report printed to an A4 PDF by
 * Chromium, for the client's delivery documents (検収). Written beside the report by default.
 */
export async function reportPdfCommand(
  target: string,
  options: ReportPdfOptions,
  output: Output,
): Promise<ExitCode> {
  let json: string;
  try {
    json = (await stat(target)).isDirectory() ? join(target, REPORT_FILES.json) : target;
  } catch {
    output.err(
      `cutover report pdf: ${target}: no such file or directory; expected a report directory or its report.json`,
    );
    return EXIT.invalid;
  }
  const settings = await workingDirReportSettings(options.lang);
  try {
    const pdf = await writeReportPdf(json, {
      out: options.out,
      lang: settings.lang,
      timeZone: settings.timeZone,
    });
    output.out(settings.messages.run.pdfWritten(pdf));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      output.err(formatProblems(error.problems));
      return EXIT.invalid;
    }
    throw error;
  }
}

/**
 * Prints the acceptance report of `reportJson` to an A4 PDF through Chromium's print: the report
 * as index.html shows it (in `lang`, times in `timeZone`), with the print stylesheet — every
 * folded part open, screenshots sized to the page — page numbers "n / N" and the report.json's
 * SHA-256 in every footer, the sign-off block last. Fonts are embedded by Chromium (the Japanese
 * ones from the system's Noto CJK), so the PDF prints the same on any machine. Returns its path.
 *
 * @throws InvalidInputError when the file is not a report this cutover reads.
 */
export async function writeReportPdf(
  reportJson: string,
  options: { out?: string; lang: Lang; timeZone: string; browser?: Browser },
): Promise<string> {
  const bytes = await readFile(reportJson);
  const report = parseReport(bytes.toString('utf8'), reportJson);
  // What is hashed: the report.json file, byte for byte — the value `sha256sum report.json` prints.
  const sha256 = hashText(bytes);
  const dir = dirname(reportJson);
  const page = renderReportHtml(report, {
    sha256,
    images: await loadScreenshots(dir, report),
    lang: options.lang,
    timeZone: options.timeZone,
  });
  const out = resolve(options.out ?? join(dir, REPORT_PDF));
  const browser = options.browser ?? (await launchChromium());
  try {
    // The page's own policy allows no script; opening its folded parts for print is cutover's, not the page's.
    const context = await browser.newContext({
      bypassCSP: true,
      locale: options.lang === 'ja' ? 'ja-JP' : 'en-US',
    });
    try {
      const tab = await context.newPage();
      await tab.setContent(page, { waitUntil: 'load' });
      await tab.emulateMedia({ media: 'print' });
      await tab.evaluate(() => {
        for (const details of document.querySelectorAll('details')) details.open = true;
      });
      await tab.evaluate(() => document.fonts.ready.then(() => undefined));
      await tab.pdf({
        path: out,
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footer(sha256, basename(reportJson)),
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      });
    } finally {
      await context.close();
    }
  } finally {
    if (!options.browser) await browser.close();
  }
  return out;
}

/** Every page: the report.json's SHA-256 (short) on the left, "n / N" on the right. Chromium fills the spans. */
function footer(sha256: string, file: string): string {
  const style =
    'font-size:7px;width:100%;margin:0 12mm;display:flex;justify-content:space-between;color:#57606a;font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif';
  return `<div style='${style}'><span>${escapeHtml(`${file} SHA-256 ${sha256.slice(0, 16)}…`)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}
