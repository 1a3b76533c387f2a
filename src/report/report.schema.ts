import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CaseResult, CheckName, Verdict } from '../scenario/case-result.ts';
import { CHECK_NAMES } from '../scenario/case-result.ts';
import {
  caseResultSchema,
  checkNameSchema,
  targetSchema,
  timestampSchema,
  verdictSchema,
} from './case-result.schema.ts';

/**
 * The version of the report.json format; bumped on any change a reader must know about.
 * 2: every check carries its findings (structured: aspect, kind, expected, actual), which the
 * parity diff reads; 1 had only the reason sentences.
 */
export const REPORT_SCHEMA_VERSION = 2;
export const REPORT_SCHEMA_ID = 'https://cutover.dev/schemas/report.schema.json';

const VERDICTS = verdictSchema.options;
const count = z.number().int().nonnegative();
const verdictCounts = z.record(verdictSchema, count);

/**
 * The acceptance report (report.json): run metadata, a summary, and every CaseResult. This zod
 * schema is the source of truth; the JSON Schema ({@link reportJsonSchema}) is generated from it.
 */
export const reportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.object({ name: z.literal('cutover'), version: z.string() }),
    run: z.object({
      id: z.string(),
      startedAt: timestampSchema,
      endedAt: timestampSchema,
      durationMs: z.number().nonnegative(),
      configFile: z.string(),
      configHash: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .meta({ description: 'SHA-256 (hex) of the config file text.' }),
      targets: z.array(targetSchema),
      shards: z.number().int().positive().optional(),
    }),
    summary: z.object({
      cases: count,
      verdicts: verdictCounts,
      checks: z.partialRecord(checkNameSchema, verdictCounts),
    }),
    cases: z.array(caseResultSchema),
  })
  .meta({ title: 'cutover acceptance report (report.json)' });

export type AcceptanceReport = z.infer<typeof reportSchema>;
export type ReportTarget = AcceptanceReport['run']['targets'][number];
export type ReportSummary = AcceptanceReport['summary'];

/** The JSON Schema of report.json, for tools that read reports without cutover. */
export function reportJsonSchema(): Record<string, unknown> {
  // The input side leaves objects open (no additionalProperties: false), as the zod schema is:
  // a reader ignores keys it does not know, and schemaVersion says when the meaning changed.
  const schema = z.toJSONSchema(reportSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: REPORT_SCHEMA_ID,
    title: 'cutover acceptance report (report.json)',
    description:
      'Every case run of one UAT run: per-check verdicts, findings (what a failed check found wrong, as data), reasons, delays and evidence. Written by cutover; index.html and junit.xml are rendered from it.',
  };
}

/** What the caller knows about the run; the summary is computed from the cases. */
export interface ReportMeta {
  /** cutover's version (package.json). */
  version: string;
  /** Defaults to a random UUID. */
  id?: string;
  startedAt: Date | string;
  endedAt: Date | string;
  /** The config file as given on the command line, e.g. `cutover.config.ts`. */
  configFile: string;
  /** SHA-256 hex of the config file text; see {@link hashText}. */
  configHash: string;
  /** The targets of the run; defaults to the targets of the cases, in the order first seen. */
  targets?: ReportTarget[];
  /** Number of shards merged into this report, when the run was sharded. */
  shards?: number;
}

/** SHA-256 hex of a text or of bytes, e.g. of the config file (configHash) or report.json. */
export function hashText(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Builds the acceptance report from the case runs: the summary is counted here, never by the
 * caller, so it cannot disagree with the cases.
 *
 * @example
 * const report = buildReport(cases, {
 *   version: '0.1.0', startedAt, endedAt: new Date(),
 *   configFile: 'cutover.config.ts', configHash: hashText(readFileSync('cutover.config.ts', 'utf8')),
 * });
 */
export function buildReport(cases: CaseResult[], meta: ReportMeta): AcceptanceReport {
  const startedAt = toIso(meta.startedAt);
  const endedAt = toIso(meta.endedAt);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cutover', version: meta.version },
    run: {
      id: meta.id ?? randomUUID(),
      startedAt,
      endedAt,
      durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)),
      configFile: meta.configFile,
      configHash: meta.configHash,
      targets: meta.targets ?? targetsOf(cases),
      ...(meta.shards === undefined ? {} : { shards: meta.shards }),
    },
    summary: summarise(cases),
    cases,
  };
}

/** Counts per case verdict and per check × verdict. */
export function summarise(cases: readonly CaseResult[]): ReportSummary {
  const verdicts = zeroCounts();
  const checks = Object.fromEntries(CHECK_NAMES.map((name) => [name, zeroCounts()])) as Record<
    CheckName,
    Record<Verdict, number>
  >;
  for (const c of cases) {
    verdicts[c.verdict] += 1;
    for (const check of c.checks) checks[check.check][check.verdict] += 1;
  }
  return { cases: cases.length, verdicts, checks };
}

function zeroCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
}

function targetsOf(cases: readonly CaseResult[]): ReportTarget[] {
  const seen = new Map<string, ReportTarget>();
  for (const c of cases) if (!seen.has(c.target.name)) seen.set(c.target.name, { ...c.target });
  return [...seen.values()];
}

function toIso(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}
