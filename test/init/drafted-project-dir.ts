import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject, type Project } from '../../src/config/index.ts';
import type { DraftedProject } from '../../src/init/drafted-project.ts';
import { REPO_ROOT } from '../support/repo.ts';

/** A user's project holding what `cutover init` drafted, with cutover installed (linked) as a dependency. */
export interface DraftedDir {
  dir: string;
  /** Loads the drafted project as `cutover validate` does, its secrets read from `env` (default process.env). */
  load(env?: Record<string, string | undefined>): Promise<Project>;
  remove(): Promise<void>;
}

export async function writeDrafted(drafted: DraftedProject): Promise<DraftedDir> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-init-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'our-site', private: true }, null, 2));
  await mkdir(join(dir, 'node_modules'));
  await symlink(REPO_ROOT, join(dir, 'node_modules', 'cutover'), 'dir');
  for (const file of drafted.files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.text);
  }
  return {
    dir,
    async load(env) {
      const loaded = await loadProject({ cwd: dir, monitors: false, ...(env ? { env } : {}) });
      if (!loaded.ok)
        throw new Error(
          `the drafted project does not validate:\n${JSON.stringify(loaded.problems, null, 2)}`,
        );
      return loaded.project;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
