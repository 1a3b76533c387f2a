import type { CutoverConfig } from './config.schema.ts';
import type { Scenario } from './scenario.schema.ts';

/**
 * The targets a scenario runs on: those it names, or else every target that has its form —
 * minus production targets unless the scenario says `production: true`.
 */
export function targetsFor(scenario: Scenario, config: CutoverConfig): string[] {
  if (scenario.targets) return scenario.targets;
  return Object.entries(config.targets)
    .filter(([, target]) => scenario.form in target.forms)
    .filter(([, target]) => !target.production || scenario.production)
    .map(([name]) => name);
}
