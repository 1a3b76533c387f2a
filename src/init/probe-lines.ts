import { tsKey, tsString } from './form/ts-text.ts';

/**
 * The probe lines `cutover init` drafts into a target: the systems a person named (by flag or
 * when asked), each with every option the config needs — required ones, and the few that decide
 * whether cleanup and absence checks work (a CRM's `url` and `markerField`) — secrets as
 * `env('NAME')`, examples marked TODO. What it knows of each probe comes from the probe registry
 * (the CLI turns src/probes/registry.ts `PROBES` into a {@link ProbeCatalogue}); src/init itself
 * does not import the probes.
 */

export type ProbeKind = 'notification' | 'crm' | 'analytics';
export const PROBE_KINDS: readonly ProbeKind[] = ['notification', 'crm', 'analytics'];

/** One option of a probe, as its schema says. */
export interface ProbeOption {
  name: string;
  /** Without it the config does not validate (no default, not optional). */
  required: boolean;
  /** `only`: env('NAME') and nothing else; `allowed`: text or env('NAME'); `no`: a plain value. */
  secret: 'only' | 'allowed' | 'no';
  type: 'string' | 'number' | 'boolean' | 'other';
  default?: unknown;
  description: string;
}

export interface ProbeInfo {
  use: string;
  description: string;
  options: ProbeOption[];
}

/** Every probe a target can use, by kind, in the registry's order. */
export type ProbeCatalogue = Record<ProbeKind, ProbeInfo[]>;

/**
 * The systems chosen for the drafted target. Absent: not decided (a TODO with an example); an
 * empty list or `null`: decided, there is none.
 */
export interface ProbeChoices {
  notification?: string[];
  crm?: string | null;
  analytics?: string[];
}

/** Values a person gave for a probe's options when asked, by the probe's `use`, then option name. */
export type ProbeValues = Record<string, Record<string, string>>;

type DraftValue = string | number | boolean | { env: string };

/** One option as drafted: its value, and whether that value is only an example to replace. */
export interface PlannedOption {
  name: string;
  value: DraftValue;
  placeholder: boolean;
  /** What the option is, in a few words (the start of its schema description). */
  hint: string;
}

interface Hint {
  /** Options drafted although the schema does not require them. */
  include?: string[];
  values?: Record<string, { value: string | number | boolean; placeholder?: boolean }>;
  /** The CRM's name of the field the synthetic email lands in (as a scenario's `crm.fields` names it). */
  recordEmail?: string;
}

const example = (value: string | number) => ({ value, placeholder: true });

/**
 * What a person fills in for the probes cutover ships; a probe added to the registry later is
 * drafted from its schema alone (required options, examples from its descriptions).
 */
const HINTS: Record<string, Hint> = {
  mailpit: {
    values: { url: example('https://mailpit.staging.example.co.jp'), to: example('sales@example.co.jp') },
  },
  imap: {
    include: ['to'],
    values: {
      host: example('imap.example.co.jp'),
      user: example('qa@example.co.jp'),
      to: example('sales@example.co.jp'),
    },
  },
  slack: { values: { channel: example('C0123456789') } },
  webhook: { include: ['listen', 'path'], values: { listen: example('0.0.0.0:8787') } },
  hubspot: {
    include: ['url', 'markerField'],
    values: { markerField: example('message') },
    recordEmail: 'email',
  },
  salesforce: {
    include: ['object', 'markerField', 'markerSearch'],
    values: {
      loginUrl: example('https://example.my.salesforce.com'),
      markerField: example('Description'),
      // Lead.Description is a Long Text Area, which SOQL cannot filter.
      markerSearch: { value: 'sosl' },
    },
    recordEmail: 'Email',
  },
  kintone: {
    include: ['emailField', 'markerField'],
    values: {
      url: example('https://example.cybozu.com'),
      app: example(123),
      markerField: example('お問い合わせ内容'),
    },
  },
  rest: {
    include: ['delete', 'findByMarker'],
    values: {
      find: example('https://crm.example.co.jp/api/leads?email={email}'),
      delete: example('https://crm.example.co.jp/api/leads/{id}'),
      findByMarker: example('https://crm.example.co.jp/api/leads?message_contains={marker}'),
    },
    recordEmail: 'email',
  },
};

/** Options that only make sense when the form has a free-text field to carry the marker. */
const MARKER_OPTIONS = new Set(['markerField', 'markerSearch', 'findByMarker']);

export function probeInfo(catalogue: ProbeCatalogue, kind: ProbeKind, use: string): ProbeInfo {
  const info = catalogue[kind].find((p) => p.use === use);
  if (!info)
    throw new Error(
      `no ${kind} probe "${use}" (${kind} probes: ${catalogue[kind].map((p) => p.use).join(', ')})`,
    );
  return info;
}

/**
 * The options drafted for one probe, with their values: what the person gave, else the hint,
 * else the schema's default, else an example from the option's description, else a stand-in.
 */
