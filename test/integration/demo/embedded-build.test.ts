/**
 * The embedded build in real Chromium: the お見積り依頼 form lives in a cross-origin iframe behind
 * a cookie-consent wall, with a file upload, a zip lookup that fills 都道府県 and 住所, a button that
 * disables itself and consent-mode GA4. The clean build passes EM-01 and EM-02; each planted defect
 * (D5–D9) fails exactly the check it belongs to.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/scenario/case-result.ts';
import { createCaseRunner } from '../../../src/scenario/case-runner.ts';
import {
  checkOf,
  type DemoRig,
  loadPack,
  type Pack,
  scenarioOf,
  startRig,
  verdicts,
  withExpect,
} from '../../support/demo-rig.ts';
import { REPO_ROOT } from '../../support/repo.ts';

const DRAWING = join(REPO_ROOT, 'scenarios', 'fixtures', 'drawing-a100.pdf');

let pack: Pack;
beforeAll(async () => {
  pack = await loadPack();
});

const aspects = (result: CaseResult, check: Parameters<typeof checkOf>[1]) =>
  checkOf(result, check).findings.map((f) => `${f.aspect} ${f.kind}`);

describe('the clean embedded build', () => {
  let rig: DemoRig;
  beforeAll(async () => {
    rig = await startRig(pack, { world: { defects: false } });
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('EM-01 passes every check: form values set by the page, the file, the address and consent mode', async () => {
    const result = await rig.run('embedded', scenarioOf(pack, 'EM-01'));
    expect(verdicts(result)).toEqual({
      submit: 'passed',
      form: 'passed',
      notification: 'passed',
      crm: 'passed',
      analytics: 'passed',
    });
    const submit = checkOf(result, 'submit').evidence;
    if (submit?.kind !== 'submit') throw new Error('no submit evidence');
    const bytes = await readFile(DRAWING);
    expect(submit.files).toEqual([
      {
        field: 'drawing',
        name: 'drawing-a100.pdf',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    ]);
    expect(submit.steps?.map((s) => `${s.phase} ${s.in} ${s.step}`)).toEqual([
      'before page click button "同意する"',
    ]);
    const form = checkOf(result, 'form').evidence;
    expect(form?.kind === 'form' && form.values).toEqual({
      prefecture: '東京都',
      address: '千代田区千代田',
      newsletter: 'false',
    });
    // What the site's backend received: the file itself, byte for byte.
    const received = rig.world.submissions().find((s) => s.email === result.email);
    expect(received?.attachment?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // The hit the conversion came in: consent granted by 同意する.
    const analytics = checkOf(result, 'analytics').evidence;
    if (analytics?.kind !== 'analytics') throw new Error('no analytics evidence');
    const lead = analytics.events.find((e) => e.name === 'generate_lead' && e.source === 'ga4');
    expect(lead?.hit?.gcs).toBe('G111');
    // The corporate page_view went before consent (denied); the frame's own vendor tag (its form
    // and its thank-you page) is seen too: GA4 hits are captured from every frame.
    const views = analytics.events.filter((e) => e.name === 'page_view');
    expect(views.map((v) => `${v.hit?.tid} ${v.hit?.gcs ?? '-'}`).sort()).toEqual([
      'G-DEMO2026CT G100',
      'G-FORMVENDOR1 -',
      'G-FORMVENDOR1 -',
    ]);
  }, 90_000);

  it('EM-02: a double click on a button the page disables sends one inquiry', async () => {
    const result = await rig.run('embedded', scenarioOf(pack, 'EM-02'));
    expect(verdicts(result)).toEqual({
      submit: 'passed',
      notification: 'passed',
      crm: 'passed',
      analytics: 'passed',
    });
    const submit = checkOf(result, 'submit').evidence;
    expect(submit?.kind === 'submit' && submit.clicks).toBe(2);
    expect(rig.world.submissions().filter((s) => s.email === result.email)).toHaveLength(1);
  }, 90_000);

  it('without the consent step the wall blocks the form: an error naming what covers it, nothing sent', async () => {
    const scenario = { ...scenarioOf(pack, 'EM-02'), before: undefined };
    const before = rig.world.submissions().length;
    const result = await rig.run('embedded', scenario, { cleanupTimeoutMs: 5_000 });
    const submit = checkOf(result, 'submit');
    expect(submit.verdict).toBe('error');
    expect(submit.reason).toMatch(
      /^the browser could not operate the form: field consent: .*cookie-wall.* intercepts pointer events — a banner or dialog covers the form; a `before:` step can close it/,
    );
    expect(rig.world.submissions()).toHaveLength(before);
  }, 90_000);
});

describe('steps and frames, on the clean builds', () => {
  let rig: DemoRig;
  beforeAll(async () => {
    rig = await startRig(pack, { world: { defects: false } });
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('a visitor who closes the cookie banner (dismiss: dialog) converts with consent denied: gcs G100', async () => {
    const em01 = scenarioOf(pack, 'EM-01');
    const scenario = withExpect(
      {
        ...em01,
        before: [{ waitFor: { text: 'Cookie を使用します' } }, { dismiss: 'dialog' }],
      },
      {
        form: undefined,
        notification: undefined,
        crm: undefined,
        analytics: {
          within: 15_000,
          events: [
            { name: 'generate_lead', source: 'ga4', count: 1, hit: { gcs: 'G100', gcd: '13p3p3p3p1' } },
          ],
        },
      },
    );
    const result = await rig.run('embedded', scenario);
    expect(verdicts(result)).toMatchObject({ submit: 'passed', analytics: 'passed' });
    const submit = checkOf(result, 'submit').evidence;
    expect(submit?.kind === 'submit' && submit.steps?.map((s) => s.step)).toEqual([
      'wait for "Cookie を使用します"',
      'dismiss the dialog',
    ]);
  }, 90_000);

  it('afterConfirm steps run on the confirmation screen, in the form, and are recorded', async () => {
    const ac01 = scenarioOf(pack, 'AC-01');
    const scenario = withExpect(
      { ...ac01, afterConfirm: [{ waitFor: { text: '以下の内容でよろしければ' } }] },
      { notification: undefined, notifications: undefined, crm: undefined, analytics: undefined },
    );
    const result = await rig.run('renewal', scenario);
    expect(checkOf(result, 'submit').verdict).toBe('passed');
    const submit = checkOf(result, 'submit').evidence;
    expect(submit?.kind === 'submit' && submit.steps).toEqual([
      expect.objectContaining({
        phase: 'afterConfirm',
        in: 'form',
        step: 'wait for "以下の内容でよろしければ"',
      }),
    ]);
  }, 90_000);

  it('a frame that is not on the page: an error naming the frames the page has, nothing submitted', async () => {
    const config = {
      ...rig.config,
      defaults: { ...rig.config.defaults, submitTimeout: 3_000 },
      targets: {
        ...rig.config.targets,
        embedded: {
          ...rig.config.targets.embedded!,
          forms: {
            quote: { ...rig.config.targets.embedded!.forms.quote!, frame: { src: '/hs-forms/embed/' } },
          },
        },
      },
    };
    const runner = createCaseRunner({ config, browser: async () => rig.browser });
    const before = rig.world.submissions().length;
    try {
      const result = await runner.run({ target: 'embedded', scenario: scenarioOf(pack, 'EM-02') });
      const submit = checkOf(result, 'submit');
      expect(submit.verdict).toBe('error');
      expect(submit.reason).toBe(
        `the browser could not operate the form: the form's frame { src: "/hs-forms/embed/" } is not on ${rig.world.urls.embedded}/quote/; frames on the page: ${rig.world.urls.forms}/f/quote/?page=${encodeURIComponent(`${rig.world.urls.embedded}/quote/`)} (name "quote-form")`,
      );
      expect(rig.world.submissions()).toHaveLength(before);
    } finally {
      await runner.close();
    }
  }, 90_000);
});

describe('the embedded build with its planted defects', () => {
  let rig: DemoRig;
  beforeAll(async () => {
    rig = await startRig(pack, { world: { defects: true } });
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('EM-01: D6–D9 each fail their own check on their own aspect, and submit passes', async () => {
    const result = await rig.run('embedded', scenarioOf(pack, 'EM-01'));
    expect(checkOf(result, 'submit').verdict).toBe('passed');
    expect(aspects(result, 'form')).toEqual(['fields.newsletter differs']); // D8
    expect(aspects(result, 'notification')).toEqual(['fields.添付ファイル differs']); // D6
    expect(aspects(result, 'crm').sort()).toEqual(['fields.attachment_name missing', 'fields.state missing']); // D6, D7
    expect(aspects(result, 'analytics')).toEqual(['events.generate_lead[ga4].hit.gcs differs']); // D9
    expect(checkOf(result, 'analytics').reason).toBe(
      'analytics generate_lead (ga4) hit gcs: expected "G111", got "G100"',
    );
    expect(rig.world.submissions().find((s) => s.email === result.email)?.attachment).toBeNull();
  }, 90_000);

  it('EM-02: D5, the button stays enabled — two inquiries, caught on the notification count', async () => {
    const result = await rig.run('embedded', scenarioOf(pack, 'EM-02'));
    expect(aspects(result, 'notification')).toEqual(['messages.count count']);
    expect(checkOf(result, 'notification').reason).toBe('2 notifications arrived; expected exactly 1');
    expect(rig.world.submissions().filter((s) => s.email === result.email)).toHaveLength(2);
  }, 90_000);
});
