import type { CheckResult } from './case-result.ts';
import { type Finding, parseAspect } from './findings.ts';
import { renderFindings } from './render-findings.ts';

/**
 * What is wrong with a failed check, in the words on-call pages with: the item did not come
 * (`missing`), it came with the wrong content (`wrong`: a field, the recipient, the charset),
 * after its SLA (`late`), although none must come (`unexpected`), or more than once (`duplicate`).
 * A bounded set: it becomes a metric label and picks the alert (CutoverCrmRecordWrong, not
 * …Missing, for a record with the wrong company).
 */
export const FAILURE_KINDS = ['missing', 'wrong', 'late', 'unexpected', 'duplicate'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** When a check has findings of several kinds, the first of these names it: no item beats a wrong one, wrong beats late. */
const PRECEDENCE: readonly FailureKind[] = ['missing', 'unexpected', 'duplicate', 'wrong', 'late'];

/** The failure kind of one finding. */
export function failureKindOf(finding: Finding): FailureKind {
  const ref = parseAspect(finding.aspect);
  const aboutItems = ref.is === 'count' || (ref.is === 'event' && ref.part === 'count');
  switch (finding.kind) {
    case 'late':
      return 'late';
    case 'count':
      return Number(finding.actual) > Number(finding.expected) ? 'duplicate' : 'missing';
    case 'unexpected':
      // A mail, record or event where none must be; an error on a field or a value where none
      // was asked is content.
      return aboutItems ? 'unexpected' : 'wrong';
    case 'missing':
      // No mail, record, event or outcome at all; a missing field or update is content.
      return aboutItems || ref.is === 'outcome' ? 'missing' : 'wrong';
    case 'differs':
    case 'mojibake':
      return 'wrong';
  }
}

export interface CheckFailure {
  kind: FailureKind;
  /**
   * One line: the finding that names the kind first ("CRM company: expected "株式会社サンプル",
   * got "(株)サンプル"; and 1 more: phone"), rendered as the check's reason is.
   */
  finding: string;
}

/** A failed check's kind and its one-line finding; undefined for any other verdict or no findings. */
export function checkFailure(check: CheckResult, email?: string): CheckFailure | undefined {
  if (check.verdict !== 'failed' || check.findings.length === 0) return undefined;
  const kinds = check.findings.map(failureKindOf);
  const kind = PRECEDENCE.find((k) => kinds.includes(k)) ?? kinds[0]!;
  const first = kinds.indexOf(kind);
  const findings = [check.findings[first]!, ...check.findings.filter((_, i) => i !== first)];
  const { reason } = renderFindings({
    check: check.check,
    findings,
    ...(check.evidence ? { evidence: check.evidence } : {}),
    ...(email !== undefined ? { email } : {}),
  });
  return { kind, finding: reason };
}
