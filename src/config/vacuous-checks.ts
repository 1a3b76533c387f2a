import { syntheticEmail } from '../foundation/marker.ts';
import { formatPath, type Problem } from '../foundation/problems.ts';
import { renderText } from '../foundation/template.ts';
import type { CrmProbeOptions, NotificationProbeOptions } from '../probes/index.ts';
import type { CutoverConfig, TargetConfig } from './config.schema.ts';
import type { LoadedScenario } from './load-scenarios.ts';
import { type Scenario, submissionInputs } from './scenario.schema.ts';
import { targetsFor } from './targets-for.ts';

/**
 * Expectations that cannot fail with the probes and inputs given: named — by `validate` as
 * warnings, in the report as a caveat on the check — never passed silently. Each is certain, not
 * a guess, and says why and what makes it a real check:
 *
 * - `unseen`: an expected absence (`none: true`, `count: 0`, `records: 0`) of mail, chat or CRM
 *   records on a probe that cannot find this case's items at all. A probe finds a case's items by
 *   its synthetic email or its marker (each probe's `find`, src/probes/<name>/); the site learns
 *   either only from what the case sends it — every submission's input values and the visit's
 *   query. When none of those carries what the probe looks for, nothing the site does can show
 *   up, and "no CRM record within 10 s, as expected" is no verdict.
 * - `unchecked`: what an expected absence says of an item — `fields`, `subject`, `{ absent: true }`,
 *   `updated`, an analytics event's `params`, `utm` or `hit` with `count: 0` — is never compared: an
 *   absence waits for no item, and only an arrival fails it.
 *
 * Not flagged, because not certain: a field matcher on a field a probe might not return (HubSpot
 * and Salesforce read the fields a scenario expects, kintone and REST return what the record has,
 * mail and chat fields come from the text); an analytics event a source might never capture (ga4
 * and datalayer capture every event the page sends, so they see every case). A missing probe, or
 * a `watch.count` on a probe that cannot count, is already an error (cross-check.ts).
 *
 * Pure: a function of the scenario and the targets' config, computed by `validate` and once per
 * case by the case runner, which puts the caveats on the checks of the case's result.
 */

/** Why an expectation cannot fail: `unseen` (the probe cannot see this case's items) or `unchecked` (matchers never compared). */
export type CaveatKind = 'unseen' | 'unchecked';

/** What a check whose expectation cannot (wholly) fail carries in the report: data, rendered by {@link caveatSentence}. */
export interface Caveat {
  kind: CaveatKind;
  /** Why, as a clause: "the hubspot CRM probe of target "legacy" finds records only by …". */
  why: string;
  /** What to change so that the expectation can fail. */
  fix: string;
}

/** One flagged expectation of a scenario: the check it belongs to, where it is written, the targets it concerns. */
export interface VacuousExpectation {
  check: 'notification' | 'crm' | 'analytics';
  /** A further notification channel (`expect.notifications.<channel>`). */
  channel?: string;
  /** Key path of the expectation in the scenario file. */
  keys: PropertyKey[];
  /** The targets it cannot fail on. */
  targets: string[];
  caveat: Caveat;
}

/**
 * A warning of `validate`: located like a problem, it stops nothing (unless `validate --strict`).
 * `interval`: a monitor's interval shorter than its worst-case cycle (src/monitor/cycle-length.ts).
 */
export interface Warning extends Problem {
  kind: CaveatKind | 'interval';
}

/** How each kind is named next to a verdict. */
export const CAVEAT_LABEL: Record<CaveatKind, string> = {
  unseen: 'cannot fail',
  unchecked: 'not checked',
};

/** The caveat as the report says it: "Cannot fail: <why>. Fix: <fix>." */
export function caveatSentence(caveat: Caveat): string {
  const label = CAVEAT_LABEL[caveat.kind];
  return `${label[0]!.toUpperCase()}${label.slice(1)}: ${caveat.why}. Fix: ${caveat.fix}.`;
}

