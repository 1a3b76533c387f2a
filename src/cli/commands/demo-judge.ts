import type { PlantedCatch } from '../../demo/index.ts';
import type { AcceptanceReport, Difference, DiffResult } from '../../report/index.ts';
import type { CheckResult } from '../../scenario/case-result.ts';
import { aspectPath } from '../../scenario/findings.ts';

/** One planted defect on one scenario and check, and whether the run caught it there. */
export interface CatchVerdict {
  planted: PlantedCatch;
  caught: boolean;
  /** What was not seen, when not caught: "fields.電話番号: no regression". */
  unseen: string[];
}

export interface DemoJudgement {
  catches: CatchVerdict[];
  /** Everything that is not as the demo documents, one line each. */
  surprises: string[];
}

/**
 * Did the demo run find exactly what the demo world plants? It reads structured results only —
 * the parity diff's differences (scenario, check, aspect, values) and the renewal's findings —
 * never a sentence.
 *
 * - A planted catch is caught when every one of its aspects is a regression of its kind in the
 *   diff and, where the scenario's own check is meant to see it, that check has a finding of
 *   that kind on it.
 * - Any other regression is a surprise: one on an aspect nothing planted, or a check that went
 *   from passed to failed (or error) on something besides the planted aspects.
 * - The legacy build must pass every check.
 */
export function judgeDemo(input: {
  legacy: AcceptanceReport;
  renewal: AcceptanceReport;
  diff: DiffResult;
  planted: readonly PlantedCatch[];
}): DemoJudgement {
  const { legacy, renewal, diff, planted } = input;
  const regressions = diff.differences.filter((d) => d.kind === 'regression');
  const checkOf = (scenario: string, check: string): CheckResult | undefined =>
    renewal.cases.findLast((c) => c.scenario.id === scenario)?.checks.find((k) => k.check === check);

  const catches = planted.map((p): CatchVerdict => {
    const unseen: string[] = [];
    for (const aspect of p.aspects) {
      const hits = regressions.filter(
        (d) => d.scenario === p.scenario && d.check === p.check && d.aspect === aspect,
      );
      if (hits.length === 0) unseen.push(`${aspect}: no regression`);
      else if (!hits.every((d) => kindOf(d) === p.kind))
        unseen.push(`${aspect}: a regression, but ${hits.map(kindOf).join(', ')} rather than ${p.kind}`);
      if (p.seenBy === 'check') {
        const found = checkOf(p.scenario, p.check)?.findings ?? [];
        if (!found.some((f) => f.aspect === aspect && f.kind === p.kind))
          unseen.push(`${aspect}: the ${p.check} check has no ${p.kind} finding on it`);
      }
    }
    return { planted: p, caught: unseen.length === 0, unseen };
  });

  const plantedAt = new Set(planted.flatMap((p) => p.aspects.map((a) => `${p.scenario} ${p.check} ${a}`)));
  const surprises: string[] = [];
  if (legacy.summary.verdicts.failed + legacy.summary.verdicts.error > 0)
    surprises.push('the legacy build did not pass every check');
  for (const c of catches) {
    if (c.caught) continue;
    const p = c.planted;
    surprises.push(
      `planted defect ${p.defect} was not flagged on ${p.scenario} ${p.check} (${c.unseen.join('; ')})`,
    );
  }
  for (const d of regressions) {
    if (d.aspect === 'verdict') {
      const findings = checkOf(d.scenario, d.check)?.findings ?? [];
      const stray = findings.filter((f) => !plantedAt.has(`${d.scenario} ${d.check} ${f.aspect}`));
      if (findings.length > 0 && stray.length === 0) continue;
      const what = stray.map((f) => `${aspectPath(d.check, f.aspect, f.item)} ${f.kind}`).join(', ');
      surprises.push(
        `unexpected regression on ${d.scenario} ${d.check}: ${d.baseline ?? 'not run'} → ${d.candidate ?? 'not run'}${what ? ` (${what})` : ''}`,
      );
      continue;
    }
    if (plantedAt.has(`${d.scenario} ${d.check} ${d.aspect}`)) continue;
    const where = d.check === 'case' ? '' : ` ${aspectPath(d.check, d.aspect, d.item)}`;
    surprises.push(`unexpected regression on ${d.scenario} ${d.check}${where}`);
  }
  return { catches, surprises };
}

/** What a difference shows, in the terms of the planted list. */
function kindOf(d: Difference): string {
  if (typeof d.baseline === 'number' || typeof d.candidate === 'number') return 'count';
  if (d.baseline !== null && d.candidate === null) return 'missing';
  if (d.baseline === null) return 'unexpected';
  return 'differs';
}

/**
 * The embedded build's run, which has no baseline to diff against: each planted catch must be a
 * finding of its kind on its aspects in the scenario's own check, and every other failed or
 * errored check, and every other finding, is a surprise.
 */
export function judgeByFindings(input: {
  report: AcceptanceReport;
  planted: readonly PlantedCatch[];
}): DemoJudgement {
  const { report, planted } = input;
  const checkOf = (scenario: string, check: string): CheckResult | undefined =>
    report.cases.findLast((c) => c.scenario.id === scenario)?.checks.find((k) => k.check === check);
  const catches = planted.map((p): CatchVerdict => {
    const found = checkOf(p.scenario, p.check)?.findings ?? [];
    const unseen = p.aspects
      .filter((aspect) => !found.some((f) => f.aspect === aspect && f.kind === p.kind))
      .map((aspect) => `${aspect}: the ${p.check} check has no ${p.kind} finding on it`);
    return { planted: p, caught: unseen.length === 0, unseen };
  });
  const plantedAt = new Set(planted.flatMap((p) => p.aspects.map((a) => `${p.scenario} ${p.check} ${a}`)));
  const surprises: string[] = [];
  for (const c of catches) {
    if (c.caught) continue;
    const p = c.planted;
    surprises.push(
      `planted defect ${p.defect} was not flagged on ${p.scenario} ${p.check} (${c.unseen.join('; ')})`,
    );
  }
  for (const c of report.cases) {
    for (const check of c.checks) {
      if (check.verdict === 'error') {
        surprises.push(`${c.scenario.id} ${check.check} on ${c.target.name} errored: ${check.reason}`);
        continue;
      }
      const stray = check.findings.filter(
        (f) => !plantedAt.has(`${c.scenario.id} ${check.check} ${f.aspect}`),
      );
      if (check.verdict === 'failed' && stray.length > 0)
        surprises.push(
          `unexpected failure on ${c.scenario.id} ${check.check} (${c.target.name}): ${stray
            .map((f) => `${aspectPath(check.check, f.aspect, f.item)} ${f.kind}`)
            .join(', ')}`,
        );
    }
  }
  return { catches, surprises };
}
