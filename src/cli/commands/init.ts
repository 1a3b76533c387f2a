import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { type DraftFromUrl, draftFromUrl } from '../../init/draft-from-url.ts';
import type { DraftedProject } from '../../init/drafted-project.ts';
import type { ProbeDraft } from '../../init/form/draft-config.ts';
import type { ProbeChoices, ProbeValues } from '../../init/probe-lines.ts';
import { type ModuleKind, starterProject } from '../../init/starter.ts';
import { inTheWay, planWrite, type WritePlan, writeDraftedProject } from '../../init/write-project.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { printUsage, type UsageProblem } from '../usage.ts';
import { cleanUpProbeSubmission, cleanupCommand } from './init-cleanup.ts';
import { probeCatalogue, probeChoicesOf } from './init-probes.ts';
import { type Ask, askProbes } from './init-prompt.ts';

export interface InitOptions {
  force?: boolean;
  /** With a URL: submit once with a marked synthetic identity to learn the last step and the success page. */
  probeSubmit?: boolean;
  /** With a URL: draft every case init can, not the small pack a person writes first. */
  all?: boolean;
  /** The site's notification system(s), comma-separated probe names, or `none`. */
  notification?: string;
  /** The site's CRM, a probe name, or `none`. */
  crm?: string;
  /** The site's analytics, comma-separated probe names, or `none`. */
  analytics?: string;
  /** Never ask: what the flags do not say stays a TODO. */
  yes?: boolean;
  /**
   * Asks the questions (tests inject answers). Default: a node:readline/promises prompt when
   * stdin and stdout are terminals and not --yes; otherwise nothing is asked.
   */
  prompt?: Ask;
  /** The user's project root (default: the working directory). */
  cwd?: string;
  /** The environment the project's secrets are read from when cleaning up after --probe-submit (default process.env). */
  env?: Record<string, string | undefined>;
  /** How long the cleanup after --probe-submit waits for what the submission created (tests). */
  cleanupWaitMs?: number;
}

/** The target a drafted config names. */
const TARGET = 'staging';

/** The drafting stopped before submitting anything: files are in the way. */
class InTheWay extends Error {
  constructor(readonly plan: WritePlan) {
    super('files in the way');
  }
}

/**
 * `cutover init [URL]`: writes a commented cutover.config.ts, scenarios and the Playwright config
 * into the project in the working directory — a starter without a URL; with the URL of a live
 * form, the config's form and a starter pack drafted from the form as a person sees it (nothing
 * submitted unless --probe-submit), the target's probes drafted from the systems named by flag
 * or, in a terminal, when asked. Exit 2, writing nothing (and submitting nothing), when any file
 * it would write exists (unless --force), listing every one; 3 when the form could not be read;
 * 130/143 when stopped by a signal.
 */
