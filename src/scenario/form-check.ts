import type { Matcher } from '../config/index.ts';
import type { CheckResult, FormEvidence } from './case-result.ts';
import { failedResult, result } from './checks/check-context.ts';
import { aspect } from './findings.ts';
import { valueFindings } from './match.ts';

/** What the form held just before it was sent, by field key (undefined: no such field). */
export interface FormRead {
  values: Record<string, string | undefined>;
  at: Date;
}

/**
 * The `form` check: the values the page set itself — a zip lookup's 都道府県, a default, a box
 * that must not come pre-ticked — against `expect.form`, read as the visitor left the form.
 */
export function formCheck(read: FormRead, expected: Record<string, Matcher>): CheckResult {
  const evidence: FormEvidence = {
    kind: 'form',
    values: Object.fromEntries(Object.entries(read.values).map(([key, value]) => [key, value ?? null])),
    readAt: read.at.toISOString(),
  };
  const findings = valueFindings(expected, (key) => read.values[key], aspect.field);
  if (findings.length > 0) return failedResult('form', read.at, findings, { evidence });
  const shown = Object.keys(expected)
    .map((key) => `${key} ${JSON.stringify(read.values[key] ?? '')}`)
    .join(', ');
  return result('form', read.at, 'passed', `the form held what was expected: ${shown}`, { evidence });
}
