import { loadProject, type ProjectPaths } from '../../config/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint, printProblems } from '../output.ts';

/** `cutover validate`: config, scenarios and monitors, each alone and against each other. */
export async function validateCommand(
  paths: ProjectPaths,
  options: { json?: boolean },
  output: Output,
): Promise<ExitCode> {
  const result = await loadProject(paths);
  if (options.json) {
    const problems = result.ok ? [] : result.problems.map(({ keys: _keys, ...problem }) => problem);
    output.out(JSON.stringify({ valid: result.ok, problems }, null, 2));
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  if (!result.ok) {
    printProblems(output, result.problems);
    return EXIT.invalid;
  }
  const { config, scenarios, monitors } = result.project;
  const targets = Object.keys(config.config.targets).length;
  output.out(
    `${paint(output, 'green', '✓')} ${config.file}: ${targets} target${targets === 1 ? '' : 's'}, ` +
      `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}, ${monitors.length} monitor${monitors.length === 1 ? '' : 's'} — valid`,
  );
  return EXIT.ok;
}
