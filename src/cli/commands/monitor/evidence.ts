import { resolve } from 'node:path';
import { boundSecretsOf, type CutoverConfig, reportSettings } from '../../../config/index.ts';
import { parsePeriod, type Secret } from '../../../foundation/index.ts';
import type { MonitorPlan } from '../../../monitor/index.ts';
import { createEvidenceStore, type EvidenceStore } from '../../../monitor/index.ts';
import type { Output } from '../../output.ts';
import type { MonitorCommandOptions } from './options.ts';

export const DEFAULT_EVIDENCE_DIR = '.cutover/monitor-evidence';
export const DEFAULT_EVIDENCE_KEEP = '200';
export const DEFAULT_EVIDENCE_MAX_AGE = '7d';

export type EvidenceOptions = Pick<
  MonitorCommandOptions,
  'evidence' | 'evidenceDir' | 'evidenceKeep' | 'evidenceMaxAge' | 'externalUrl' | 'lang'
>;

/**
 * The evidence settings and the external URL: the flags, else the first monitor file's `evidence`
 * and `externalUrl` (like `listen`, they are the process's), else the defaults.
 */
export function evidenceOptions(options: EvidenceOptions, plans: readonly MonitorPlan[]): EvidenceOptions {
  const file = plans[0]?.definition;
  return {
    evidence: options.evidence,
    evidenceDir: options.evidenceDir ?? file?.evidence?.dir,
    evidenceKeep: options.evidenceKeep ?? file?.evidence?.keep?.toString(),
    evidenceMaxAge: options.evidenceMaxAge ?? file?.evidence?.maxAge,
    externalUrl: options.externalUrl ?? file?.externalUrl,
    lang: options.lang,
  };
}

/**
 * The evidence directory (--evidence-dir, from the project directory), opened before anything is
 * submitted: what an earlier monitor kept is listed again, what the bounds no longer allow is
 * deleted. Its pages are in the language and time zone of the config's `report` settings (or
 * --lang). Undefined with --no-evidence; `false` once a directory that cannot be written is printed.
 */
export async function openEvidence(
  options: EvidenceOptions,
  config: CutoverConfig,
  secrets: readonly Secret[],
  output: Output,
): Promise<EvidenceStore | undefined | false> {
  if (options.evidence === false) return undefined;
  const dir = resolve(options.evidenceDir ?? DEFAULT_EVIDENCE_DIR);
  const { messages, timeZone } = reportSettings(config, options.lang);
  const store = createEvidenceStore({
    dir,
    keep: Number(options.evidenceKeep ?? DEFAULT_EVIDENCE_KEEP),
    maxAgeMs: parsePeriod(options.evidenceMaxAge ?? DEFAULT_EVIDENCE_MAX_AGE)!,
    // The config's own secrets and those cutover bound while resolving it (the demo CRM token).
    secrets: [...new Set([...secrets, ...boundSecretsOf(config)])],
    pages: { m: messages, timeZone },
  });
  try {
    await store.open();
    return store;
  } catch (error) {
    output.err(
      `cutover monitor: --evidence-dir: cannot keep evidence in ${dir}: ${error instanceof Error ? error.message : String(error)} (choose another directory, or --no-evidence)`,
    );
    return false;
  }
}

/** --evidence-keep and --evidence-max-age, checked with the rest of the command line. */
export function evidenceUsageProblems(
  options: Pick<MonitorCommandOptions, 'evidenceKeep' | 'evidenceMaxAge'>,
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const keep = options.evidenceKeep;
  if (keep !== undefined && !(/^\d+$/.test(keep) && Number(keep) >= 1 && Number(keep) <= 100_000))
    problems.push({
      path: '--evidence-keep',
      message: `expected how many failed runs to keep, a whole number from 1 to 100000 like "200", got "${keep}"`,
    });
  const age = options.evidenceMaxAge;
  const ms = age === undefined ? undefined : parsePeriod(age);
  if (age !== undefined && (ms === undefined || ms < 60_000 || ms > 366 * 86_400_000))
    problems.push({
      path: '--evidence-max-age',
      message: `expected how long to keep a failed run, from 1m to 366d like "7d" or "36h", got "${age}"`,
    });
  return problems;
}