/** The caveat as `validate` says it, after the file, line and key path: "cannot fail: <why>. Fix: <fix>". */
export function warningMessage(caveat: Caveat): string {
  return `${CAVEAT_LABEL[caveat.kind]}: ${caveat.why}. Fix: ${caveat.fix}`;
}

/**
 * The expectations of a scenario that cannot fail on these targets (default: every target it runs
 * on); the same caveat on several targets (the same probe and options) once, naming them all.
 * Targets and probes the config lacks are cross-check.ts's errors, skipped here.
 */
export function vacuousExpectations(
  config: CutoverConfig,
  scenario: Scenario,
  targets: readonly string[] = targetsFor(scenario, config),
): VacuousExpectation[] {
  const found = new Map<string, VacuousExpectation>();
  const add = (at: At, target: string, text: Text) => {
    const key = JSON.stringify([at.keys, text.kind, text.why('\u0000'), text.fix('\u0000')]);
    const names = [...(found.get(key)?.targets ?? []), target];
    const on = targetPhrase(names);
    found.set(key, {
      ...at,
      targets: names,
      caveat: { kind: text.kind, why: text.why(on), fix: text.fix(on) },
    });
  };
  for (const name of targets) {
    const target = config.targets[name];
    if (!target) continue;
    const reach = whatReaches(config, target, name, scenario);
    for (const at of absences(scenario)) {
      const text =
        at.check === 'crm'
          ? target.probes.crm && crmUnseen(target.probes.crm, reach)
          : notificationUnseen(notificationProbe(target, at.channel), reach);
      if (text) add(at, name, text);
    }
    for (const { text, ...at } of uncheckedMatchers(scenario)) add(at, name, text);
  }
  return [...found.values()];
}

/**
 * `validate`'s warnings: every flagged expectation of every scenario, located in its file; `on`
 * narrows the targets to those of a run (`cutover uat --target`).
 */
export function vacuousWarnings(
  config: CutoverConfig,
  scenarios: readonly LoadedScenario[],
  on?: readonly string[],
): Warning[] {
  return scenarios.flatMap(({ file, value, locate }) =>
    vacuousExpectations(
      config,
      value,
      targetsFor(value, config).filter((t) => on === undefined || on.includes(t)),
    ).map(({ keys, caveat }) => ({
      file,
      path: formatPath(keys),
      keys,
      message: warningMessage(caveat),
      kind: caveat.kind,
      ...locate(keys),
    })),
  );
}

/** Where a flagged expectation is: its check, channel and key path. */
type At = Omit<VacuousExpectation, 'targets' | 'caveat'>;

/** A caveat's words, given the targets it is about (`target "legacy"`, `targets "a" and "b"`). */
interface Text {
  kind: CaveatKind;
  why(on: string): string;
  fix(on: string): string;
}

