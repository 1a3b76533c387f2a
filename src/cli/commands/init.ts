import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DraftedProject } from '../../init/drafted-project.ts';
import { type ModuleKind, starterProject } from '../../init/starter.ts';
import { writeDraftedProject } from '../../init/write-project.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';

export interface InitOptions {
  force?: boolean;
  /** The user's project root (default: the working directory). */
  cwd?: string;
}

/**
 * `cutover init`: writes a commented cutover.config.ts, a first scenario and the Playwright config
 * into the project in the working directory. Exit 2, writing nothing, when any of them exists
 * (unless --force).
 */
export async function initCommand(options: InitOptions, output: Output): Promise<ExitCode> {
  const root = options.cwd ?? process.cwd();
  const drafted = starterProject(await moduleKindOf(root));
  return writeDraft(root, drafted, options, output);
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
