import type { CheckResult } from '../../scenario/case-result.ts';
import type { Aspect } from './aspects.ts';
import type { DiffKind, DiffValue } from './diff-types.ts';

export interface Sides {
  baseline: string;
  candidate: string;
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
 * - a value differs or is new, and the candidate's check failed (or errored) on exactly that
 *   value while the baseline's passed — a line of its reason or details names it, or it is what
 *   the check judges first (submit outcome and field errors, the number of mails and records).
 * Anything else is a change: worth reading, not a defect by itself (wording, a new field).
 */
export function classify(
  aspect: Aspect,
  b: DiffValue,
  c: DiffValue,
  checks: { baseline?: CheckResult; candidate?: CheckResult },
  sides: Sides,
): Classified {
  const failure = failureOn(aspect, checks);
  const regression = (why: string): Classified => ({
    kind: 'regression',
    reason: failure ? `${why}; the check ${failure}` : why,
  });
  const verdict = checks.candidate?.verdict;
  const still =
    verdict === 'passed'
      ? '; the check still passed'
      : verdict === 'failed' || verdict === 'error'
        ? `; the check ${verdict} on something else`
        : '';
  if (aspect.count) {
    const bn = Number(b ?? 0);
    const cn = Number(c ?? 0);
    if (bn > 0 && cn === 0) return regression(`none on ${sides.candidate}`);
    if (bn === 0)
      return failure
        ? regression(`new on ${sides.candidate}`)
        : { kind: 'change', reason: `new on ${sides.candidate}${still}` };
    if (aspect.perPage && !failure)
      return { kind: 'change', reason: 'sent once per page: the number of pages differs' };
    return regression(cn > bn ? `more on ${sides.candidate}` : `fewer on ${sides.candidate}`);
  }
  if (b !== null && c === null) return regression(`missing on ${sides.candidate}`);
  const what = b === null ? `new on ${sides.candidate}` : `differs on ${sides.candidate}`;
  if (failure) return regression(what);
  return { kind: 'change', reason: `${what}${still}` };
}

/** A check's verdict went from passed to failed or error: a regression; every other move is a change. */
export function classifyVerdict(
  b: CheckResult | undefined,
  c: CheckResult | undefined,
  sides: Sides,
): Classified {
  const bv = b?.verdict ?? 'not run';
  const cv = c?.verdict ?? 'not run';
  const moved = `${bv} on ${sides.baseline}, ${cv} on ${sides.candidate}`;
  if (bv === 'passed' && cv !== 'passed' && cv !== 'skipped')
    return { kind: 'regression', reason: c ? `${moved}: ${c.reason}` : moved };
  return { kind: 'change', reason: c && cv !== bv ? `${moved}: ${c.reason}` : moved };
}

/**
 * "failed on it: <the line that names it>" when the candidate's check failed (or errored) on this
 * value and the baseline's passed; undefined when the failure was about something else.
 */
function failureOn(
  aspect: Aspect,
  checks: { baseline?: CheckResult; candidate?: CheckResult },
): string | undefined {
  const c = checks.candidate;
  if (!c || (c.verdict !== 'failed' && c.verdict !== 'error')) return undefined;
  if (checks.baseline?.verdict !== 'passed') return undefined;
  const line = aspect.primary ? c.reason : namingLine(c, aspect.names);
  return line === undefined ? undefined : `${c.verdict} on it: ${line}`;
}

/** The first line of the details (then the reason) that names every one of the words, as whole words. */
export function namingLine(check: CheckResult, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const patterns = names.map(
    (name) =>
      new RegExp(
        `(?<![\\p{L}\\p{N}_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`,
        'u',
      ),
  );
  return [...check.details, check.reason].find((line) => patterns.every((p) => p.test(line)));
}
