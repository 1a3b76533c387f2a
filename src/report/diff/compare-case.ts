import { en } from '../../foundation/i18n/index.ts';
import type { CaseResult, CheckName, CheckResult, Evidence } from '../../scenario/case-result.ts';
import { CHECK_NAMES, checkKey } from '../../scenario/case-result.ts';
import { type FindingsTemplate, findingsTemplate, renderFindings } from '../../scenario/render-findings.ts';
import {
  type Aspects,
  alignment,
  analyticsAspects,
  crmAspects,
  formAspects,
  notificationAspects,
  submitAspects,
} from './aspects.ts';
import { type CheckPair, classify, classifyVerdict, type Sides } from './classify.ts';
import type { Difference } from './diff-types.ts';
import { caseNormaliser, type Normaliser } from './normalise.ts';

export interface CompareContext extends Sides {
  perPage: ReadonlySet<string>;
  /** How the candidate's findings are worded in the reasons (default: cutover's own). */
  template?: FindingsTemplate;
}

/** Every difference between one scenario's case run on the baseline and on the candidate. */
export function compareCase(
  b: CaseResult | undefined,
  c: CaseResult | undefined,
  ctx: CompareContext,
): Difference[] {
  const any = (b ?? c)!;
  const m = ctx.m ?? en;
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
        reason: m.diff.because.caseOnlyBaseline(ctx.baseline, m.verdictWord[b!.verdict], ctx.candidate),
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
        reason: m.diff.because.caseOnlyCandidate(ctx.baseline, ctx.candidate, m.verdictWord[c.verdict]),
      },
    ];
  const nb = caseNormaliser(b);
  const nc = caseNormaliser(c);
  // The diff words the candidate's findings itself: the sentences stored in the report are for
  // people, and another wording of them must not change what the diff says.
  const render = (k: CheckResult) =>
    renderFindings(
      { check: k.check, findings: k.findings, evidence: k.evidence, email: c.email },
      ctx.template ?? findingsTemplate(m),
    );
  const out: Difference[] = [];
  // Each check by its key: a further notification channel is compared with the same channel.
  const keys = new Map<string, { check: CheckName; channel?: string }>();
  for (const name of CHECK_NAMES) keys.set(name, { check: name });
  for (const k of [...b.checks, ...c.checks]) if (!keys.has(checkKey(k))) keys.set(checkKey(k), k);
  const ordered = [...keys.entries()].sort(
    ([, x], [, y]) => CHECK_NAMES.indexOf(x.check) - CHECK_NAMES.indexOf(y.check),
  );
  for (const [key, { check, channel }] of ordered) {
    const bc = b.checks.find((k) => checkKey(k) === key);
    const cc = c.checks.find((k) => checkKey(k) === key);
    const on = channel === undefined ? {} : { channel };
    const pair: CheckPair = { baseline: bc, candidate: cc, render };
    if ((bc?.verdict ?? null) !== (cc?.verdict ?? null)) {
      const { kind, reason } = classifyVerdict(pair, ctx);
      out.push({
        ...head,
        check,
        ...on,
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
    for (const id of new Set([...ba.keys(), ...ca.keys()])) {
      const bv = ba.get(id)?.value ?? null;
      const cv = ca.get(id)?.value ?? null;
      if (bv === cv) continue;
      const meta = (ba.get(id) ?? ca.get(id))!;
      const { kind, reason } = classify(meta, bv, cv, pair, ctx);
      out.push({
        ...head,
        check,
        ...on,
        aspect: meta.aspect,
        ...(meta.item === undefined ? {} : { item: meta.item }),
        baseline: bv,
        candidate: cv,
        kind,
        reason: nc(reason),
      });
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
  if (b.kind === 'form' && c.kind === 'form') return [formAspects(b, nb), formAspects(c, nc)];
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
