import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the report a run replaces is kept: beside the new one, in its report directory. */
export const PREVIOUS_REPORT_DIR = 'report.prev';

/** What an acceptance report directory holds of one report: what moves to report.prev/ as a whole. */
export const REPORT_ENTRIES = ['report.json', 'index.html', 'junit.xml', 'report.pdf', 'evidence'] as const;

/**
 * Before a run writes a report into `dir`, the report already there moves to `dir/report.prev/`
 * (replacing the one kept there before), so a signed-off report is never lost to the next run —
 * only to the one after. Nothing moves when `dir` holds no report. Returns where it went.
 */
export async function keepPreviousReport(dir: string): Promise<string | undefined> {
  const present = new Set(await readdir(dir).catch(() => [] as string[]));
  const entries = REPORT_ENTRIES.filter((name) => present.has(name));
  if (!entries.includes('report.json')) {
    // Parts without a report.json are no report anyone signed: cleared, not kept.
    await Promise.all(entries.map((name) => rm(join(dir, name), { recursive: true, force: true })));
    return undefined;
  }
  const previous = join(dir, PREVIOUS_REPORT_DIR);
  await rm(previous, { recursive: true, force: true });
  await mkdir(previous, { recursive: true });
  for (const name of entries) await rename(join(dir, name), join(previous, name));
  return previous;
}
