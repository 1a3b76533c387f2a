import { probeCatalogue } from '../../src/cli/commands/init-probes.ts';
import type { Ask } from '../../src/cli/commands/init-prompt.ts';
import type { ProbeDraft } from '../../src/init/form/draft-config.ts';
import type { ProbeChoices } from '../../src/init/probe-lines.ts';

/** The probe registry as `cutover init` drafts from it. */
export const catalogue = probeCatalogue();

/** Nothing chosen: every probe is a TODO with an example. */
export const NO_PROBES: ProbeDraft = { catalogue, choices: {} };

export function chosen(choices: ProbeChoices): ProbeDraft {
  return { catalogue, choices };
}

/** A person at the terminal answering init's questions in order; every question asked is kept. */
export function scripted(answers: string[]): Ask & { questions: string[] } {
  const questions: string[] = [];
  const queue = [...answers];
  const ask = async (question: string) => {
    questions.push(question);
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`unexpected question: ${question}`);
    return answer;
  };
  return Object.assign(ask, { questions });
}

/** Every env('NAME') a drafted config names, each set to a stand-in value: the config then loads. */
export function envOf(configText: string): Record<string, string> {
  return Object.fromEntries(
    [...configText.matchAll(/env\('([A-Z0-9_]+)'\)/g)].map((m) => [m[1]!, 'set-by-test']),
  );
}
