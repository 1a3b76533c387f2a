import { Broken, type Partly } from '../foundation/parse-parts.ts';
import { didYouMean, formatPath, type Problem } from '../foundation/problems.ts';
import { capabilityGap, type ProbeOptions, probesThatCan } from '../probes/index.ts';
import type { CutoverConfig } from './config.schema.ts';
import type { MonitorDefinition, WatchDefinition } from './monitor.schema.ts';
import type { Scenario } from './scenario.schema.ts';

const list = (names: Iterable<string>) => [...names].map((n) => `"${n}"`).join(', ') || 'none';

/**
 * A file to check against the others: whole when it validated, else the parts of it that did
 * (see parseParts) and the paths that did not.
 */
export interface Checkable<T> {
  file: string;
  value: Partly<T>;
  broken?: Broken;
}

/**
 * Checks that need more than one file: names that must exist, ids that must be unique,
 * production safety.
 *
 * They run on whatever validated, so `validate` lists these problems in the same run as the
 * schema's: a scenario with a bad duration still has its form, input keys and analytics sources
 * checked, and a config with a typo still has the scenarios checked against its forms and
 * targets. A check that needs a part that did not validate (a broken path, or the config when
 * it could not be imported) is skipped: that part's problem is reported already, and "not
 * defined" would be a second, wrong one.
 */
export function crossCheck(
  config: Required<Checkable<CutoverConfig>> | undefined,
  scenarios: Checkable<Scenario>[],
  monitors: Checkable<MonitorDefinition>[],
): Problem[] {
  return [
    ...(config ? checkConfig(config) : []),
    ...checkScenarios(config, scenarios),
    ...checkMonitors(config, scenarios, monitors),
  ];
}

type Config = Required<Checkable<CutoverConfig>>;
type PartScenario = Partly<Scenario>;
type PartTarget = Partly<CutoverConfig['targets'][string]>;

function problem(file: string, keys: PropertyKey[], message: string): Problem {
  return { file, path: formatPath(keys), keys, message };
}

/** The entries of a record as far as it validated. */
function entriesOf<T>(record: Record<string, T | undefined> | undefined): Array<[string, T]> {
  return Object.entries(record ?? {}).filter((entry): entry is [string, T] => entry[1] !== undefined);
}

/** A probe's name in a target. Probes are unions, which validate whole or not at all (parseParts). */
const probeName = (probe: { name?: string; use?: string }) => probe.name ?? probe.use ?? '';

/** The names of a target's probes of a kind; undefined when some did not validate. */
function probeNames(
  config: Config,
  targetName: string,
  kind: 'notification' | 'analytics',
  probes: Array<{ name?: string; use?: string } | undefined> | undefined,
): string[] | undefined {
  if (config.broken.covers(['targets', targetName, 'probes', kind])) return undefined;
  if (probes?.some((probe) => probe === undefined)) return undefined;
  return (probes ?? []).map((probe) => probeName(probe!));
}

function checkConfig(config: Config): Problem[] {
  const { file, value, broken } = config;
  const problems: Problem[] = [];
  for (const [targetName, target] of entriesOf(value.targets)) {
    for (const [formName, form] of entriesOf(target.forms)) {
      const keys = ['targets', targetName, 'forms', formName];
      const definition = value.forms?.[formName];
      if (!definition) {
        if (value.forms && !broken.covers(['forms', formName])) {
          problems.push(
            problem(
              file,
              keys,
              `form "${formName}" is not defined in forms (${didYouMean(formName, Object.keys(value.forms), 'defined')})`,
            ),
          );
        }
        continue;
      }
      const fields = definition.fields;
      if (!fields) continue;
      for (const field of Object.keys(form.selectors ?? {})) {
        if (!(field in fields) && !broken.covers(['forms', formName, 'fields', field])) {
          problems.push(
            problem(
              file,
              [...keys, 'selectors', field],
              `"${field}" is not a field of form "${formName}" (${didYouMean(field, Object.keys(fields), 'fields')})`,
            ),
          );
        }
      }
    }
    const names = new Set<string>();
    for (const [i, probe] of (target.probes?.analytics ?? []).entries()) {
      if (!probe) continue;
      const name = probeName(probe);
      if (names.has(name)) {
        problems.push(
          problem(
            file,
            ['targets', targetName, 'probes', 'analytics', i],
            `two analytics probes are named "${name}"; give one a name`,
          ),
        );
      }
      names.add(name);
    }
  }
  return problems;
}