export function planProbe(
  info: ProbeInfo,
  options: { markerField: boolean; values?: Record<string, string> },
): PlannedOption[] {
  const hint = HINTS[info.use] ?? {};
  const planned: PlannedOption[] = [];
  for (const option of info.options) {
    if (option.name === 'use' || option.name === 'name') continue;
    // A secret-only option (an API token) is what a real system needs, even where the schema lets a test double do without.
    const wanted = option.required || option.secret === 'only' || hint.include?.includes(option.name);
    if (!wanted) continue;
    if (MARKER_OPTIONS.has(option.name) && !options.markerField) continue;
    const short = shortHint(option.description);
    if (option.secret === 'only' || (option.secret === 'allowed' && !hint.values?.[option.name])) {
      planned.push({
        name: option.name,
        value: { env: envName(info.use, option.name) },
        placeholder: false,
        hint: short,
      });
      continue;
    }
    const given = options.values?.[option.name]?.trim();
    if (given) {
      planned.push({
        name: option.name,
        value: typed(option, given, hint.values?.[option.name]?.value),
        placeholder: false,
        hint: short,
      });
      continue;
    }
    const hinted = hint.values?.[option.name];
    if (hinted) {
      planned.push({
        name: option.name,
        value: hinted.value,
        placeholder: hinted.placeholder === true,
        hint: short,
      });
      continue;
    }
    if (option.default !== undefined && isPlain(option.default)) {
      planned.push({ name: option.name, value: option.default, placeholder: false, hint: short });
      continue;
    }
    planned.push({ name: option.name, value: standIn(option), placeholder: true, hint: short });
  }
  return planned;
}

/** The name of a secret's environment variable: hubspot's token → HUBSPOT_TOKEN, clientSecret → SALESFORCE_CLIENT_SECRET. */
export function envName(use: string, option: string): string {
  return `${use}_${option}`
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toUpperCase();
}

