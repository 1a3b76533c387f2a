/**
 * The renewal without its planted defects (`defects: false`) behaves like legacy: every scenario
 * of the pack gives the documented verdicts, and nothing is flagged.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DOCUMENTED, expectCase } from '../../scenario/pack-expectations.ts';
import { type DemoRig, loadPack, startRig } from '../../support/demo-rig.ts';

const pack = await loadPack();
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, { world: { defects: false } });
});
afterAll(async () => {
  await rig?.stop();
});

describe.concurrent('clean renewal: every scenario gives the documented verdicts, nothing flagged', () => {
  // The お問い合わせ scenarios; the embedded build's EM-… have their own test (test/integration/demo).
  for (const [id, scenario] of [...pack.scenarios].filter(([, s]) => s.form === 'contact')) {
    it(`${id} ${scenario.title}`, async ({ expect }) => {
      const result = await rig.run('renewal', scenario, { artifactsDir: rig.artifactsDir });
      expectCase(expect, result, DOCUMENTED[id]!, { artifactsDir: rig.artifactsDir });
    });
  }
});
