/**
 * Cleanup that goes quiet is cleanup that lies: when a downstream system cannot be read after the
 * submit, what the case caused there is unknown — the case result says so, by system, instead of
 * listing only what it could delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRunner } from '../../../src/scenario/case-runner.ts';
import { contacts, type DemoRig, loadPack, mailbox, scenarioOf, startRig } from '../../support/demo-rig.ts';

const pack = await loadPack();
const AC01 = scenarioOf(pack, 'AC-01');
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, {
    world: { defects: false },
    configure: (config) => ({ ...config, defaults: { ...config.defaults, settle: 500, within: 5_000 } }),
  });
});
afterAll(async () => {
  await rig?.stop();
});

describe('cleanup with a downstream system down', () => {
  it('the mail API unreachable: the mail the site sent is listed as left, not silently kept', async () => {
    const legacy = rig.config.targets.legacy!;
    const notification = [
      { ...legacy.probes.notification[0]!, url: 'http://127.0.0.1:9' },
    ] as typeof legacy.probes.notification;
    const config = {
      ...rig.config,
      targets: { ...rig.config.targets, legacy: { ...legacy, probes: { ...legacy.probes, notification } } },
    };
    const runner = createCaseRunner({ config, browser: async () => rig.browser });
    const result = await runner.run({ target: 'legacy', scenario: AC01 }).finally(() => runner.close());
    await rig.world.idle();

    expect(result.checks.find((c) => c.check === 'notification')?.verdict).toBe('error');
    const left = result.cleanup.find((e) => e.system === 'notification');
    expect(left).toMatchObject({ id: '(not read)', result: 'failed' });
    expect(left?.reason).toContain(`marker ${result.marker}`);
    // It really is there: the catcher holds the mail, which the result did not hide.
    const mail = (await mailbox(rig.world)).filter((m) => m.Subject.includes('テスト商事'));
    expect(mail.length).toBeGreaterThan(0);
    // The CRM side was readable: its record was deleted as usual.
    expect(result.cleanup.filter((e) => e.system === 'crm').map((e) => e.result)).toEqual(['deleted']);
  }, 120_000);

  it('the CRM refusing the login after the site wrote the record: the record is listed as left', async () => {
    for (const m of await mailbox(rig.world)) {
      await fetch(`${rig.world.urls.mailpit}/api/v1/messages`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ IDs: [m.ID] }),
      });
    }
    const before = (await contacts(rig.world)).length;
    const result = await rig.run('legacy', AC01, {
      // Once the site has written mail and CRM, the CRM refuses every further login.
      onCheck: (check) => {
        if (check.check === 'submit')
          void rig.world.idle().then(() => rig.world.faults.set({ crmError: 401 }));
      },
    });
    rig.world.faults.clear();
    expect(result.checks.find((c) => c.check === 'crm')?.verdict).toBe('error');
    expect(result.cleanup.find((e) => e.system === 'crm')).toMatchObject({
      id: '(not read)',
      result: 'failed',
    });
    expect((await contacts(rig.world)).length).toBe(before + 1);
  }, 120_000);
});
