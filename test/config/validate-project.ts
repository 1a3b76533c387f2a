import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/config/index.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** Copies the valid fixture project (or nothing, with `alone`) and one invalid case over it into a temp dir. */
export async function projectWith(
  caseName: string | undefined,
  options: { alone?: boolean } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-validate-'));
  if (!options.alone) await cp(join(fixtures, 'validate'), dir, { recursive: true });
  if (caseName) await cp(join(fixtures, 'invalid', caseName), dir, { recursive: true });
  return dir;
}

export async function problemsOf(
  caseName: string | undefined,
  options: { alone?: boolean; env?: Record<string, string> } = {},
) {
  const dir = await projectWith(caseName, options);
  try {
    const result = await loadProject({
      cwd: dir,
      env: options.env ?? { TEST_HUBSPOT_TOKEN: 'pat-na1-test' },
    });
    return result.ok
      ? []
      : result.problems.map(({ file, path, message, line }) => ({ file, path, message, line }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
