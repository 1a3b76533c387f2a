/**
 * A case whose input is not the synthetic email (a malformed or a real-looking address) is still
 * found by its marker in the CRM's free-text field (`markerField: 'message'` in the shipped
 * config): `crm: { none: true }` is a real check, and cleanup leaves nothing behind. Without the
 * marker field the same record is invisible to the check — and stays in the CRM.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutoverConfig, Scenario } from '../../../src/config/index.ts';
import { createCaseRunner } from '../../../src/scenario/case-runner.ts';
import {
  checkOf,
  contacts,
  type DemoRig,
  loadPack,
  scenarioOf,
  startRig,
  verdicts,
} from '../../support/demo-rig.ts';

const pack = await loadPack();
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, { world: { defects: false } });
});
afterAll(async () => {
  await rig?.stop();
});

/** AC-03's inquiry, but the address the site accepts is not the synthetic one; the scenario says the CRM gets nothing. */
function notSyntheticEmail(): Scenario {
  const base = scenarioOf(pack, 'AC-03');
  return {
    ...base,
    input: { ...base.input, email: 'yamada@test-shoji.example' },
    expect: { submit: { outcome: 'accepted' }, crm: { none: true } },
  };
}

const withoutMarkerField = (config: CutoverConfig): CutoverConfig => ({
  ...config,
  targets: Object.fromEntries(
    Object.entries(config.targets).map(([name, target]) => [
      name,
      {
        ...target,
        probes: {
          ...target.probes,
          crm:
            target.probes.crm?.use === 'hubspot'
              ? { ...target.probes.crm, markerField: undefined }
              : target.probes.crm,
        },
      },
    ]),
  ),
});

describe('a CRM record found by the marker in its message', () => {
  it('makes crm: { none: true } fail, and is cleaned up by its marker', async () => {
    expect(rig.config.targets.legacy!.probes.crm).toMatchObject({ use: 'hubspot', markerField: 'message' });
    const result = await rig.run('legacy', notSyntheticEmail());

    expect(verdicts(result)).toMatchObject({ submit: 'passed', crm: 'failed' });
    const crm = checkOf(result, 'crm');
    expect(crm.caveats).toBeUndefined();
    expect(crm.reason).toMatch(/^a CRM record was created although none was expected \(id \d+\)$/);
    const records = crm.evidence?.kind === 'crm' ? crm.evidence.records : [];
    expect(records).toHaveLength(1);
    expect(records[0]!.fields.email).toBe('yamada@test-shoji.example');
    expect(records[0]!.fields.message).toContain(result.marker);

    expect(result.cleanup.filter((e) => e.system === 'crm')).toEqual([
      { system: 'crm', probe: 'hubspot', id: records[0]!.id, result: 'deleted' },
    ]);
    await rig.world.idle();
    expect(
      (await contacts(rig.world)).filter((c) => c.properties.email === 'yamada@test-shoji.example'),
    ).toEqual([]);
  });

  it('without a marker field the check cannot see the record, and it is left behind', async () => {
    const runner = createCaseRunner({
      config: withoutMarkerField(rig.config),
      browser: async () => rig.browser,
    });
    const result = await runner
      .run({ target: 'legacy', scenario: notSyntheticEmail() })
      .finally(() => runner.close());

    expect(verdicts(result)).toMatchObject({ submit: 'passed', crm: 'passed' });
    // The pass is no verdict, and the result says so: validate's warning, on the check.
    expect(checkOf(result, 'crm').caveats).toEqual([
      expect.objectContaining({
        kind: 'unseen',
        why: expect.stringMatching(
          /^the hubspot CRM probe of target "legacy" finds records only by the synthetic email/,
        ),
      }),
    ]);
    expect(result.cleanup.filter((e) => e.system === 'crm')).toEqual([]);
    await rig.world.idle();
    const left = (await contacts(rig.world)).filter((c) => c.properties.message?.includes(result.marker));
    expect(left).toHaveLength(1);
  });
});
