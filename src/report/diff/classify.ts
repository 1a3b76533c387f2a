import { en, type Messages } from '../../foundation/i18n/index.ts';
import type { CheckResult, Finding } from '../../scenario/case-result.ts';
import type { RenderedFindings } from '../../scenario/render-findings.ts';
import { reasonIn } from '../../scenario/render-reason.ts';
import type { Aspect } from './aspects.ts';
import type { DiffKind, DiffValue } from './diff-types.ts';

export interface Sides {
  baseline: string;
  candidate: string;
  /** The words of the reasons (default English). */
  m?: Messages;
}

/** The two sides' results of one check, and how the candidate's findings are worded. */
export interface CheckPair {
  baseline?: CheckResult;
  candidate?: CheckResult;
  /** The reason and details of a check from its findings (one line per finding). */
  render: (check: CheckResult) => RenderedFindings;
}

export interface Classified {
  kind: DiffKind;
  /** Why it is classed so; the values themselves are in the difference, not repeated here. */
  reason: string;
}

/**
 * regression = the baseline was fine and the candidate is wrong or missing:
 * - a value the baseline had is missing on the candidate;
 * - a count differs (a mail, a record or a conversion more or fewer), except per-page events,
 *   whose count follows the number of pages, and items the baseline did not have at all;
 * - a value differs or is new, and the candidate's check failed on exactly that value while the
 *   baseline's passed: one of its findings is about this aspect (and this item).
 * Anything else is a change: worth reading, not a defect by itself (wording, a new field).
 */
export function classify(
  aspect: Aspect,
  b: DiffValue,
  c: DiffValue,
  checks: CheckPair,
  sides: Sides,
): Classified {
  const m = sides.m ?? en;
  const w = m.diff.because;
  const failure = failureOn(aspect, checks);
  const regression = (why: string): Classified => ({
    kind: 'regression',
    reason: failure ? w.failedOnIt(why, m.verdictWord[failure.verdict], failure.finding) : why,
  });
  const verdict = checks.candidate?.verdict;
  const still =
    verdict === 'passed'
      ? w.stillPassed
      : verdict === 'failed' || verdict === 'error'
        ? w.failedElsewhere(m.verdictWord[verdict])
        : '';
  if (aspect.count) {
    const bn = Number(b ?? 0);
    const cn = Number(c ?? 0);
    if (bn > 0 && cn === 0) return regression(w.noneOn(sides.candidate));
    if (bn === 0)
      return failure
        ? regression(w.newOn(sides.candidate))
        : { kind: 'change', reason: `${w.newOn(sides.candidate)}${still}` };
    if (aspect.perPage && !failure) return { kind: 'change', reason: w.perPage };
    return regression(cn > bn ? w.moreOn(sides.candidate) : w.fewerOn(sides.candidate));
  }
  if (b !== null && c === null) return regression(w.missingOn(sides.candidate));
  const what = b === null ? w.newOn(sides.candidate) : w.differsOn(sides.candidate);
  if (failure) return regression(what);
  return { kind: 'change', reason: `${what}${still}` };
}

/** A check's verdict went from passed to failed or error: a regression; every other move is a change. */
export function classifyVerdict(checks: CheckPair, sides: Sides): Classified {
  const { baseline: b, candidate: c } = checks;
  const m = sides.m ?? en;
  const word = (k: CheckResult | undefined) => (k ? m.verdictWord[k.verdict] : m.diff.notRun);
  const moved = m.diff.because.verdictMoved(word(b), sides.baseline, word(c), sides.candidate);
  const why = c ? m.diff.because.movedBecause(moved, sentenceOf(c, checks.render, m)) : moved;
  const bv = b?.verdict ?? 'not run';
  const cv = c?.verdict ?? 'not run';
  if (bv === 'passed' && cv !== 'passed' && cv !== 'skipped') return { kind: 'regression', reason: why };
  return { kind: 'change', reason: c && cv !== bv ? why : moved };
}

/** A failed check speaks through its findings; any other through the sentence that says why. */
function sentenceOf(check: CheckResult, render: CheckPair['render'], m: Messages): string {
  return check.findings.length > 0 ? render(check).reason : reasonIn(check, m);
}

/**
 * "failed on it: <the finding, in words>" when the candidate's check failed on this aspect (one of
 * its findings is about it) and the baseline's passed; undefined when it failed on something else.
 */
function failureOn(aspect: Aspect, checks: CheckPair): { verdict: 'failed'; finding: string } | undefined {
  const c = checks.candidate;
  if (c?.verdict !== 'failed') return undefined;
  if (checks.baseline?.verdict !== 'passed') return undefined;
  const index = c.findings.findIndex((f) => about(f, aspect));
  if (index < 0) return undefined;
  return { verdict: 'failed', finding: checks.render(c).details[index] ?? c.findings[index]!.aspect };
}

/** A finding is about a compared value when it names its aspect, and its item when both say one. */
export function about(finding: Finding, aspect: Pick<Aspect, 'aspect' | 'item'>): boolean {
  if (finding.aspect !== aspect.aspect) return false;
  return finding.item === undefined || aspect.item === undefined || finding.item === aspect.item;
}
