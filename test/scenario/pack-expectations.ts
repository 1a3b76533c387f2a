import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectStatic } from 'vitest';
import type { CaseResult, CheckName, Verdict } from '../../src/scenario/case-result.ts';
import { checkOf } from '../support/demo-rig.ts';

/** What one check of one case must show: its verdict, the key part of its reason, and every mismatch. */
export interface CheckSpec {
  verdict: Verdict;
  reason: RegExp;
  /** For a failed check: exactly these mismatch lines, one pattern each. Other checks have none. */
  details?: RegExp[];
}

/** The checks of the demo pack's contact scenarios (none has `expect.form`). */
export type CaseSpec = Record<Exclude<CheckName, 'form'>, CheckSpec>;

const accepted = { verdict: 'passed', reason: /^accepted: success condition met \d/ } as const;
const noAnalyticsExpected = {
  verdict: 'skipped',
  reason: /the scenario expects nothing of analytics/,
} as const;
const noMail = { verdict: 'passed', reason: /^no notification within 5 s, as expected$/ } as const;
const noRecord = { verdict: 'passed', reason: /^no CRM record within 5 s, as expected$/ } as const;
const noConversion = {
  verdict: 'passed',
  reason: /^no generate_lead \(ga4\) within 5 s, as expected$/,
} as const;
const mailArrived = (sla: string, count = 1) =>
  ({
    verdict: 'passed',
    reason: new RegExp(
      `^${count === 1 ? 'notification' : `${count} notifications`} arrived after [\\d.]+ m?s \\(SLA ${sla}\\): "【お問い合わせ】株式会社テスト商事 様"$`,
    ),
  }) as const;
const recordAsExpected = {
  verdict: 'passed',
  reason: /^1 CRM record \(\d+\), created after [\d.]+ m?s \(SLA 30 s\), fields as expected$/,
} as const;
/** What the resubmission proved: one record, which the second submission updated. */
const recordUpdated = {
  verdict: 'passed',
  reason: /^1 CRM record \(\d+\), updated by the 2nd submission \(SLA 30 s\), fields as expected$/,
} as const;

/**
 * The verdicts the demo's documented behaviour implies for every scenario of the pack, on legacy
 * and on a clean renewal (src/demo/README.md): in-scope inquiries reach mail, CRM and GA4;
 * 対象外 reaches only the CRM; rejected input reaches nothing; checks a scenario says nothing
 * about are skipped.
 */
export const DOCUMENTED: Record<string, CaseSpec> = {
  'AC-01': {
    submit: accepted,
    notification: mailArrived('30 s'),
    crm: recordAsExpected,
    analytics: {
      verdict: 'passed',
      reason: /^1× generate_lead \(ga4\), 1× generate_lead \(datalayer\) after [\d.]+ m?s, as expected$/,
    },
  },
  'AC-02': {
    submit: accepted,
    notification: noMail,
    crm: recordAsExpected,
    analytics: noConversion,
  },
  'AC-03': {
    submit: {
      verdict: 'passed',
      reason: /^rejected as expected: email \(メールアドレスの形式が正しくありません。\)$/,
    },
    notification: noMail,
    crm: noRecord,
    analytics: noConversion,
  },
  'AC-04': {
    submit: {
      verdict: 'passed',
      reason: /^rejected as expected: consent \(個人情報の取扱いへの同意が必要です。\)$/,
    },
    notification: noMail,
    crm: noRecord,
    analytics: noConversion,
  },
  'AC-05': {
    submit: accepted,
    notification: mailArrived('30 s'),
    crm: recordAsExpected,
    analytics: noAnalyticsExpected,
  },
  'AC-06': {
    submit: { verdict: 'passed', reason: /^accepted: success condition met .* \(2 submissions\)$/ },
    notification: mailArrived('30 s', 2),
    crm: recordUpdated,
    analytics: noAnalyticsExpected,
  },
};

const phoneLineMissing = /^電話番号: expected "03-1234-5678", got no value$/;

