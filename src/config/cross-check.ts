import { formatPath, type Problem } from '../foundation/problems.ts';
import { capabilityGap, probesThatCan } from '../probes/index.ts';
import type { CutoverConfig } from './config.schema.ts';
import type { LoadedMonitor } from './load-monitors.ts';
import type { LoadedScenario } from './load-scenarios.ts';
import type { WatchDefinition } from './monitor.schema.ts';
import { submissionCount } from './scenario.schema.ts';
import { targetsFor } from './targets-for.ts';

const list = (names: Iterable<string>) => [...names].map((n) => `"${n}"`).join(', ') || 'none';

/** Checks that need more than one file: names that must exist, ids that must be unique, production safety. */
export function crossCheck(
  configFile: string,
  config: CutoverConfig,
  scenarios: LoadedScenario[],
  monitors: LoadedMonitor[],
): Problem[] {
  return [
    ...checkConfig(configFile, config),
    ...checkScenarios(config, scenarios),
    ...checkMonitors(config, scenarios, monitors),
  ];
}

function problem(file: string, keys: PropertyKey[], message: string): Problem {
  return { file, path: formatPath(keys), keys, message };
}

function checkConfig(file: string, config: CutoverConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [targetName, target] of Object.entries(config.targets)) {
    for (const [formName, form] of Object.entries(target.forms)) {
      const keys = ['targets', targetName, 'forms', formName];
      const definition = config.forms[formName];
      if (!definition) {
        problems.push(
          problem(
            file,
            keys,
            `form "${formName}" is not defined in forms (defined: ${list(Object.keys(config.forms))})`,
          ),
        );
        continue;
      }
      for (const field of Object.keys(form.selectors)) {
        if (!(field in definition.fields)) {
          problems.push(
            problem(
              file,
              [...keys, 'selectors', field],
              `"${field}" is not a field of form "${formName}" (fields: ${list(Object.keys(definition.fields))})`,
            ),
          );
        }
      }
    }
    const names = new Set<string>();
    for (const [i, probe] of target.probes.analytics.entries()) {
      const name = probe.name ?? probe.use;
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

function checkScenarios(config: CutoverConfig, scenarios: LoadedScenario[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const { file, value: scenario } of scenarios) {
    const first = seen.get(scenario.id);
    if (first)
      problems.push(problem(file, ['id'], `duplicate scenario id "${scenario.id}" (also in ${first})`));
    else seen.set(scenario.id, file);

    const form = config.forms[scenario.form];
    if (!form) {
      problems.push(
        problem(
          file,
          ['form'],
          `form "${scenario.form}" is not defined in the config (forms: ${list(Object.keys(config.forms))})`,
        ),
      );
      continue;
    }
    const fields = Object.keys(form.fields);
    for (const key of Object.keys(scenario.input)) {
      if (!fields.includes(key)) {
        problems.push(
          problem(
            file,
            ['input', key],
            `"${key}" is not a field of form "${scenario.form}" (fields: ${list(fields)})`,
          ),
        );
      }
    }
    if (Array.isArray(scenario.submissions)) {
      for (const [i, overrides] of scenario.submissions.entries()) {
        for (const key of Object.keys(overrides)) {
          if (!fields.includes(key)) {
            problems.push(
              problem(
                file,
                ['submissions', i, key],
                `"${key}" is not a field of form "${scenario.form}" (fields: ${list(fields)})`,
              ),
            );
          }
        }
      }
    }
    const from = scenario.expect.crm?.from;
    if (typeof from === 'number' && from > submissionCount(scenario)) {
      problems.push(
        problem(
          file,
          ['expect', 'crm', 'from'],
          `submission ${from} does not exist: the scenario submits ${submissionCount(scenario)} time(s)`,
        ),
      );
    }
    if (scenario.expect.crm?.updated && submissionCount(scenario) < 2) {
      problems.push(
        problem(
          file,
          ['expect', 'crm', 'updated'],
          'updated: true needs at least two submissions (the second updates what the first created)',
        ),
      );
    }
    for (const [i, key] of (scenario.expect.submit.errors ?? []).entries()) {
      if (!fields.includes(key)) {
        problems.push(
          problem(
            file,
            ['expect', 'submit', 'errors', i],
            `"${key}" is not a field of form "${scenario.form}" (fields: ${list(fields)})`,
          ),
        );
      }
    }
    if (scenario.expect.submit.errors && scenario.expect.submit.outcome !== 'rejected') {
      problems.push(
        problem(
          file,
          ['expect', 'submit', 'errors'],
          'field errors are expected only with outcome: rejected',
        ),
      );
    }
    problems.push(...checkScenarioTargets(config, file, scenario));
  }
  return problems;
}

function checkScenarioTargets(
  config: CutoverConfig,
  file: string,
  scenario: LoadedScenario['value'],
): Problem[] {
  const problems: Problem[] = [];
  const explicit = scenario.targets !== undefined;
  for (const [i, name] of targetsFor(scenario, config).entries()) {
    const at: PropertyKey[] = explicit ? ['targets', i] : ['form'];
    const target = config.targets[name];
    if (!target) {
      problems.push(
        problem(
          file,
          at,
          `target "${name}" is not defined in the config (targets: ${list(Object.keys(config.targets))})`,
        ),
      );
      continue;
    }
    if (!(scenario.form in target.forms)) {
      problems.push(
        problem(
          file,
          at,
          `form "${scenario.form}" is not configured on target "${name}" (add it under targets.${name}.forms)`,
        ),
      );
    }
    if (target.production && !scenario.production) {
      problems.push(
        problem(
          file,
          at,
          `target "${name}" is production; the scenario must say production: true to run there`,
        ),
      );
    }
    const { notification, notifications, crm, analytics } = scenario.expect;
    const channels = target.probes.notification.map((p) => p.name ?? p.use);
    if (notification && channels.length === 0) {
      problems.push(
        problem(
          file,
          ['expect', 'notification'],
          `target "${name}" has no notification probe (targets.${name}.probes.notification)`,
        ),
      );
    }
    for (const channel of Object.keys(notifications ?? {})) {
      const at = ['expect', 'notifications', channel];
      if (!channels.includes(channel)) {
        const has =
          channels.length > 0 ? `has: ${list(channels)}` : `add targets.${name}.probes.notification`;
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
    if (crm && !target.probes.crm) {
      problems.push(
        problem(file, ['expect', 'crm'], `target "${name}" has no crm probe (targets.${name}.probes.crm)`),
      );
    }
    if (analytics) {
      const probeNames = target.probes.analytics.map((p) => p.name ?? p.use);
      if (probeNames.length === 0) {
        problems.push(
          problem(
            file,
            ['expect', 'analytics'],
            `target "${name}" has no analytics probe (targets.${name}.probes.analytics)`,
          ),
        );
      }
      for (const [j, event] of analytics.events.entries()) {
        if (event.source && probeNames.length > 0 && !probeNames.includes(event.source)) {
          problems.push(
            problem(
              file,
              ['expect', 'analytics', 'events', j, 'source'],
              `target "${name}" has no analytics probe "${event.source}" (has: ${list(probeNames)})`,
            ),
          );
        }
      }
    }
  }
  return problems;
}

function checkMonitors(
  config: CutoverConfig,
  scenarios: LoadedScenario[],
  monitors: LoadedMonitor[],
): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(scenarios.map((s) => [s.value.id, s.value]));
  for (const { file, value: monitor } of monitors) {
    const target = config.targets[monitor.target];
    if (!target) {
      problems.push(
        problem(
          file,
          ['target'],
          `target "${monitor.target}" is not defined in the config (targets: ${list(Object.keys(config.targets))})`,
        ),
      );
    } else if (target.production && !monitor.production) {
      problems.push(
        problem(
          file,
          ['target'],
          `target "${monitor.target}" is production; set production: true in the monitor to run there on purpose`,
        ),
      );
    }
    for (const [i, id] of monitor.scenarios.entries()) {
      const scenario = byId.get(id);
      if (!scenario) {
        problems.push(
          problem(file, ['scenarios', i], `no scenario has id "${id}" (ids: ${list(byId.keys())})`),
        );
        continue;
      }
      if (target && !targetsFor(scenario, config).includes(monitor.target)) {
        const why = target.production && !scenario.production ? ' (it is not marked production: true)' : '';
        problems.push(
          problem(
            file,
            ['scenarios', i],
            `scenario "${id}" does not run on target "${monitor.target}"${why}`,
          ),
        );
      }
    }
    if (target && monitor.watch) problems.push(...checkWatch(file, monitor.target, target, monitor.watch));
  }
  return problems;
}

function checkWatch(
  file: string,
  targetName: string,
  target: CutoverConfig['targets'][string],
  watch: WatchDefinition,
): Problem[] {
  const problems: Problem[] = [];
  for (const [i, source] of watch.count.entries()) {
    // The main notification channel (the first probe) is the one that counts real inquiries.
    const probe = source === 'notification' ? target.probes.notification[0] : target.probes.crm;
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
  if (watch.crmFilter && !watch.count.includes('crm')) {
    problems.push(problem(file, ['watch', 'crmFilter'], 'crmFilter needs "crm" in watch.count'));
  }
  return problems;
}
