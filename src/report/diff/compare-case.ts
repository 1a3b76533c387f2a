import type { CaseResult, CheckName, CheckResult, Evidence } from '../../scenario/case-result.ts';
import { CHECK_NAMES } from '../../scenario/case-result.ts';
import {
  type Aspects,
  alignment,
  analyticsAspects,
  crmAspects,
  notificationAspects,
  submitAspects,
} from './aspects.ts';
import { classify, classifyVerdict, type Sides } from './classify.ts';
import type { Difference } from './diff-types.ts';
import { caseNormaliser, type Normaliser } from './normalise.ts';

export interface CompareContext extends Sides {
  perPage: ReadonlySet<string>;
}

/** Every difference between one scenario's case run on the baseline and on the candidate. */
export function compareCase(
  b: CaseResult | undefined,
  c: CaseResult | undefined,
  ctx: CompareContext,
): Difference[] {
  const any = (b ?? c)!;
  const head = { scenario: any.scenario.id, title: b?.scenario.title ?? any.scenario.title };
  if (!c)
    return [
      {
        ...head,
        check: 'case',
        aspect: 'case',
        baseline: b!.verdict,
        candidate: null,
        kind: 'regression',
        reason: `run on ${ctx.baseline} (${b!.verdict}), not run on ${ctx.candidate}`,
      },
    ];
  if (!b)
    return [
      {
        ...head,
        check: 'case',
        aspect: 'case',
        baseline: null,
        candidate: c.verdict,
        kind: 'change',
        reason: `not run on ${ctx.baseline}, new on ${ctx.candidate} (${c.verdict})`,
      },
    ];
  const nb = caseNormaliser(b);
  const nc = caseNormaliser(c);
  const out: Difference[] = [];
  for (const check of CHECK_NAMES) {
    const bc = b.checks.find((k) => k.check === check);
    const cc = c.checks.find((k) => k.check === check);
    const pair = { baseline: bc, candidate: cc };
    if ((bc?.verdict ?? null) !== (cc?.verdict ?? null)) {
      const { kind, reason } = classifyVerdict(bc, cc, ctx);
      out.push({
        ...head,
        check,
        aspect: 'verdict',
        baseline: bc?.verdict ?? null,
        candidate: cc?.verdict ?? null,
        kind,
        reason: nc(reason),
      });
    }
    // Without evidence on both sides nothing is known to compare: a check that errored or was
    // skipped is reported once, by its verdict, not as every value "missing".
    const sides = evidencePair(check, bc, cc);
    if (!sides) continue;
    const [ba, ca] = aspectsOf(check, sides, [nb, nc], ctx.perPage);
    for (const aspect of new Set([...ba.keys(), ...ca.keys()])) {
      const bv = ba.get(aspect)?.value ?? null;
      const cv = ca.get(aspect)?.value ?? null;
      if (bv === cv) continue;
      const meta = (ba.get(aspect) ?? ca.get(aspect))!;
      const { kind, reason } = classify(meta, bv, cv, pair, ctx);
      out.push({ ...head, check, aspect, baseline: bv, candidate: cv, kind, reason: nc(reason) });
    }
  }
  return out;
}

function evidencePair(
  check: CheckName,
  b: CheckResult | undefined,
  c: CheckResult | undefined,
): [Evidence, Evidence] | undefined {
  const be = b?.evidence;
  const ce = c?.evidence;
  if (!be || !ce || be.kind !== check || ce.kind !== check) return undefined;
  return [be, ce];
}

function aspectsOf(
  check: CheckName,
  [b, c]: [Evidence, Evidence],
  [nb, nc]: [Normaliser, Normaliser],
  perPage: ReadonlySet<string>,
): [Aspects, Aspects] {
  if (b.kind === 'submit' && c.kind === 'submit') return [submitAspects(b), submitAspects(c)];
  if (b.kind === 'notification' && c.kind === 'notification') {
    const align = alignment(b.messages.length, c.messages.length);
    return [notificationAspects(b, nb, align), notificationAspects(c, nc, align)];
  }
  if (b.kind === 'crm' && c.kind === 'crm') {
    const align = alignment(b.records.length, c.records.length);
    return [crmAspects(b, nb, align), crmAspects(c, nc, align)];
  }
  if (b.kind === 'analytics' && c.kind === 'analytics')
    return [analyticsAspects(b, nb, perPage), analyticsAspects(c, nc, perPage)];
  throw new Error(`evidence of ${check} has kinds ${b.kind} and ${c.kind}`);
}
