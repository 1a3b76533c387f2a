import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Secret } from '../../foundation/index.ts';
import { ownPackage, parseWith } from '../../foundation/index.ts';
import { redactDeep } from '../../http/index.ts';
import { caseResultSchema } from '../../report/case-result.schema.ts';
import type { SafeHtml } from '../../report/html/escape.ts';
import { fromOutside } from '../../report/html/evidence-html.ts';
import { loadCaseScreenshots } from '../../report/write-report.ts';
import type { CaseResult } from '../../scenario/case-result.ts';
import { isRunId, mintRunId } from './run-id.ts';
import {
  DEFAULT_RUN_PAGE_WORDS,
  type RunFilter,
  type RunPageWords,
  renderRunPage,
  whatWentWrong,
} from './run-pages.ts';
import { keptAsFailure, RUN_FILES, type RunSummary, runSummary, runSummarySchema } from './run-summary.ts';

export interface EvidenceStoreOptions {
  /** The evidence directory: one folder per kept run. */
  dir: string;
  /** Failed and errored runs kept at most (the oldest go first). */
  keep: number;
  /** ... and for at most this long after they ended. */
  maxAgeMs: number;
  /** Removed from every page and JSON file written. */
  secrets: readonly Secret[];
  /** Epoch ms; a test's clock. */
  now?: () => number;
  /** The language and time zone of the pages (default English, UTC): the config's `report` settings. */
  pages?: RunPageWords;
}

/** A case about to run: its id, and where it writes its screenshot and trace until it is kept. */
export interface PendingRun {
  id: string;
  /** The case's artifactsDir. */
  dir: string;
  /** Where the case's trace is saved when it did not pass. */
  trace: string;
}

/**
 * The evidence directory of a monitor: for every failed or errored case run a folder with its
 * page, its result as JSON, the outcome screenshot and the Playwright trace; for every target and
 * scenario the last passing run (no trace), for comparison. Bounded by count and by age; the last
 * passing runs stay while they are the last. All file work is asynchronous, and one change at a
 * time (plans run concurrently): the index in memory always matches the folders.
 */
export interface EvidenceStore {
  readonly dir: string;
  /** The language and time zone its pages are written in (the list is rendered in them too). */
  readonly pages: RunPageWords;
  /** "What went wrong" of a kept run in the pages' language, rendered from its result. */
  wentWrong(run: RunSummary): SafeHtml;
  /** Reads the runs an earlier monitor kept and drops what it left half-written; prunes. */
  open(): Promise<void>;
  /** A fresh run id and its staging folder. */
  begin(target: string, scenario: string): Promise<PendingRun>;
  /** Writes the run's page and data and moves it in place; undefined when nothing is kept (a skipped run). */
  finish(pending: PendingRun, result: CaseResult): Promise<RunSummary | undefined>;
  /** Kept runs, newest first. */
  list(filter?: RunFilter): RunSummary[];
  get(id: string): RunSummary | undefined;
  /** The path of a file of a kept run. */
  path(id: string, file: string): string;
  /** Deletes what the bounds no longer allow; the ids deleted. */
  prune(): Promise<string[]>;
}

const STAGING = '.staging';