/** How many times a scenario submits; undefined when its `submissions` did not validate. */
function submissions(scenario: PartScenario): number | undefined {
  const { submissions } = scenario;
  return typeof submissions === 'number' ? submissions : submissions?.length;
}

function checkScenarios(config: Config | undefined, scenarios: Checkable<Scenario>[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const { file, value: scenario, broken = Broken.none } of scenarios) {
    if (scenario.id !== undefined) {
      const first = seen.get(scenario.id);
      if (first)
        problems.push(problem(file, ['id'], `duplicate scenario id "${scenario.id}" (also in ${first})`));
      else seen.set(scenario.id, file);
    }
    problems.push(...checkScenarioAlone(file, scenario));
    if (!config || scenario.form === undefined) continue;
    const form = config.value.forms?.[scenario.form];
    if (!form) {
      const forms = config.value.forms;
      if (forms && !config.broken.covers(['forms', scenario.form])) {
        problems.push(
          problem(
            file,
            ['form'],
            `form "${scenario.form}" is not defined in the config (${didYouMean(scenario.form, Object.keys(forms), 'forms')})`,
          ),
        );
      }
      continue;
    }
    if (form.fields)
      problems.push(...checkScenarioFields(config, file, scenario, scenario.form, form.fields));
    problems.push(...checkScenarioTargets(config, file, scenario, broken));
  }
  return problems;
}

/** What a scenario says that contradicts itself. */
function checkScenarioAlone(file: string, scenario: PartScenario): Problem[] {
  const problems: Problem[] = [];
  const count = submissions(scenario);
  const from = scenario.expect?.crm?.from;
  if (typeof from === 'number' && count !== undefined && from > count) {
    problems.push(
      problem(
        file,
        ['expect', 'crm', 'from'],
        `submission ${from} does not exist: the scenario submits ${count} time(s)`,
      ),
    );
  }
  if (scenario.expect?.crm?.updated && count !== undefined && count < 2) {
    problems.push(
      problem(
        file,
        ['expect', 'crm', 'updated'],
        'updated: true needs at least two submissions (the second updates what the first created)',
      ),
    );
  }
  const submit = scenario.expect?.submit;
  if (submit?.errors && submit.outcome !== undefined && submit.outcome !== 'rejected') {
    problems.push(
      problem(file, ['expect', 'submit', 'errors'], 'field errors are expected only with outcome: rejected'),
    );
  }
  return problems;
}

/** The input keys a scenario gives, and the field errors it expects, are fields of its form. */
function checkScenarioFields(
  config: Config,
  file: string,
  scenario: PartScenario,
  formName: string,
  fieldsOfForm: Record<string, unknown>,
): Problem[] {
  const problems: Problem[] = [];
  const fields = Object.keys(fieldsOfForm);
  const check = (key: string, at: PropertyKey[]) => {
    if (fields.includes(key) || config.broken.covers(['forms', formName, 'fields', key])) return;
    problems.push(
      problem(
        file,
        at,
        `"${key}" is not a field of form "${formName}" (${didYouMean(key, fields, 'fields')})`,
      ),
    );
  };
  for (const key of Object.keys(scenario.input ?? {})) check(key, ['input', key]);
  if (Array.isArray(scenario.submissions)) {
    for (const [i, overrides] of scenario.submissions.entries()) {
      for (const key of Object.keys(overrides ?? {})) check(key, ['submissions', i, key]);
    }
  }
  for (const [i, key] of (scenario.expect?.submit?.errors ?? []).entries()) {
    if (key !== undefined) check(key, ['expect', 'submit', 'errors', i]);
  }
  for (const key of Object.keys(scenario.expect?.form ?? {})) check(key, ['expect', 'form', key]);
  return problems;
}

/**
 * The targets a scenario runs on (see targetsFor), each with where the scenario names it; undefined
 * when that depends on a part of the scenario or config that did not validate.
 */
function runsOn(
  config: Config,
  scenario: PartScenario,
  broken: Broken,
): Array<{ name: string; at: PropertyKey[] }> | undefined {
  if (scenario.targets) {
    return scenario.targets.flatMap((name, i) => (name === undefined ? [] : [{ name, at: ['targets', i] }]));
  }
  const form = scenario.form;
  if (broken.covers(['targets']) || form === undefined || scenario.production === undefined) return undefined;
  if (!config.value.targets || config.broken.covers(['targets'])) return undefined;
  const names: Array<{ name: string; at: PropertyKey[] }> = [];
  for (const [name, target] of Object.entries(config.value.targets)) {
    if (target?.forms === undefined || target.production === undefined) return undefined;
    if (config.broken.covers(['targets', name, 'forms', form])) return undefined;
    if (form in target.forms && (!target.production || scenario.production))
      names.push({ name, at: ['form'] });
  }
  return names;
}

