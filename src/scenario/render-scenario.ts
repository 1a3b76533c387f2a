import { type Scenario, submissionIndex, submissionInputs } from '../config/index.ts';
import { renderDeep } from '../foundation/index.ts';

/**
 * The scenario with its templates filled in, and the input of each submission. `{{input.…}}`
 * means the scenario's input, except in `expect.crm`, where it means the input of the submission
 * its `from` names (default the last: a CRM keeps the latest write).
 */
export function renderScenario(
  scenario: Scenario,
  values: { marker: string; email: string; target: string },
): { scenario: Scenario; inputs: Scenario['input'][] } {
  const input = renderDeep(scenario.input, { ...values, input: {} });
  const inputs = submissionInputs(scenario).map((each) => renderDeep(each, { ...values, input: {} }));
  const all = { ...values, input };
  const crm = scenario.expect.crm;
  const crmInput = inputs[submissionIndex(crm?.from, inputs.length)] ?? input;
  return {
    scenario: {
      ...scenario,
      input,
      visit: renderDeep(scenario.visit, all),
      expect: {
        ...renderDeep(scenario.expect, all),
        ...(crm ? { crm: renderDeep(crm, { ...values, input: crmInput }) } : {}),
      },
    },
    inputs,
  };
}
