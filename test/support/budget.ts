import { join } from 'node:path';
import { loadProject } from '../../src/config/index.ts';
import { caseDeadlineMs } from '../../src/scenario/case-deadline.ts';
import { REPO_ROOT } from './repo.ts';

const root = REPO_ROOT;

/** Starting Playwright, its workers, Chromium and the demo world on a busy 2-core machine. */
const START_MS = 60_000;

/**
 * How long an end-to-end test may take to run the repository's pack through cutover, derived from
 * the scenarios' own SLAs rather than guessed: every case may use its whole deadline (submit steps,
 * the longest downstream window, grace, settle — caseDeadlineMs), the cases share `workers`, the
 * slowest one may come last, and runs given as `runs` go one after the other. A test timeout is a
 * hang detector here, never a speed target (those live in bench/).
 */
export async function packBudgetMs(
  options: { workers: number; runs?: number; grep?: RegExp } = { workers: 1 },
): Promise<number> {
  const loaded = await loadProject({
    config: join(root, 'cutover.config.ts'),
    scenarios: join(root, 'scenarios'),
    monitors: false,
    cwd: root,
  });
  if (!loaded.ok) throw new Error(`the repository's pack does not load: ${JSON.stringify(loaded.problems)}`);
  const { config } = loaded.project.config;
  const { scenarios } = loaded.project;
  const deadlines = scenarios
    .filter((s) => !options.grep || options.grep.test(`${s.value.id} ${s.value.title ?? ''}`))
    .map((s) => caseDeadlineMs(s.value, config.defaults));
  if (deadlines.length === 0) throw new Error('no scenario matches: the budget would be meaningless');
  const total = deadlines.reduce((sum, ms) => sum + ms, 0);
  const oneRun = START_MS + total / options.workers + Math.max(...deadlines);
  return Math.ceil(oneRun * (options.runs ?? 1));
}