function targetPhrase(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length === 1) return `target ${quoted[0]}`;
  return `targets ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/**
 * Whether the site can learn the case's synthetic email and its marker: only from what the case
 * sends it — every submission's input values and the visit's query, templates filled in (an
 * address written out by hand as the pattern says counts too). The email carries the marker (the
 * pattern must contain `{marker}`): where it goes, the marker goes.
 */
interface Reach {
  email: boolean;
  marker: boolean;
}

/** Stands for the marker while filling in templates: no text a scenario holds contains it. */
const MARKER = '\u{E000}marker\u{E000}';

function whatReaches(config: CutoverConfig, target: TargetConfig, name: string, scenario: Scenario): Reach {
  const email = syntheticEmail(target.syntheticEmail ?? config.synthetic.email, MARKER).toLowerCase();
  const values = { marker: MARKER, email, target: name, input: {} };
  const sent = [
    ...submissionInputs(scenario).flatMap((input) => Object.values(input)),
    ...Object.values(scenario.visit.query),
  ]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => renderText(value, values));
  return {
    email: sent.some((value) => value.toLowerCase().includes(email)),
    marker: sent.some((value) => value.includes(MARKER)),
  };
}

/** The expected absences of mail, chat and CRM records (analytics probes see every event of the page: never unseen). */
function absences(scenario: Scenario): At[] {
  const { notification, notifications, crm } = scenario.expect;
  return [
    ...(notification?.none ? [{ check: 'notification' as const, keys: ['expect', 'notification'] }] : []),
    ...Object.entries(notifications ?? {})
      .filter(([, expected]) => expected.none)
      .map(([channel]) => ({
        check: 'notification' as const,
        channel,
        keys: ['expect', 'notifications', channel],
      })),
    ...(crm?.none ? [{ check: 'crm' as const, keys: ['expect', 'crm'] }] : []),
  ];
}

function notificationProbe(target: TargetConfig, channel: string | undefined) {
  const probes = target.probes.notification;
  return channel === undefined ? probes[0] : probes.find((p) => (p.name ?? p.use) === channel);
}

const MESSAGE_EXAMPLE = 'message: "…（{{marker}}）"';
const PASSES = 'the expected absence passes whatever the site does';

/**
 * How a CRM probe finds a case's records (each probe's `find`): hubspot, salesforce and kintone by
 * the synthetic email, and by the marker in `markerField` when set; rest by what its `find` URL
 * names and by `findByMarker`. Undefined when nothing is certain: a REST `find` URL naming
 * neither `{email}` nor `{marker}` lists whatever the CRM answers.
 */
interface CrmFinds {
  byEmail: boolean;
  byMarker: boolean;
  /** Where the marker is looked for: `the property "message"`. */
  where: string;
  /** How to make the probe look for the marker. */
  enable: string;
}

function crmFinds(probe: CrmProbeOptions): CrmFinds | undefined {
  switch (probe.use) {
    case 'hubspot':
      return byMarkerField(probe.markerField, 'property', 'message');
    case 'salesforce':
      return byMarkerField(probe.markerField, 'field', 'Description');
    case 'kintone':
      return byMarkerField(probe.markerField, 'field code', 'お問い合わせ内容');
    case 'rest': {
      const byEmail = probe.find.includes('{email}');
      const byMarker = probe.find.includes('{marker}') || probe.findByMarker !== undefined;
      if (!byEmail && !byMarker) return undefined;
      return {
        byEmail,
        byMarker,
        where:
          probe.findByMarker === undefined
            ? 'the records its find URL lists'
            : 'the free-text field its findByMarker URL searches',
        enable:
          'set findByMarker on that probe — a URL listing the records whose free-text field carries {marker}, e.g. https://crm/api/leads?message_contains={marker} —',
      };
    }
    default: {
      const unknown: never = probe;
      return unknown;
    }
  }
}

function byMarkerField(markerField: string | undefined, word: string, example: string): CrmFinds {
  return {
    byEmail: true,
    byMarker: markerField !== undefined,
    where: `the ${word} "${markerField ?? example}"`,
    enable: `set markerField on that probe — the ${word} the form’s free-text input lands in, e.g. "${example}" —`,
  };
}

function crmUnseen(probe: CrmProbeOptions, reach: Reach): Text | undefined {
  const finds = crmFinds(probe);
  if (!finds || (finds.byEmail && reach.email) || (finds.byMarker && reach.marker)) return undefined;
  const subject = (on: string) => `the ${probe.use} CRM probe of ${on}`;
  if (!finds.byMarker) {
    return {
      kind: 'unseen',
      why: (on) =>
        `${subject(on)} finds records only by the synthetic email, and no input of this scenario carries it ({{email}}): a record the site wrote would carry the address typed instead, which the probe never looks for — ${PASSES}`,
      fix: () => `${finds.enable} and put {{marker}} in that input, e.g. ${MESSAGE_EXAMPLE}`,
    };
  }
  return {
    kind: 'unseen',
    why: (on) =>
      finds.byEmail
        ? `${subject(on)} finds records by the synthetic email or by the marker in ${finds.where}, and no input of this scenario carries either ({{email}}, {{marker}}): no record the site wrote could carry what the probe looks for — ${PASSES}`
        : `${subject(on)} finds records only by the marker in ${finds.where}, and no input of this scenario carries it ({{marker}}): no record the site wrote could carry what the probe looks for — ${PASSES}`,
    fix: () => `put {{marker}} in the input that lands in ${finds.where}, e.g. ${MESSAGE_EXAMPLE}`,
  };
}

/**
 * How a notification probe finds a case's messages (each probe's `find`): mailpit with
 * `to: "{email}"` only mail to the synthetic address; mailpit otherwise, imap, slack and webhook
 * the messages whose text carries the marker or the synthetic email, or addressed to it.
 */
function notificationUnseen(probe: NotificationProbeOptions | undefined, reach: Reach): Text | undefined {
  if (!probe) return undefined;
  const subject = (on: string) => `the ${probe.use} notification probe "${probe.name ?? probe.use}" of ${on}`;
  switch (probe.use) {
    case 'mailpit':
      // `to: "{email}"`, as documented on the option: the inbox is the case's synthetic address.
      if (probe.to !== '{email}') break;
      if (reach.email) return undefined;
      return {
        kind: 'unseen',
        why: (on) =>
          `${subject(on)} reads only mail to the case’s synthetic address (to: "{email}"), and no input of this scenario carries it ({{email}}): a mail the site sent would go to the address typed, an inbox the probe does not read — ${PASSES}`,
        fix: () =>
          'remove this expectation — no inbox cutover reads gets mail to the address typed — or give the email input "{{email}}"',
      };
    case 'imap':
    case 'slack':
    case 'webhook':
      break;
    default: {
      const unknown: never = probe;
      return unknown;
    }
  }
  if (reach.marker) return undefined;
  return {
    kind: 'unseen',
    why: (on) =>
      `${subject(on)} finds messages only by the marker or the synthetic email in them, and no input of this scenario carries either ({{marker}}, {{email}}): no message the site sent could carry what the probe looks for — ${PASSES}`,
    fix: () => `put {{marker}} in a free-text input the message repeats, e.g. ${MESSAGE_EXAMPLE}`,
  };
}

/** What expected absences say of the items they expect none of: never compared, on every target alike. */
function uncheckedMatchers(scenario: Scenario): Array<At & { text: Text }> {
  const out: Array<At & { text: Text }> = [];
  const { notification, notifications, crm, analytics } = scenario.expect;
  const flag = (at: At, item: string, absence: string, instead: string) => {
    const key = String(at.keys.at(-1));
    out.push({
      ...at,
      text: {
        kind: 'unchecked',
        why: () =>
          `${absence} waits for no ${item} at all, so what it says of ${key} is ignored: only an arrival fails the check`,
        fix: () => `remove ${key}, or ${instead} to check a ${item} that must arrive`,
      },
    });
  };
  const channels = [
    ...(notification ? [[undefined, notification] as const] : []),
    ...Object.entries(notifications ?? {}),
  ];
  for (const [channel, expected] of channels) {
    if (!expected.none) continue;
    const keys = channel === undefined ? ['expect', 'notification'] : ['expect', 'notifications', channel];
    for (const key of ['to', 'subject', 'body', 'fields'] as const) {
      if (expected[key] === undefined) continue;
      flag(
        { check: 'notification', ...(channel === undefined ? {} : { channel }), keys: [...keys, key] },
        'message',
        'an expected absence (none: true, count: 0)',
        'drop the absence',
      );
    }
  }
  if (crm?.none) {
    for (const key of ['fields', 'updated'] as const) {
      if (crm[key] === undefined) continue;
      flag(
        { check: 'crm', keys: ['expect', 'crm', key] },
        'record',
        'an expected absence (none: true, records: 0)',
        'drop the absence',
      );
    }
  }
  for (const [i, event] of (analytics?.events ?? []).entries()) {
    if (!event.none) continue;
    for (const key of ['params', 'utm', 'hit'] as const) {
      if (event[key] === undefined) continue;
      flag(
        { check: 'analytics', keys: ['expect', 'analytics', 'events', i, key] },
        `${event.name} event`,
        'count: 0',
        'drop count: 0',
      );
    }
  }
  return out;
}
