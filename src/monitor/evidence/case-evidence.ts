import type { CaseResult } from '../../scenario/case-result.ts';
import type { CaseRequest } from '../../scenario/case-runner.ts';
import type { EvidenceStore, PendingRun } from './evidence-store.ts';
import { keptAsFailure } from './run-summary.ts';

/** Where a monitor keeps its runs' evidence, and the address of a kept run's page. */
export interface MonitorEvidence {
  store: EvidenceStore;
  /** The page of a kept run as people reach it (--external-url); none when the monitor serves no pages. */
  runUrl?: (id: string) => string;
}

/** What a case run was told, so that its evidence is recorded; and how to keep it afterwards. */
export interface CaseEvidenceRecorder {
  /** The request's screenshot folder and trace, for the case runner. */
  request: Pick<CaseRequest, 'artifactsDir' | 'trace'>;
  /** Keeps the evidence the result calls for: what the log line carries about it, if it was kept as a failure. */
  keep(result: CaseResult): Promise<{ run: string; url?: string } | undefined>;
}

/**
 * One case's evidence: a staging folder for its screenshot and trace (the trace is saved only
 * when the case did not pass), then the store keeps a failure, or a pass as the last one.
 * Trouble with the evidence directory never stops the case: it is told to `onError` and the
 * case runs without (or loses) its evidence.
 */
export async function recordCaseEvidence(
  evidence: MonitorEvidence,
  target: string,
  scenario: string,
  onError: (message: string) => void,
): Promise<CaseEvidenceRecorder> {
  const failed = (what: string) => (error: unknown) => {
    onError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  };
  const pending: PendingRun | undefined = await evidence.store
    .begin(target, scenario)
    .catch(failed('cannot prepare the evidence of this case'));
  if (!pending) return { request: {}, keep: async () => undefined };
  return {
    request: {
      artifactsDir: pending.dir,
      trace: (result) => (keptAsFailure(result) ? pending.trace : undefined),
    },
    async keep(result) {
      const kept = await evidence.store
        .finish(pending, result)
        .catch(failed(`cannot keep the evidence of run ${pending.id}`));
      if (!kept || kept.verdict === 'passed') return undefined;
      return { run: kept.id, ...(evidence.runUrl ? { url: evidence.runUrl(kept.id) } : {}) };
    },
  };
}