export async function initCommand(
  url: string | undefined,
  options: InitOptions,
  output: Output,
): Promise<ExitCode> {
  const root = options.cwd ?? process.cwd();
  const catalogue = probeCatalogue();
  const flags = probeChoicesOf(options, catalogue);
  const usage: UsageProblem[] = [...flags.problems];
  if (url === undefined) {
    if (options.all)
      usage.push({ flag: '--all', message: 'drafts from a form: give the URL of the form page' });
    if (options.probeSubmit)
      usage.push({ flag: '--probe-submit', message: 'submits a form: give the URL of the form page' });
  } else {
    const problem = urlProblem(url);
    if (problem) usage.push({ flag: 'URL', message: problem });
  }
  if (usage.length > 0) {
    printUsage(output, 'init', usage, 'Nothing was read, submitted or written.');
    return EXIT.invalid;
  }

  const asked = await askIfInteractive(options, catalogue, flags.choices, output);
  if (asked === 'stopped') {
    output.err('cutover init: stopped; nothing was written');
    return EXIT.interrupted;
  }
  const probes: ProbeDraft = { catalogue, choices: asked.choices, values: asked.values };
  const starter = starterProject(await moduleKindOf(root), probes);
  if (url === undefined) return writeDraft(root, starter, options, output);

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
  // The drafted config and pack, with the starter's Playwright config beside them.
  const playwrightConfig = starter.files.filter((file) => file.path.startsWith('playwright.config.'));
  const shadows = shadowsOf(playwrightConfig.map((f) => f.path));
  let drafted: DraftFromUrl;
  const started = new Date();
  try {
    output.out(
      `Reading the form at ${url} in Chromium${options.probeSubmit ? ' (one probe submission)' : ''} …`,
    );
    drafted = await draftFromUrl(url, {
      probeSubmit: Boolean(options.probeSubmit),
      pack: options.all ? 'all' : 'small',
      probes,
      log: (line) => output.out(`  ${line}`),
      signal: stop.signal,
      // Every file is known once the form is read: refuse then, before anything is submitted.
      plan: async (paths) => {
        const plan = await planWrite(root, [...paths, ...playwrightConfig.map((f) => f.path)], shadows);
        if (!options.force && inTheWay(plan)) throw new InTheWay(plan);
      },
    });
  } catch (error) {
    if (error instanceof InTheWay) {
      refuse(error.plan, output, 'Nothing was submitted or written.');
      return EXIT.invalid;
    }
    if (stoppedBy) {
      output.err(`cutover init: stopped by ${stoppedBy}; nothing was written`);
      if (options.probeSubmit)
        output.err(
          `If the form was sent, what it created carries the marker printed above: ${cleanupCommand(TARGET, started)} deletes it once the probes are set.`,
        );
      return stoppedBy === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
    }
    output.err(`cutover init: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.broken;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  const code = await writeDraft(
    root,
    { files: [...drafted.files, ...playwrightConfig], todos: drafted.todos },
    options,
    output,
  );
  if (drafted.submitted) {
    if (code === EXIT.ok)
      await cleanUpProbeSubmission(
        root,
        drafted.submitted,
        { target: TARGET, env: options.env, waitMs: options.cleanupWaitMs },
        output,
      );
    else
      output.out(
        `The probe submission (marker ${drafted.submitted.marker}) may have left an inquiry behind: ${cleanupCommand(TARGET, drafted.submitted.startedAt)} deletes it once targets.${TARGET}.probes are set.`,
      );
  }
  return code;
}

/**
 * The questions, when a person is there to answer them: a terminal on both ends (or an injected
 * prompt), and not --yes. What the flags say is not asked again.
 */
async function askIfInteractive(
  options: InitOptions,
  catalogue: ReturnType<typeof probeCatalogue>,
  given: ProbeChoices,
  output: Output,
): Promise<{ choices: ProbeChoices; values: ProbeValues } | 'stopped'> {
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (options.yes || !(options.prompt || terminal)) return { choices: given, values: {} };
  const say = (line: string) => output.out(line);
  if (options.prompt) return askProbes(options.prompt, catalogue, given, say, { markerField: true });
  const stop = new AbortController();
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.on('SIGINT', () => stop.abort());
  try {
    say('A few questions about the systems the form reaches (Ctrl-C stops; --yes never asks).');
    return await askProbes(
      (question) => rl.question(question, { signal: stop.signal }),
      catalogue,
      given,
      say,
      {
        markerField: true,
      },
    );
  } catch (error) {
    if (stop.signal.aborted) return 'stopped';
    throw error;
  } finally {
    rl.close();
  }
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

function shadowsOf(written: string[]): string[] {
  return PLAYWRIGHT_CONFIGS.filter((name) => !written.includes(name));
}

/** The refusal: every file init would write, which of them exist, and what else is there. */
export function refuse(plan: WritePlan, output: Output, nothing: string): void {
  const existing = plan.files.filter((f) => f.exists).length + plan.shadowing.length;
  output.err(
    `cutover init: ${existing} of the files it would write ${existing === 1 ? 'is' : 'are'} in the way; every file it would write:`,
  );
  for (const file of plan.files) output.err(`  ${file.exists ? 'exists' : 'new   '}  ${file.path}`);
  const playwright = plan.files.find((f) => f.path.startsWith('playwright.config.'))?.path;
  for (const path of plan.shadowing)
    output.err(
      `  exists  ${path} (not written by init: Playwright would read it instead of ${playwright ?? 'the one init writes'})`,
    );
  for (const path of plan.kept)
    output.err(`  kept    ${path} (not written by init: it stays, and stays part of the pack)`);
  output.err(`${nothing} Run again with --force to replace the existing files.`);
}

/** Writes what `init` drafted and says what it wrote, what is left to do, and what to run next. */
export async function writeDraft(
  root: string,
  drafted: DraftedProject,
  options: InitOptions,
  output: Output,
): Promise<ExitCode> {
  const result = await writeDraftedProject(root, drafted, {
    force: Boolean(options.force),
    shadows: shadowsOf(drafted.files.map((file) => file.path)),
  });
  if (!result.ok) {
    refuse(result.plan, output, 'Nothing was written.');
    return EXIT.invalid;
  }
  for (const file of result.plan.files) output.out(`${file.exists ? 'replaced' : 'wrote'} ${file.path}`);
  for (const path of result.plan.kept)
    output.out(
      `kept ${path} (not written by init: still part of the pack; remove it if it is an older draft)`,
    );
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
