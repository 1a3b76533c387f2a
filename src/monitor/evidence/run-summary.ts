import { z } from 'zod';
import { en } from '../../foundation/i18n/index.ts';
import { verdictSchema } from '../../report/case-result.schema.ts';
import { type CaseResult, checkLabel } from '../../scenario/case-result.ts';
import { RUN_ID_PATTERN } from './run-id.ts';

/**
 * What the run list needs of one kept case run, written next to its page as run.json: the index
 * of the evidence directory is rebuilt from these when a monitor starts.
 */
export const runSummarySchema = z.strictObject({
  id: z.string().regex(RUN_ID_PATTERN),
  target: z.string(),
  scenario: z.string(),
  title: z.string(),
  verdict: verdictSchema,
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }),
  /** What went wrong, in one line: each failed or errored check with its reason. */
  summary: z.string(),
  /** Of a run that did not pass: the last passing run of its target and scenario when it was kept. */
  lastPassed: z.string().regex(RUN_ID_PATTERN).optional(),
  screenshot: z.boolean(),
  trace: z.boolean(),
});

export type RunSummary = z.infer<typeof runSummarySchema>;

/** The files of a run's folder, the only names served from it. */
export const RUN_FILES = {
  page: 'index.html',
  result: 'result.json',
  summary: 'run.json',
  screenshot: 'screenshot.png',
  trace: 'trace.zip',
} as const;

/** Whether a run's evidence is kept as a failure (its trace too); a pass is kept only as the last one. */
export function keptAsFailure(result: Pick<CaseResult, 'verdict'>): boolean {
  return result.verdict === 'failed' || result.verdict === 'error';
}

/**
 * "notification failed: … · crm error: …"; of a passed run, "every check passed": run.json's
 * summary, in the English the check's reasons are stored in (the pages render theirs from the data).
 */
export function failureSummary(result: CaseResult): string {
  const w = en.runPages;
  const bad = result.checks.filter((c) => c.verdict === 'failed' || c.verdict === 'error');
  if (bad.length === 0) return result.verdict === 'skipped' ? w.everyCheckSkipped : w.everyCheckPassed;
  return bad.map((c) => `${w.checkWent(checkLabel(c), c.verdict)} ${c.reason}`).join(' · ');
}

export function runSummary(
  id: string,
  result: CaseResult,
  files: { screenshot: boolean; trace: boolean; lastPassed?: string },
): RunSummary {
  return {
    id,
    target: result.target.name,
    scenario: result.scenario.id,
    title: result.scenario.title,
    verdict: result.verdict,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    summary: failureSummary(result),
    ...(files.lastPassed ? { lastPassed: files.lastPassed } : {}),
    screenshot: files.screenshot,
    trace: files.trace,
  };
}