function checkScenarioTargets(
  config: Config,
  file: string,
  scenario: PartScenario,
  broken: Broken,
): Problem[] {
  const problems: Problem[] = [];
  const targets = config.value.targets;
  for (const { name, at } of runsOn(config, scenario, broken) ?? []) {
    const target = targets?.[name];
    if (!target) {
      if (targets && !config.broken.covers(['targets', name])) {
        problems.push(
          problem(
            file,
            at,
            `target "${name}" is not defined in the config (${didYouMean(name, Object.keys(targets), 'targets')})`,
          ),
        );
      }
      continue;
    }
    if (
      scenario.form !== undefined &&
      target.forms &&
      !(scenario.form in target.forms) &&
      !config.broken.covers(['targets', name, 'forms', scenario.form])
    ) {
      problems.push(
        problem(
          file,
          at,
          `form "${scenario.form}" is not configured on target "${name}" (add it under targets.${name}.forms)`,
        ),
      );
    }
    if (target.production && scenario.production === false) {
      problems.push(
        problem(
          file,
          at,
          `target "${name}" is production; the scenario must say production: true to run there`,
        ),
      );
    }
    problems.push(...checkExpectedProbes(config, file, scenario, name, target));
  }
  return problems;
}

/** Every check a scenario expects has a probe on the target to make it. */
function checkExpectedProbes(
  config: Config,
  file: string,
  scenario: PartScenario,
  name: string,
  target: PartTarget,
): Problem[] {
  const problems: Problem[] = [];
  const { notification, notifications, crm, analytics } = scenario.expect ?? {};
  const channels = probeNames(config, name, 'notification', target.probes?.notification);
  if (notification && channels?.length === 0) {
    problems.push(
      problem(
        file,
        ['expect', 'notification'],
        `target "${name}" has no notification probe (targets.${name}.probes.notification)`,
      ),
    );
  }
  for (const channel of Object.keys(notifications ?? {})) {
    if (!channels) break;
    const at = ['expect', 'notifications', channel];
    if (!channels.includes(channel)) {
      const has =
        channels.length > 0
          ? didYouMean(channel, channels, 'has')
          : `add targets.${name}.probes.notification`;
      problems.push(problem(file, at, `target "${name}" has no notification probe "${channel}" (${has})`));
    } else if (notification && channel === channels[0]) {
      problems.push(
        problem(
          file,
          at,
          `"${channel}" is target "${name}"'s main notification probe, already checked by expect.notification: say it once`,
        ),
      );
    }
  }
  if (crm && !target.probes?.crm && !config.broken.covers(['targets', name, 'probes', 'crm'])) {
    problems.push(
      problem(file, ['expect', 'crm'], `target "${name}" has no crm probe (targets.${name}.probes.crm)`),
    );
  }
  const probes = probeNames(config, name, 'analytics', target.probes?.analytics);
  if (analytics && probes) {
    if (probes.length === 0) {
      problems.push(
        problem(
          file,
          ['expect', 'analytics'],
          `target "${name}" has no analytics probe (targets.${name}.probes.analytics)`,
        ),
      );
    }
    for (const [j, event] of (analytics.events ?? []).entries()) {
      if (event?.source && probes.length > 0 && !probes.includes(event.source)) {
        problems.push(
          problem(
            file,
            ['expect', 'analytics', 'events', j, 'source'],
            `target "${name}" has no analytics probe "${event.source}" (${didYouMean(event.source, probes, 'has')})`,
          ),
        );
      }
    }
  }
  return problems;
}

