/**
 * Issue 14, on the demo world's HubSpot-compatible CRM: a repeat submission that leaves a second
 * contact (fault `crmDuplicate`) fails `records: 1` on the crm check — the unique read by email sees
 * one contact, the search (once its index caught up) sees both — and cleanup deletes both. A second
 * submission with a changed phone number updates the contact on legacy (`from: last`, `updated:
 * true` pass), and fails where the update is lost (fault `crmUpdateLost`).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/config/index.ts';
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
const AC06 = scenarioOf(pack, 'AC-06');
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, {
    world: { defects: false },
    configure: (config) => ({ ...config, defaults: { ...config.defaults, settle: 500 } }),
  });
});
afterAll(async () => {
  await rig?.stop();
});
beforeEach(() => {
  rig.world.faults.clear();
});
afterEach(async () => {
  await rig.world.idle();
  rig.world.faults.clear();
});

const carrying = async (marker: string) =>
  (await contacts(rig.world)).filter(
    (c) => !c.archived && (c.properties.message?.includes(marker) || c.properties.email?.includes(marker)),
  );

/** Sent twice; the second time with another phone number. The CRM must carry the last one, on the same contact. */
const changedPhone = (): Scenario => ({
  ...AC06,
  submissions: [{}, { phone: '03-9999-9999' }],
  expect: {
    submit: { outcome: 'accepted' },
    crm: {
      count: 1,
      updated: true,
      from: 'last',
      fields: { email: '{{email}}', phone: '{{input.phone}}' },
    },
  },
});

describe('a duplicate contact on HubSpot', () => {
  it('fails records: 1 on the crm check, lists both contacts, and cleans both up', async () => {
    rig.world.faults.set({ crmDuplicate: true });
    const result = await rig.run('legacy', AC06);

    expect(verdicts(result)).toMatchObject({ submit: 'passed', crm: 'failed' });
    const crm = checkOf(result, 'crm');
    expect(crm.findings).toEqual([
      expect.objectContaining({ aspect: 'records.count', kind: 'count', expected: '1', actual: '2' }),
    ]);
    const records = crm.evidence?.kind === 'crm' ? crm.evidence.records : [];
    expect(records).toHaveLength(2);
    expect(new Set(records.map((r) => r.id)).size).toBe(2);
    for (const r of records) expect(r.fields.email).toBe(result.email);

    const deleted = result.cleanup.filter((e) => e.system === 'crm');
    expect(deleted.map((e) => e.result)).toEqual(['deleted', 'deleted']);
    expect(deleted.map((e) => e.id).sort()).toEqual(records.map((r) => r.id).sort());
    await rig.world.idle();
    expect(await carrying(result.marker)).toEqual([]);
  });

  it('without the fault, the repeat submission updates the one contact and records: 1 passes', async () => {
    const result = await rig.run('legacy', AC06);
    expect(verdicts(result)).toMatchObject({ submit: 'passed', crm: 'passed' });
    expect(result.cleanup.filter((e) => e.system === 'crm')).toHaveLength(1);
  });
});

describe('a second submission that changes a field', () => {
  it('passes on legacy: the one contact is updated and carries the last submission’s phone', async () => {
    const result = await rig.run('legacy', changedPhone());
    expect(verdicts(result)).toMatchObject({ submit: 'passed', crm: 'passed' });
    const crm = checkOf(result, 'crm');
    const records = crm.evidence?.kind === 'crm' ? crm.evidence.records : [];
    expect(records).toHaveLength(1);
    expect(records[0]!.fields.phone).toBe('03-9999-9999');
  });

  it('fails where the update is lost: not updated, and the phone is the first submission’s', async () => {
    rig.world.faults.set({ crmUpdateLost: true });
    const result = await rig.run('legacy', changedPhone());
    expect(verdicts(result)).toMatchObject({ submit: 'passed', crm: 'failed' });
    const crm = checkOf(result, 'crm');
    expect(crm.findings).toEqual([
      expect.objectContaining({ aspect: 'records.updated', kind: 'missing' }),
      expect.objectContaining({ aspect: 'fields.phone', kind: 'differs', expected: '03-9999-9999' }),
    ]);
    expect(crm.details[0]).toMatch(/^no record was updated by the last submission: record \d+ last changed/);
    expect(result.cleanup.filter((e) => e.system === 'crm').map((e) => e.result)).toEqual(['deleted']);
  });
});
