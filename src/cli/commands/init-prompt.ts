import {
  askedOptions,
  PROBE_KINDS,
  type ProbeCatalogue,
  type ProbeChoices,
  type ProbeKind,
  type ProbeValues,
} from '../../init/probe-lines.ts';

/** Asks one question and resolves with the answer as typed (node:readline/promises in a terminal; a script in tests). */
export type Ask = (question: string) => Promise<string>;

const QUESTIONS: Record<ProbeKind, { title: string; prompt: string; many: boolean }> = {
  notification: {
    title: 'Where does the site send the inquiry it receives (the sales mail, a chat post)?',
    prompt: 'Notification',
    many: true,
  },
  crm: { title: 'Which CRM does the inquiry reach?', prompt: 'CRM', many: false },
  analytics: { title: 'What does the thank-you page send to analytics?', prompt: 'Analytics', many: true },
};

/**
 * The interactive part of `cutover init`, as `npm init playwright` asks: for each kind of system
 * not already given by a flag, which probe (from the registry, by number or name; Enter leaves
 * a TODO, `none` says there is none), then — for each probe chosen — the options it needs, each
 * with its example or default (Enter keeps it). Secrets are never asked: they are drafted as
 * env('NAME'), read from the environment.
 */
export async function askProbes(
  ask: Ask,
  catalogue: ProbeCatalogue,
  given: ProbeChoices,
  say: (line: string) => void,
  options: { markerField: boolean },
): Promise<{ choices: ProbeChoices; values: ProbeValues }> {
  const choices: ProbeChoices = { ...given };
  for (const kind of PROBE_KINDS) {
    if (choices[kind] !== undefined) continue;
    const chosen = await askKind(ask, catalogue, kind, say);
    if (chosen === undefined) continue;
    if (kind === 'crm') choices.crm = chosen[0] ?? null;
    else choices[kind] = chosen;
  }
  const values: ProbeValues = {};
  const chosen = [
    ...(choices.notification ?? []).map((use) => ['notification', use] as const),
    ...(choices.crm ? [['crm', choices.crm] as const] : []),
  ];
  for (const [kind, use] of chosen) {
    const info = catalogue[kind].find((p) => p.use === use);
    if (!info) continue;
    const asked = askedOptions(info, options.markerField);
    if (asked.length === 0) continue;
    say(
      `${use}: press Enter to keep the value in brackets${asked.some((o) => o.placeholder) ? ' (an example: a TODO then stays)' : ''}.`,
    );
    for (const option of asked) {
      const answer = (
        await ask(`  ${option.name}${option.hint ? ` — ${option.hint}` : ''} [${String(option.value)}]: `)
      ).trim();
      if (answer) values[use] = { ...values[use], [option.name]: answer };
    }
  }
  return { choices, values };
}

/** One kind's question until it is answered with names the registry has: undefined = not decided, [] = none. */
async function askKind(
  ask: Ask,
  catalogue: ProbeCatalogue,
  kind: ProbeKind,
  say: (line: string) => void,
): Promise<string[] | undefined> {
  const { title, prompt, many } = QUESTIONS[kind];
  const probes = catalogue[kind];
  say(title);
  for (const [i, probe] of probes.entries())
    say(`  ${i + 1}) ${probe.use.padEnd(10)} ${summary(probe.description)}`);
  const how = many ? 'numbers or names, comma-separated' : 'a number or a name';
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = (await ask(`${prompt} (${how}; none; Enter: decide later) › `)).trim().toLowerCase();
    if (answer === '') return undefined;
    if (answer === 'none' || answer === '0') return [];
    const picked = answer
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((word) =>
        /^\d+$/.test(word) ? probes[Number(word) - 1]?.use : probes.find((p) => p.use === word)?.use,
      );
    if (picked.every((use): use is string => use !== undefined) && (many || picked.length === 1))
      return [...new Set(picked)];
    say(`  expected ${how} from the list above, or none`);
  }
  return undefined;
}

/** A probe's description up to its first full stop or colon, short enough for one line of a list. */
function summary(description: string): string {
  const first = description.split(/[:.](\s|$)/)[0] ?? '';
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}
