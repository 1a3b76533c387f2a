import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DraftedProject } from './drafted-project.ts';

export type WriteResult = { ok: true; written: string[] } | { ok: false; conflicts: string[] };

/**
 * Writes a drafted project into `root`. Without `force`, nothing is written when any of its files
 * — or of the files named `inTheWay`, which would shadow one of them (another playwright.config.*) —
 * already exists: every such file is returned at once, so one answer says everything that is in
 * the way. With `force`, existing files are replaced.
 */
export async function writeDraftedProject(
  root: string,
  drafted: DraftedProject,
  options: { force: boolean; inTheWay?: string[] },
): Promise<WriteResult> {
  if (!options.force) {
    const paths = [...drafted.files.map((file) => file.path), ...(options.inTheWay ?? [])];
    const existing = await Promise.all(paths.map((path) => exists(join(root, path))));
    const conflicts = paths.filter((_, i) => existing[i]);
    if (conflicts.length > 0) return { ok: false, conflicts };
  }
  for (const file of drafted.files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    // Without --force, `wx` still refuses a file that appeared since the check above.
    await writeFile(path, file.text, { flag: options.force ? 'w' : 'wx' });
  }
  return { ok: true, written: drafted.files.map((file) => file.path) };
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
