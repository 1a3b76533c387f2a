import { type CutoverConfig, type Scenario, submissionCount } from '../config/index.ts';
import type { CheckName } from './case-result.ts';
import { checkWindow, windowLengthMs } from './checks/check-window.ts';

/** Attaching probes, opening the context, screenshots: what a case does besides its SLAs. */
const CASE_OVERHEAD_MS = 15_000;
/** Page steps of one submission that each get submitTimeout: open, fill, confirm, send + outcome. */
const SUBMIT_STEPS = 4;

/**
 * The deadline of one whole case run, derived from what the scenario waits for: each submission's
 * page steps, then the longest downstream window (checks/check-window.ts: SLA or absence window,
 * grace, settle). The config's caseTimeout is the upper bound.
 */
export function caseDeadlineMs(
  scenario: Scenario,
  defaults: CutoverConfig['defaults'],
  sla: Partial<Record<CheckName, number>> = {},
): number {
  const submit = submissionCount(scenario) * SUBMIT_STEPS * (sla.submit ?? defaults.submitTimeout);
  const { notification, notifications, crm, analytics } = scenario.expect;
  const expectations = [
    ...[notification, ...Object.values(notifications ?? {})].map((e) => ['notification', e] as const),
    ['crm', crm] as const,
    ['analytics', analytics] as const,
  ];
  const windows = expectations.flatMap(([check, expected]) =>
    expected ? [windowLengthMs(checkWindow(check, expected, defaults, sla[check]))] : [],
  );
  // With no downstream check, one settle window still follows the submit.
  const downstream = Math.max(defaults.settle, ...windows);
  return Math.min(defaults.caseTimeout, submit + downstream + CASE_OVERHEAD_MS);
}
