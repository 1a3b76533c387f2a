import { loadProject, type ProjectPaths } from '../../config/index.ts';
import { intervalWarnings } from '../../monitor/cycle-length.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint, printProblems, printWarnings } from '../output.ts';

/**
 * `cutover validate`: config, scenarios and monitors, each alone and against each other. Problems
 * are errors (exit 2); warnings — expectations that cannot fail, a monitor interval shorter than
 * its worst-case cycle — are printed and exit 0, unless
 * `--strict` (for CI) makes them errors too.
 */
export async function validateCommand(
  paths: ProjectPaths,
  options: { json?: boolean; strict?: boolean },
  output: Output,
): Promise<ExitCode> {
  const result = await loadProject(paths);
  const warnings = result.ok
    ? [
        ...result.warnings,
        ...intervalWarnings(
          result.project.monitors,
          result.project.scenarios,
          result.project.config.config.defaults,
        ),
      ]
    : result.warnings;
  const strictFailure = options.strict === true && warnings.length > 0;
  const valid = result.ok && !strictFailure;
  if (options.json) {
    const problems = result.ok ? [] : result.problems.map(({ keys: _keys, ...problem }) => problem);
    const listed = warnings.map(({ keys: _keys, ...warning }) => warning);
    output.out(JSON.stringify({ valid, problems, warnings: listed }, null, 2));
    return valid ? EXIT.ok : EXIT.invalid;
  }
  if (warnings.length > 0) printWarnings(output, warnings);
  if (!result.ok) {
    printProblems(output, result.problems);
    return EXIT.invalid;
  }
  if (strictFailure) {
    output.err(`Invalid with --strict, which makes warnings errors (${plural(warnings.length, 'warning')}).`);
    return EXIT.invalid;
  }
  const { config, scenarios, monitors, inputFiles } = result.project;
  const targets = Object.keys(config.config.targets);
  const warned = warnings.length > 0 ? `, ${plural(warnings.length, 'warning')}` : '';
  output.out(
    `${paint(output, 'green', '✓')} ${config.file}: ${plural(targets.length, 'target')}, ` +
      `${plural(scenarios.length, 'scenario')}, ${plural(monitors.length, 'monitor')} — valid${warned}`,
  );
  for (const found of inputFiles)
    output.out(`  ${found.scenario} ${found.path}: ${found.file} (${found.size.toLocaleString('en')} bytes)`);
  return EXIT.ok;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
