import { type CutoverConfig, type Scenario, vacuousExpectations } from '../config/index.ts';
import { type CaseResult, type Caveat, type CheckResult, checkKey } from './case-result.ts';

/** What a case's checks expect that cannot fail on its target, by check key (case-result.ts `checkKey`). */
export type CaseCaveats = ReadonlyMap<string, Caveat[]>;

/**
 * The caveats of a scenario's checks on one target: what `validate` warns of
 * (src/config/vacuous-checks.ts), a pure function of the scenario and the target's config. The
 * case runner computes them once and puts them on the checks; the engine judges as before.
 */
export function caseCaveats(config: CutoverConfig, target: string, scenario: Scenario): CaseCaveats {
  const byCheck = new Map<string, Caveat[]>();
  for (const { check, channel, caveat } of vacuousExpectations(config, scenario, [target])) {
    const key = checkKey({ check, channel });
    byCheck.set(key, [...(byCheck.get(key) ?? []), caveat]);
  }
  return byCheck;
}

/** The check with its caveats, if it has any. */
export function withCaveats(check: CheckResult, caveats: CaseCaveats): CheckResult {
  const found = caveats.get(checkKey(check));
  return found ? { ...check, caveats: found } : check;
}

/** Every check of the case with its caveats. */
export function caseWithCaveats(result: CaseResult, caveats: CaseCaveats): CaseResult {
  if (caveats.size === 0) return result;
  return { ...result, checks: result.checks.map((check) => withCaveats(check, caveats)) };
}