export function createEvidenceStore(options: EvidenceStoreOptions): EvidenceStore {
  const { dir } = options;
  const now = options.now ?? Date.now;
  const runs = new Map<string, RunSummary>();
  const version = ownPackage().version;
  const pages = options.pages ?? DEFAULT_RUN_PAGE_WORDS;
  /** "What went wrong" of each run in the pages' words, when they are not run.json's English. */
  const described = new Map<string, SafeHtml>();
  const translated = pages.m.lang !== 'en';
  let queue: Promise<unknown> = Promise.resolve();
  /** One change of the directory at a time, in the order asked. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const key = (run: Pick<RunSummary, 'target' | 'scenario'>) => `${run.target}\u0000${run.scenario}`;
  /** The newest passing run of each target and scenario: kept whatever the bounds say. */
  const lastPassed = (): Map<string, RunSummary> => {
    const last = new Map<string, RunSummary>();
    for (const run of newestFirst([...runs.values()])) {
      if (run.verdict === 'passed' && !last.has(key(run))) last.set(key(run), run);
    }
    return last;
  };

  const remove = async (id: string) => {
    runs.delete(id);
    described.delete(id);
    await rm(join(dir, id), { recursive: true, force: true });
  };

  /**
   * Failed and errored runs past the count or the age go, oldest first; a passing run stays while
   * it is the last of its scenario, or while a kept failure links to it for comparison.
   */
  const pruneNow = async (): Promise<string[]> => {
    const current = new Set([...lastPassed().values()].map((r) => r.id));
    const oldest = now() - options.maxAgeMs;
    const doomed: string[] = [];
    const compared = new Set<string>();
    let failures = 0;
    const all = newestFirst([...runs.values()]);
    for (const run of all) {
      if (run.verdict === 'passed') continue;
      if (++failures > options.keep || Date.parse(run.endedAt) < oldest) doomed.push(run.id);
      else if (run.lastPassed) compared.add(run.lastPassed);
    }
    for (const run of all) {
      if (run.verdict === 'passed' && !current.has(run.id) && !compared.has(run.id)) doomed.push(run.id);
    }
    for (const id of doomed) await remove(id);
    return doomed;
  };

  /** Writes the run's page and data into its staging folder, then moves it in place. */
  const keep = async (pending: PendingRun, given: CaseResult): Promise<RunSummary | undefined> => {
    const kept = keptAsFailure(given) || given.verdict === 'passed';
    if (!kept) {
      await rm(pending.dir, { recursive: true, force: true });
      return undefined;
    }
    const result = redactDeep(await withScreenshot(pending.dir, given), options.secrets);
    const previous = lastPassed().get(key({ target: result.target.name, scenario: result.scenario.id }));
    const summary = runSummary(pending.id, result, {
      screenshot: hasScreenshot(result),
      trace: keptAsFailure(result) && (await exists(pending.trace)),
      lastPassed: keptAsFailure(result) ? previous?.id : undefined,
    });
    if (!summary.trace) await rm(pending.trace, { force: true });
    const images = await loadCaseScreenshots(pending.dir, [result]);
    await writeFile(
      join(pending.dir, RUN_FILES.page),
      renderRunPage(summary, result, images, version, pages),
    );
    await writeFile(join(pending.dir, RUN_FILES.result), `${JSON.stringify(result, null, 2)}\n`);
    // run.json last: a folder is a run once it is in place with its summary.
    await writeFile(join(pending.dir, RUN_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    await rename(pending.dir, join(dir, pending.id));
    runs.set(summary.id, summary);
    if (translated) described.set(summary.id, whatWentWrong(result, pages.m));
    await pruneNow();
    return summary;
  };

  return {
    dir,
    pages,
    wentWrong: (run) => described.get(run.id) ?? fromOutside(run.summary, pages.m),
    open: () =>
      serial(async () => {
        await mkdir(dir, { recursive: true });
        await dropDeadStaging(join(dir, STAGING));
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (!entry.isDirectory() || !isRunId(entry.name)) continue;
          const summary = await readKept(runSummarySchema, join(dir, entry.name, RUN_FILES.summary));
          if (summary?.id !== entry.name) continue;
          runs.set(summary.id, summary);
          const result = translated
            ? await readKept(caseResultSchema, join(dir, entry.name, RUN_FILES.result))
            : undefined;
          if (result) described.set(summary.id, whatWentWrong(result as CaseResult, pages.m));
        }
        await pruneNow();
      }),
    async begin(target, scenario) {
      const id = mintRunId(target, scenario, new Date(now()));
      const staging = join(dir, STAGING, String(process.pid), id);
      await mkdir(staging, { recursive: true });
      return { id, dir: staging, trace: join(staging, RUN_FILES.trace) };
    },
    finish: (pending, given) =>
      serial(() =>
        keep(pending, given).catch(async (error: unknown) => {
          // Nothing half-written stays behind (a full disk must not fill up with staging folders).
          await rm(pending.dir, { recursive: true, force: true }).catch(() => undefined);
          throw error;
        }),
      ),
    list(filter = {}) {
      return newestFirst([...runs.values()]).filter(
        (run) =>
          (filter.target === undefined || run.target === filter.target) &&
          (filter.scenario === undefined || run.scenario === filter.scenario) &&
          (filter.verdict === undefined || run.verdict === filter.verdict),
      );
    },
    get: (id) => runs.get(id),
    path: (id, file) => join(dir, id, file),
    prune: () => serial(pruneNow),
  };
}

/**
 * What monitors that are gone left half-written (each process stages under its own pid, so a
 * second monitor on the same directory is not disturbed).
 */
async function dropDeadStaging(staging: string): Promise<void> {
  const entries = await readdir(staging).catch(() => []);
  for (const entry of entries) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue;
    await rm(join(staging, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function newestFirst(runs: RunSummary[]): RunSummary[] {
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}

/** The outcome screenshot, renamed to the run folder's one name; the result pointing at it. */
async function withScreenshot(dir: string, result: CaseResult): Promise<CaseResult> {
  const checks = await Promise.all(
    result.checks.map(async (check) => {
      const shot = check.evidence?.kind === 'submit' ? check.evidence.screenshot : undefined;
      if (check.evidence?.kind !== 'submit' || !shot) return check;
      const moved = await rename(join(dir, shot), join(dir, RUN_FILES.screenshot)).then(
        () => true,
        () => false,
      );
      const { screenshot: _, ...rest } = check.evidence;
      return { ...check, evidence: moved ? { ...rest, screenshot: RUN_FILES.screenshot } : rest };
    }),
  );
  return { ...result, checks };
}

function hasScreenshot(result: CaseResult): boolean {
  return result.checks.some((c) => c.evidence?.kind === 'submit' && c.evidence.screenshot !== undefined);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}

/**
 * A run.json or result.json as written by a monitor; undefined when it is missing or not one (a
 * folder without its run.json is ignored; a run without its result.json keeps run.json's English).
 */
async function readKept<T extends z.ZodType>(schema: T, path: string): Promise<z.output<T> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = parseWith(schema, JSON.parse(text), path);
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}
