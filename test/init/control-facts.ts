import type { ControlFacts } from '../../src/init/form/dom-facts.ts';

let refs = 0;

/** The facts of one form control as the page reader gives them: a text input unless told otherwise. */
export function control(facts: Partial<ControlFacts>): ControlFacts {
  refs++;
  return {
    ref: String(refs),
    tag: 'input',
    type: 'text',
    id: '',
    name: '',
    placeholder: '',
    ariaLabel: '',
    labelledBy: '',
    labels: [],
    labelContext: '',
    required: false,
    ariaRequired: false,
    maxLength: -1,
    options: [],
    groupName: '',
    groupRef: '',
    groupContext: '',
    value: '',
    ...facts,
  };
}
