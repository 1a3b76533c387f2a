import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/commands/uat.ts';
import { InvalidInputError } from '../../src/foundation/index.ts';
import { loadUatProject, scenariosOn } from '../../src/uat/uat-project.ts';
import { projectWith } from '../config/validate-project.ts';

/** The fixture project has targets legacy, staging and production; AC-02 alone is marked production: true. */
const dirs: string[] = [];
async function load(env: Record<string, string>) {
  const dir = await projectWith(undefined);
  dirs.push(dir);
  return loadUatProject({
    resolve: false,
    env: {
      TEST_HUBSPOT_TOKEN: 'x',
      CUTOVER_CONFIG: `${dir}/cutover.config.ts`,
      CUTOVER_SCENARIOS: `${dir}/scenarios`,
      ...env,
    },
  });
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('production guard of a UAT run', () => {
  it('runs every non-production target by default, never production', async () => {
    expect((await load({})).targets).toEqual(['legacy', 'staging']);
  });

  it('refuses a production target that was not asked for on purpose', async () => {
    const error = await load({ CUTOVER_TARGETS: 'production' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems[0]?.message).toBe(
      '"production" is a production target; start the run for production on purpose (cutover uat --production)',
    );
  });

  it('on a production run, runs only the scenarios marked production: true there', async () => {
    const project = await load({ CUTOVER_TARGETS: 'production', CUTOVER_PRODUCTION: '1' });
    expect(project.targets).toEqual(['production']);
    expect(scenariosOn(project, 'production').map((s) => s.value.id)).toEqual(['AC-02']);
    expect(scenariosOn(project, 'legacy').map((s) => s.value.id)).toEqual(['AC-01', 'AC-02']);
  });

  it('names an unknown target', async () => {
    const error = (await load({ CUTOVER_TARGETS: 'stagnig' }).catch((e: unknown) => e)) as InvalidInputError;
    expect(error.problems[0]?.message).toBe('no target "stagnig" (targets: legacy, staging, production)');
  });
});

describe('exit code of a UAT run', () => {
  it('is 1 when a check failed, 3 when cutover could not find out, else 0', () => {
    expect(exitCodeOf({ passed: 5, failed: 1, error: 1, skipped: 0 })).toBe(1);
    expect(exitCodeOf({ passed: 5, failed: 0, error: 1, skipped: 0 })).toBe(3);
    expect(exitCodeOf({ passed: 5, failed: 0, error: 0, skipped: 2 })).toBe(0);
  });
});
