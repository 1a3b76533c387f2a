import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DraftedProject } from './drafted-project.ts';

/** What writing a draft would do in a project: each file it writes and whether it exists now. */
export interface WritePlan {
  files: Array<{ path: string; exists: boolean }>;
  /** Files init does not write that exist and would be read instead of one it does (another playwright.config.*). */
  shadowing: string[];
  /** Scenario files already there that init does not write: they stay, and stay part of the pack. */
  kept: string[];
}

/** Written (each file of the plan, `exists` meaning it was replaced), or refused with nothing written. */
export type WriteResult = { ok: boolean; plan: WritePlan };

/** True when writing would replace or be shadowed by a file that is there. */
export function inTheWay(plan: WritePlan): boolean {
  return plan.files.some((f) => f.exists) || plan.shadowing.length > 0;
}

/**
 * Every file a draft would write into `root`, each with whether it exists — and the files named
 * `shadows` that exist (another playwright.config.* would be read instead of the one init writes).
 */
export async function planWrite(root: string, paths: string[], shadows: string[] = []): Promise<WritePlan> {
  const files = await Promise.all(
    paths.map(async (path) => ({ path, exists: await exists(join(root, path)) })),
  );
  const shadowing = (
    await Promise.all(shadows.map(async (path) => ((await exists(join(root, path))) ? [path] : [])))
  ).flat();
  const dirs = [...new Set(paths.filter((p) => p.includes('/')).map((p) => dirname(p)))];
  const kept = (
    await Promise.all(
      dirs.map(async (dir) =>
        (
          await readdir(join(root, dir)).catch((): string[] => [])
        )
          .filter((name) => /\.ya?ml$/.test(name))
          .map((name) => `${dir}/${name}`)
          .filter((path) => !paths.includes(path)),
      ),
    )
  )
    .flat()
    .sort();
  return { files, shadowing, kept };
}

/**
 * Writes a drafted project into `root`. Without `force`, nothing is written when any of its files
 * exists, or a file named in `shadows` would be read instead of one of them: the plan comes back,
 * every file with whether it exists, so one answer says everything. With `force`, existing files
 * are replaced, and said so.
 */
export async function writeDraftedProject(
  root: string,
  drafted: DraftedProject,
  options: { force: boolean; shadows?: string[] },
): Promise<WriteResult> {
  const plan = await planWrite(
    root,
    drafted.files.map((file) => file.path),
    options.shadows,
  );
  if (!options.force && inTheWay(plan)) return { ok: false, plan };
  for (const file of drafted.files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    // Without --force, `wx` still refuses a file that appeared since the check above.
    await writeFile(path, file.text, { flag: options.force ? 'w' : 'wx' });
  }
  return { ok: true, plan };
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
