/**
 * Issue 14: a late item is reported late, not missing, whatever the grace setting. With no grace,
 * the notification window closes before the (slowed) mail comes; the CRM check still watches (it
 * counts records and waits out the search lag), and the final read finds the mail: the
 * notification check says `late`, with the measured delay, and the mail is cleaned up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOf, type DemoRig, loadPack, scenarioOf, startRig, verdicts } from '../../support/demo-rig.ts';

const pack = await loadPack();
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, {
    world: { defects: false },
    configure: (config) => ({ ...config, defaults: { ...config.defaults, settle: 500, grace: 0 } }),
  });
});
afterAll(async () => {
  await rig?.stop();
});

describe('an item that comes after its window closed', () => {
  it('is reported late (not missing) when the final read finds it, and is cleaned up', async () => {
    // The mail comes 1.2 s after the submit, past its 0.5 s window; the CRM check watches ≥ 3 s (its
    // search lag), so the final read after it finds the mail with room to spare on a busy machine.
    rig.world.faults.set({ mailDelayMs: 1_200 });
    const base = scenarioOf(pack, 'AC-01');
    const result = await rig.run('legacy', {
      ...base,
      expect: {
        submit: { outcome: 'accepted' },
        notification: { within: 500 },
        crm: { count: 1 },
      },
    });
    rig.world.faults.clear();
    await rig.world.idle();

    expect(verdicts(result)).toMatchObject({ notification: 'failed', crm: 'passed' });
    const notification = checkOf(result, 'notification');
    expect(notification.findings).toEqual([
      expect.objectContaining({ aspect: 'delay', kind: 'late', expected: '500' }),
    ]);
    expect(Number(notification.findings[0]!.actual)).toBeGreaterThanOrEqual(1_200);
    expect(notification.reason).toMatch(/late, not missing/);
    expect(result.cleanup.filter((e) => e.probe === 'sales').map((e) => e.result)).toEqual(['deleted']);
  });
});