/** The renewal with its planted defects: D1–D4 caught on the right check, nothing else flagged. */
export const WITH_DEFECTS: Record<string, CaseSpec> = {
  ...DOCUMENTED,
  'AC-01': {
    ...DOCUMENTED['AC-01']!,
    // D1: the new mail template lost the 電話番号 line.
    notification: {
      verdict: 'failed',
      reason: /^notification 電話番号: expected "03-1234-5678", got no value$/,
      details: [phoneLineMissing],
    },
    // D2: no utm_* properties reach the CRM.
    crm: {
      verdict: 'failed',
      reason: /^CRM utm_source: expected "newsletter", got no value; and 2 more: utm_medium, utm_campaign$/,
      details: [
        /^utm_source: expected "newsletter", got no value$/,
        /^utm_medium: expected "email", got no value$/,
        /^utm_campaign: expected "ct-\d{8}-[0-9a-f]{6}", got no value$/,
      ],
    },
    // D3: generate_lead fired twice, on the wire and in the dataLayer.
    analytics: {
      verdict: 'failed',
      reason:
        /^analytics generate_lead \(ga4\): fired 2×; expected exactly 1; and 1 more: generate_lead \(datalayer\)$/,
      details: [
        /^generate_lead \(ga4\): fired 2×; expected exactly 1$/,
        /^generate_lead \(datalayer\): fired 2×; expected exactly 1$/,
      ],
    },
  },
  'AC-05': {
    ...DOCUMENTED['AC-05']!,
    // D1 again: the full-width case expects the normalised phone in the mail.
    notification: {
      verdict: 'failed',
      reason: /^notification 電話番号: expected "03-1234-5678", got no value$/,
      details: [phoneLineMissing],
    },
    // D4: the phone reaches the CRM as typed, full-width.
    crm: {
      verdict: 'failed',
      reason: /^CRM phone: expected "03-1234-5678", got "０３－１２３４－５６７８"$/,
      details: [/^phone: expected "03-1234-5678", got "０３－１２３４－５６７８"$/],
    },
  },
};

/** Asserts a case result against its spec, check by check, and that cleanup removed what the case found. */
export function expectCase(
  expect: ExpectStatic,
  result: CaseResult,
  spec: CaseSpec,
  options: { artifactsDir?: string } = {},
): void {
  // The main notification and, on the channels the scenario names (AC-01's 自動返信), one more each.
  expect(result.checks.filter((c) => c.channel === undefined).map((c) => c.check)).toEqual([
    'submit',
    'notification',
    'crm',
    'analytics',
  ]);
  for (const [name, want] of Object.entries(spec) as [CheckName, CheckSpec][]) {
    const check = checkOf(result, name);
    expect({ check: name, verdict: check.verdict }).toEqual({ check: name, verdict: want.verdict });
    expect(check.reason).toMatch(want.reason);
    if (want.details) {
      expect(check.details).toHaveLength(want.details.length);
      want.details.forEach((pattern, i) => {
        expect(check.details[i]).toMatch(pattern);
      });
    } else {
      expect(check.details).toEqual([]);
    }
    if (check.verdict === 'passed' && check.delayMs !== undefined && check.slaMs !== undefined) {
      expect(check.delayMs).toBeLessThanOrEqual(check.slaMs);
    }
  }
  const failed = Object.values(spec).some((c) => c.verdict === 'failed');
  expect(result.verdict).toBe(failed ? 'failed' : 'passed');

  // Whatever the checks found of this case is gone afterwards, and nothing else was touched.
  // Every notification channel and the CRM are read for cleanup, checked or not: a channel no
  // check read (AC-02's 自動返信) is cleaned all the same, one item per accepted submission at most.
  const found = result.checks.flatMap((check) =>
    check.evidence?.kind === 'notification'
      ? check.evidence.messages.map((m) => `notification:${m.id}`)
      : check.evidence?.kind === 'crm'
        ? check.evidence.records.map((r) => `crm:${r.id}`)
        : [],
  );
  const cleaned = result.cleanup.map((e) => `${e.system}:${e.id}`);
  expect(cleaned).toEqual(expect.arrayContaining(found));
  const checkedProbes = new Set(result.checks.map((c) => c.probe));
  const unchecked = result.cleanup.filter((e) => !found.includes(`${e.system}:${e.id}`));
  for (const entry of unchecked)
    expect(checkedProbes.has(entry.probe), `${entry.probe} ${entry.id}`).toBe(false);
  const submit = checkOf(result, 'submit').evidence;
  expect(unchecked.length).toBeLessThanOrEqual(submit?.kind === 'submit' ? submit.submissions : 1);
  expect(result.cleanup.every((e) => e.result === 'deleted')).toBe(true);

  if (options.artifactsDir) {
    const submit = checkOf(result, 'submit').evidence;
    expect(submit?.kind === 'submit' && submit.screenshot).toBeTruthy();
    if (submit?.kind === 'submit' && submit.screenshot) {
      expect(existsSync(join(options.artifactsDir, submit.screenshot))).toBe(true);
    }
  }
}
