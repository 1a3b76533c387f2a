/**
 * The scenario pack on the demo world's two builds, in real Chromium: legacy gives the documented
 * verdicts for every scenario, and the renewal (planted defects on) is caught exactly on D1–D4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED, expectCase, WITH_DEFECTS } from '../../scenario/pack-expectations.ts';
import { type DemoRig, loadPack, startRig } from '../../support/demo-rig.ts';

const pack = await loadPack();
/** The お問い合わせ scenarios, which both builds serve (the embedded build's EM-… have their own test). */
const contact = [...pack.scenarios].filter(([, scenario]) => scenario.form === 'contact');
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, { world: { defects: true } });
});
afterAll(async () => {
  await rig?.stop();
});

it('the expectations below cover every scenario in scenarios/', () => {
  expect(Object.keys(DOCUMENTED).sort()).toEqual(contact.map(([id]) => id).sort());
});

describe.concurrent('legacy: every scenario gives the documented verdicts', () => {
  for (const [id, scenario] of contact) {
    it(`${id} ${scenario.title}`, async ({ expect }) => {
      const result = await rig.run('legacy', scenario, { artifactsDir: rig.artifactsDir });
      expectCase(expect, result, DOCUMENTED[id]!, { artifactsDir: rig.artifactsDir });
    });
  }
});

describe.concurrent('renewal with planted defects: D1–D4 caught on the right check, nothing else', () => {
  for (const [id, scenario] of contact) {
    it(`${id} ${scenario.title}`, async ({ expect }) => {
      const result = await rig.run('renewal', scenario);
      expectCase(expect, result, WITH_DEFECTS[id]!);
      if (id === 'AC-01') {
        // D2 names this case's own marker: the campaign that would attribute the lead is gone.
        expect(result.checks.find((c) => c.check === 'crm')!.details).toContain(
          `utm_campaign: expected "${result.marker}", got no value`,
        );
      }
    });
  }
});
