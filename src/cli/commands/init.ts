import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { draftFromUrl } from '../../init/draft-from-url.ts';
import type { DraftedProject } from '../../init/drafted-project.ts';
import { type ModuleKind, starterProject } from '../../init/starter.ts';
import { writeDraftedProject } from '../../init/write-project.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';

export interface InitOptions {
  force?: boolean;
  /** With a URL: submit once with a marked synthetic identity to learn the last step and the success page. */
  probeSubmit?: boolean;
  /** The user's project root (default: the working directory). */
  cwd?: string;
}

/**
 * `cutover init [URL]`: writes a commented cutover.config.ts, scenarios and the Playwright config
 * into the project in the working directory — a starter without a URL; with the URL of a live
 * form, the config's form and a starter pack drafted from the form as a person sees it (nothing
 * submitted unless --probe-submit). Exit 2, writing nothing, when any of the files exists
 * (unless --force); 3 when the form could not be read; 130/143 when stopped by a signal.
 */
export async function initCommand(
  url: string | undefined,
  options: InitOptions,
  output: Output,
): Promise<ExitCode> {
  const root = options.cwd ?? process.cwd();
  const starter = starterProject(await moduleKindOf(root));
  if (url === undefined) return writeDraft(root, starter, options, output);

  const problem = urlProblem(url);
  if (problem) {
    output.err(`cutover init: ${problem}`);
    return EXIT.invalid;
  }
  // Refuse before the browser opens (and before any probe submission), not after.
  const taken = ['cutover.config.ts', ...PLAYWRIGHT_CONFIGS].filter((path) => existsSync(join(root, path)));
  if (taken.length > 0 && !options.force) {
    for (const path of taken) output.err(`cutover init: ${path} already exists`);
    output.err('Nothing was read or written. Run again with --force to replace these files.');
    return EXIT.invalid;
  }

  const stop = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
    stoppedBy ??= name;
    stop.abort(new Error(`stopped by ${name}`));
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let drafted: DraftedProject;
  try {
    output.out(
      `Reading the form at ${url} in Chromium${options.probeSubmit ? ' (one probe submission)' : ''} …`,
    );
    drafted = await draftFromUrl(url, {
      probeSubmit: Boolean(options.probeSubmit),
      log: (line) => output.out(`  ${line}`),
      signal: stop.signal,
    });
  } catch (error) {
    if (stoppedBy) {
      output.err(`cutover init: stopped by ${stoppedBy}; nothing was written`);
      return stoppedBy === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
    }
    output.err(`cutover init: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.broken;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  // The drafted config and pack, with the starter's Playwright config beside them.
  const playwrightConfig = starter.files.filter((file) => file.path.startsWith('playwright.config.'));
  return writeDraft(
    root,
    { files: [...drafted.files, ...playwrightConfig], todos: drafted.todos },
    options,
    output,
  );
}

function urlProblem(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return undefined;
    return `expected an http or https URL of the form page, got ${parsed.protocol}`;
  } catch {
    return `not a URL: ${JSON.stringify(url)} (expected e.g. https://staging.example.co.jp/contact/)`;
  }
}

/** The names Playwright looks for, in its order: an existing one would be read instead of the one init writes. */
const PLAYWRIGHT_CONFIGS = ['ts', 'js', 'mts', 'mjs', 'cts', 'cjs'].map((ext) => `playwright.config.${ext}`);

/** Writes what `init` drafted and says what it wrote, what is left to do, and what to run next. */
export async function writeDraft(
  root: string,
  drafted: DraftedProject,
  options: InitOptions,
  output: Output,
): Promise<ExitCode> {
  const result = await writeDraftedProject(root, drafted, {
    force: Boolean(options.force),
    inTheWay: PLAYWRIGHT_CONFIGS.filter((name) => !drafted.files.some((file) => file.path === name)),
  });
  if (!result.ok) {
    for (const path of result.conflicts) output.err(`cutover init: ${path} already exists`);
    output.err('Nothing was written. Run again with --force to replace these files.');
    return EXIT.invalid;
  }
  for (const path of result.written) output.out(`wrote ${path}`);
  if (drafted.todos.length > 0) {
    output.out(`\n${drafted.todos.length} TODO${drafted.todos.length === 1 ? '' : 's'} to fill in:`);
    for (const todo of drafted.todos) output.out(`  ${todo.path}:${todo.line}: ${todo.text}`);
  }
  output.out('\nNext: npx cutover validate, then npx cutover uat');
  return EXIT.ok;
}

/** A project's module kind as Node decides it: package.json `"type": "module"`, otherwise CommonJS. */
async function moduleKindOf(root: string): Promise<ModuleKind> {
  try {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { type?: unknown };
    return pkg.type === 'module' ? 'module' : 'commonjs';
  } catch {
    return 'commonjs';
  }
}