function checkMonitors(
  config: Config | undefined,
  scenarios: Checkable<Scenario>[],
  monitors: Checkable<MonitorDefinition>[],
): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, Checkable<Scenario>>();
  for (const scenario of scenarios)
    if (scenario.value.id !== undefined) byId.set(scenario.value.id, scenario);
  // A scenario file whose id did not validate may be the one a monitor names.
  const everyId = scenarios.every((scenario) => scenario.value.id !== undefined);
  const targets = config?.value.targets;
  for (const { file, value: monitor } of monitors) {
    const name = monitor.target;
    const target = name === undefined ? undefined : targets?.[name];
    if (config && name !== undefined && !target) {
      if (targets && !config.broken.covers(['targets', name])) {
        problems.push(
          problem(
            file,
            ['target'],
            `target "${name}" is not defined in the config (${didYouMean(name, Object.keys(targets), 'targets')})`,
          ),
        );
      }
    } else if (target?.production && monitor.production === false) {
      problems.push(
        problem(
          file,
          ['target'],
          `target "${name}" is production; set production: true in the monitor to run there on purpose`,
        ),
      );
    }
    for (const [i, id] of (monitor.scenarios ?? []).entries()) {
      if (id === undefined) continue;
      const scenario = byId.get(id);
      if (!scenario) {
        if (everyId) {
          problems.push(
            problem(
              file,
              ['scenarios', i],
              `no scenario has id "${id}" (${didYouMean(id, byId.keys(), 'ids')})`,
            ),
          );
        }
        continue;
      }
      const on = config && target && runsOn(config, scenario.value, scenario.broken ?? Broken.none);
      if (on && !on.some((t) => t.name === name)) {
        const why =
          target?.production && !scenario.value.production ? ' (it is not marked production: true)' : '';
        problems.push(
          problem(file, ['scenarios', i], `scenario "${id}" does not run on target "${name}"${why}`),
        );
      }
    }
    if (config && target && name !== undefined && monitor.watch)
      problems.push(...checkWatch(config, file, name, target, monitor.watch));
  }
  return problems;
}

function checkWatch(
  config: Config,
  file: string,
  targetName: string,
  target: PartTarget,
  watch: Partly<WatchDefinition>,
): Problem[] {
  const problems: Problem[] = [];
  for (const [i, source] of (watch.count ?? []).entries()) {
    if (source === undefined || config.broken.covers(['targets', targetName, 'probes', source])) continue;
    // The main notification channel (the first probe) is the one that counts real inquiries.
    // Probes are unions: one that is there validated whole (parseParts).
    const probe = (source === 'notification' ? target.probes?.notification?.[0] : target.probes?.crm) as
      | ProbeOptions<typeof source>
      | undefined;
    const cannot = probe && capabilityGap(source, probe, 'countCreated');
    if (!probe) {
      problems.push(
        problem(file, ['watch', 'count', i], `target "${targetName}" has no ${source} probe to count in`),
      );
    } else if (cannot !== undefined) {
      // A probe that never counts names those that do; one that could with other options says how.
      const can = probesThatCan(source, 'countCreated');
      const others = can.includes(probe.use) ? '' : ` (${source} probes that can: ${list(can)})`;
      problems.push(problem(file, ['watch', 'count', i], `${cannot}${others}`));
    }
  }
  if (watch.crmFilter && watch.count && !watch.count.includes('crm')) {
    problems.push(problem(file, ['watch', 'crmFilter'], 'crmFilter needs "crm" in watch.count'));
  }
  if (watch.sla && !config.broken.covers(['targets', targetName, 'probes', 'crm']))
    problems.push(...checkSla(file, targetName, target, watch.sla));
  return problems;
}

/** The sales SLA reads the target's CRM probe: it must be there, able to read leads, and able to show the chosen sign. */
function checkSla(
  file: string,
  targetName: string,
  target: PartTarget,
  sla: NonNullable<Partly<WatchDefinition>['sla']>,
): Problem[] {
  const probe = target.probes?.crm as ProbeOptions<'crm'> | undefined;
  if (!probe)
    return [problem(file, ['watch', 'sla'], `target "${targetName}" has no crm probe to read leads from`)];
  const cannot = capabilityGap('crm', probe, 'readLeads');
  if (cannot !== undefined) {
    const can = probesThatCan('crm', 'readLeads');
    const others = can.includes(probe.use) ? '' : ` (crm probes that can: ${list(can)})`;
    return [problem(file, ['watch', 'sla'], `${cannot}${others}`)];
  }
  if (probe.use === 'rest' && sla.firstResponse?.status && !probe.history && !probe.updatedAt) {
    return [
      problem(
        file,
        ['watch', 'sla', 'firstResponse', 'status'],
        `the rest probe of target "${targetName}" cannot tell when ${sla.firstResponse.status.field ?? 'the status'} left its initial value: give it a \`history\` template or an \`updatedAt\` path`,
      ),
    ];
  }
  return [];
}
