import type { CaseResult } from '../../scenario/case-result.ts';
import { CHECK_NAMES } from '../../scenario/case-result.ts';
import type { AcceptanceReport } from '../report.schema.ts';
import { compareCase } from './compare-case.ts';
import {
  type DiffCheck,
  type DiffCounts,
  type Difference,
  type DiffOptions,
  type DiffResult,
  type DiffSide,
  DiffUsageError,
  PER_PAGE_EVENTS,
} from './diff-types.ts';

/**
 * The parity diff: the same scenarios on two targets, compared check by check after the
 * run-specific values are normalised. Cases are paired by scenario id; when a report holds more
 * than one target, the options name the one to compare (the same report may be passed twice).
 *
 * @example
 * const result = diffReports(await readReport('legacy/report.json'), await readReport('renewal/report.json'));
 * process.stdout.write(renderDiffText(result));
 * process.exitCode = diffExitCode(result);
 *
 * @throws DiffUsageError when a report holds several targets and none is named, or the named one is absent.
 */
export function diffReports(
  baseline: AcceptanceReport,
  candidate: AcceptanceReport,
  options: DiffOptions = {},
): DiffResult {
  const baseTarget = pickTarget(baseline, options.baselineTarget, 'baseline');
  const candTarget = pickTarget(candidate, options.candidateTarget, 'candidate');
  const bCases = casesOf(baseline, baseTarget);
  const cCases = casesOf(candidate, candTarget);
  const ids = [...new Set([...bCases.keys(), ...cCases.keys()])].sort((x, y) =>
    x.localeCompare(y, 'en', { numeric: true }),
  );
  const ctx = {
    baseline: baseTarget,
    candidate: candTarget === baseTarget ? `${candTarget} (candidate)` : candTarget,
    perPage: new Set(options.perPageEvents ?? PER_PAGE_EVENTS),
    template: options.template,
    m: options.messages,
  };
  const differences = ids.flatMap((id) => compareCase(bCases.get(id), cCases.get(id), ctx));
  return {
    schemaVersion: 2,
    baseline: side(baseline, baseTarget, bCases, options.baselineFile),
    candidate: side(candidate, candTarget, cCases, options.candidateFile),
    scenarios: {
      compared: ids.filter((id) => bCases.has(id) && cCases.has(id)),
      onlyInBaseline: ids.filter((id) => !cCases.has(id)),
      onlyInCandidate: ids.filter((id) => !bCases.has(id)),
    },
    summary: summarise(differences),
    differences,
    verdicts: ids.map((id) => {
      const b = bCases.get(id);
      const c = cCases.get(id);
      return {
        scenario: id,
        title: (b ?? c)!.scenario.title,
        baseline: b?.verdict ?? null,
        candidate: c?.verdict ?? null,
      };
    }),
  };
}

/** 1 when the candidate regressed on anything, else 0 (the CLI's exit code for `cutover diff`). */
export function diffExitCode(result: Pick<DiffResult, 'differences'>): 0 | 1 {
  return result.differences.some((d) => d.kind === 'regression') ? 1 : 0;
}

function pickTarget(report: AcceptanceReport, named: string | undefined, role: string): string {
  const names = [
    ...new Set([...report.run.targets.map((t) => t.name), ...report.cases.map((c) => c.target.name)]),
  ];
  if (named !== undefined) {
    if (names.includes(named)) return named;
    throw new DiffUsageError(
      `the ${role} report has no target ${JSON.stringify(named)}; it holds ${names.map((n) => JSON.stringify(n)).join(', ') || 'no target'}`,
    );
  }
  if (names.length === 1) return names[0]!;
  if (names.length === 0) throw new DiffUsageError(`the ${role} report holds no case run to compare`);
  throw new DiffUsageError(
    `the ${role} report holds targets ${names.map((n) => JSON.stringify(n)).join(', ')}; name the one to compare (${role}Target)`,
  );
}

/** One case per scenario: when a scenario ran more than once (a retry), the last run counts. */
function casesOf(report: AcceptanceReport, target: string): Map<string, CaseResult> {
  const out = new Map<string, CaseResult>();
  for (const c of report.cases) if (c.target.name === target) out.set(c.scenario.id, c);
  return out;
}

function side(
  report: AcceptanceReport,
  target: string,
  cases: Map<string, CaseResult>,
  file: string | undefined,
): DiffSide {
  const url =
    report.run.targets.find((t) => t.name === target)?.url ?? cases.values().next().value?.target.url;
  return {
    target,
    url: url ?? '',
    runId: report.run.id,
    startedAt: report.run.startedAt,
    version: report.tool.version,
    ...(file === undefined ? {} : { file }),
  };
}

function summarise(differences: Difference[]): DiffResult['summary'] {
  const zero = (): DiffCounts => ({ regressions: 0, changes: 0 });
  const byCheck = Object.fromEntries(['case', ...CHECK_NAMES].map((c) => [c, zero()])) as Record<
    DiffCheck,
    DiffCounts
  >;
  const total = zero();
  for (const d of differences) {
    const key = d.kind === 'regression' ? 'regressions' : 'changes';
    total[key] += 1;
    byCheck[d.check][key] += 1;
  }
  return { ...total, byCheck };
}