/** An answer as the option takes it: a number where the option (or its example) is one. */
function typed(option: ProbeOption, text: string, example?: unknown): DraftValue {
  const numeric = option.type === 'number' || typeof example === 'number';
  if (numeric && /^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (option.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function isPlain(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** An example the option's description gives ("e.g. imap.example.co.jp"), else a value of its type. */
function standIn(option: ProbeOption): DraftValue {
  if (option.type === 'number') return 0;
  if (option.type === 'boolean') return false;
  const eg = /e\.g\.,?\s+["“`]?([^\s"”`,;)]+)/.exec(option.description)?.[1];
  return eg ?? 'TODO';
}

/** The start of a description, up to its first clause: "IMAP server host name". */
function shortHint(description: string): string {
  const first = description.split(/[.;:](?=\s|$)|\(|, e\.g\.|, as | — /)[0]?.trim() ?? '';
  return first.length > 70 ? `${first.slice(0, 69)}…` : first;
}

export function valueText(value: DraftValue): string {
  if (typeof value === 'object') return `env(${tsString(value.env)})`;
  if (typeof value === 'string') return tsString(value);
  return String(value);
}

/** `{ use: 'hubspot', url: '…', … }`: on one line when it fits, else one option per line. */
export function probeObject(use: string, planned: PlannedOption[], indent: string, lead: string): string[] {
  const parts = [`use: ${tsString(use)}`, ...planned.map((o) => `${tsKey(o.name)}: ${valueText(o.value)}`)];
  const oneLine = `${indent}${lead}{ ${parts.join(', ')} },`;
  if (oneLine.length <= 110) return [oneLine];
  return [`${indent}${lead}{`, ...parts.map((p) => `${indent}  ${p},`), `${indent}},`];
}

/** The TODO of a drafted probe: the examples to replace and the environment variables to set. */
export function probeTodo(use: string, planned: PlannedOption[]): string | undefined {
  const examples = planned.filter((o) => o.placeholder).map((o) => o.name);
  const envs = planned.flatMap((o) => (typeof o.value === 'object' ? [o.value.env] : []));
  const parts = [
    examples.length > 0 ? `replace the example ${listed(examples)} with your site’s` : '',
    envs.length > 0 ? `set ${listed(envs)} in the environment (never in this file)` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${use}: ${parts.join('; ')}` : undefined;
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** One line of a drafted file: text, or a TODO at its indent. */
export type DraftLine = { text: string } | { todo: string; indent: string };

/** What the drafted probes mean for the scenarios: which downstream checks they can make. */
export interface DraftedProbes {
  /** A notification probe is set: the main channel can be checked. */
  notification: boolean;
  /** A CRM probe is set, and the name of the field its records hold the email in. */
  crm?: { use: string; emailField: string; emailIsGuess: boolean };
  /** The analytics probes set, by name. */
  analytics: string[];
}

/**
 * A target's `probes: { … }` block: the chosen probes as live lines, each with a TODO for what
 * is left to fill in; a kind not decided yet as a TODO with a commented example (every option it
 * needs, `url` and `markerField` included); a kind decided to be absent as a comment.
 */
export function draftProbeSection(
  catalogue: ProbeCatalogue,
  choices: ProbeChoices,
  options: { markerField: boolean; values?: ProbeValues; indent: string },
): { lines: DraftLine[]; usesEnv: boolean; probes: DraftedProbes } {
  const { indent } = options;
  const lines: DraftLine[] = [];
  let usesEnv = false;
  const live = (kind: ProbeKind, use: string): PlannedOption[] => {
    const planned = planProbe(probeInfo(catalogue, kind, use), {
      markerField: options.markerField,
      values: options.values?.[use],
    });
    if (planned.some((o) => typeof o.value === 'object')) usesEnv = true;
    const todo = probeTodo(use, planned);
    if (todo) lines.push({ todo, indent });
    return planned;
  };
  const commented = (kind: ProbeKind, use: string, lead: string) =>
    probeObject(
      use,
      planProbe(probeInfo(catalogue, kind, use), { markerField: options.markerField }),
      '',
      lead,
    ).map((line) => ({ text: `${indent}// ${line}` }));
  const uses = (kind: ProbeKind) => catalogue[kind].map((p) => p.use).join(', ');
  const flag = (kind: ProbeKind) => `cutover init --${kind} <${kind === 'crm' ? 'probe' : 'probes'}>`;

  // Notification: one probe, or a list of them (the first is the main channel).
  const notification = choices.notification;
  if (notification === undefined) {
    lines.push({
      todo: `where does the site send its notification? One of ${uses('notification')} (or ${flag('notification')}), e.g.:`,
      indent,
    });
    lines.push(...commented('notification', 'imap', 'notification: '));
  } else if (notification.length === 0) {
    lines.push({ text: `${indent}// notification: none (the site sends no notification cutover can read)` });
  } else if (notification.length === 1) {
    const use = notification[0]!;
    const planned = live('notification', use);
    lines.push(...probeObject(use, planned, indent, 'notification: ').map((text) => ({ text })));
  } else {
    const blocks = notification.map((use) => ({ use, planned: live('notification', use) }));
    lines.push({
      text: `${indent}// The first is the main channel (expect.notification); others by name (expect.notifications).`,
    });
    lines.push({ text: `${indent}notification: [` });
    for (const { use, planned } of blocks)
      lines.push(...probeObject(use, planned, `${indent}  `, '').map((text) => ({ text })));
    lines.push({ text: `${indent}],` });
  }

  // CRM: one probe.
  let crm: DraftedProbes['crm'];
  if (choices.crm === undefined) {
    lines.push({
      todo: `which CRM receives the inquiry? One of ${uses('crm')} (or ${flag('crm')}), e.g.:`,
      indent,
    });
    lines.push(...commented('crm', 'hubspot', 'crm: '));
  } else if (choices.crm === null) {
    lines.push({ text: `${indent}// crm: none (the inquiry reaches no CRM)` });
  } else {
    const planned = live('crm', choices.crm);
    lines.push(...probeObject(choices.crm, planned, indent, 'crm: ').map((text) => ({ text })));
    const field = planned.find((o) => o.name === 'emailField');
    const recordEmail = HINTS[choices.crm]?.recordEmail;
    crm = {
      use: choices.crm,
      emailField: typeof field?.value === 'string' ? field.value : (recordEmail ?? 'email'),
      emailIsGuess: field === undefined && recordEmail === undefined,
    };
  }

  // Analytics: a list.
  const analytics = choices.analytics;
  if (analytics === undefined) {
    lines.push({
      todo: `which analytics does the thank-you page send? ${uses('analytics')} (or ${flag('analytics')}), e.g.:`,
      indent,
    });
    lines.push({
      text: `${indent}// analytics: [${catalogue.analytics.map((p) => `{ use: ${tsString(p.use)} }`).join(', ')}],`,
    });
  } else if (analytics.length === 0) {
    lines.push({ text: `${indent}// analytics: none` });
  } else {
    const objects = analytics.map((use) =>
      probeObject(use, live('analytics', use), '', '')[0]!.replace(/,$/, ''),
    );
    const oneLine = `${indent}analytics: [${objects.join(', ')}],`;
    if (oneLine.length <= 110) lines.push({ text: oneLine });
    else {
      lines.push({ text: `${indent}analytics: [` });
      for (const object of objects) lines.push({ text: `${indent}  ${object},` });
      lines.push({ text: `${indent}],` });
    }
  }
  return {
    lines,
    usesEnv,
    probes: {
      notification: (notification?.length ?? 0) > 0,
      ...(crm ? { crm } : {}),
      analytics: analytics ?? [],
    },
  };
}

/** The options a person is asked for once a probe is chosen: every drafted one that is not a secret. */
export function askedOptions(info: ProbeInfo, markerField: boolean): PlannedOption[] {
  return planProbe(info, { markerField }).filter((o) => typeof o.value !== 'object');
}
