/**
 * The demo world's faults, switched on one at a time, turn into the verdicts a QA person and an
 * on-call engineer need: `failed` when the site broke, `error` when cutover could not find out.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep } from '../../../src/http/retry.ts';
import type { ProbeDeps } from '../../../src/probes/deps.ts';
import type { CrmProbe } from '../../../src/probes/probe.ts';
import {
  checkOf,
  type DemoRig,
  loadPack,
  scenarioOf,
  startRig,
  verdicts,
  withExpect,
} from '../../support/demo-rig.ts';

const pack = await loadPack();
const AC01 = scenarioOf(pack, 'AC-01');
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, {
    world: { defects: false },
    // The faults are not about duplicates: a short settle keeps each case to a few seconds.
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
  rig.world.faults.clear();
  await rig.world.idle();
});

/** Probe deps whose retry waits are recorded and cut short, so back-off runs in milliseconds. */
function quickRetries(): { deps: Partial<ProbeDeps>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    deps: {
      retry: {
        sleep: (ms, signal) => {
          waits.push(ms);
          return sleep(Math.min(ms, 20), signal);
        },
      },
    },
  };
}

describe('CRM faults', () => {
  it('a CRM answering 401 is an error naming the 401, not a failed check', async () => {
    rig.world.faults.set({ crmError: 401 });
    const result = await rig.run('legacy', AC01);

    expect(verdicts(result)).toEqual({
      submit: 'passed',
      notification: 'passed',
      crm: 'error',
      analytics: 'passed',
    });
    expect(checkOf(result, 'crm')).toMatchObject({
      probe: 'hubspot',
      reason: 'HubSpot answered 401: token rejected',
    });
    expect(result.verdict).toBe('error');
    // The mail of this case is still cleaned up; nothing is deleted on the CRM it cannot read, and
    // what may be left there is listed with the marker to sweep it by.
    expect(result.cleanup.map((e) => `${e.system} ${e.probe} ${e.result}`)).toEqual([
      'notification sales deleted',
      'notification autoreply deleted',
      'crm hubspot failed',
    ]);
    expect(result.cleanup.find((e) => e.system === 'crm')).toMatchObject({
      id: '(not read)',
      reason: expect.stringContaining(result.marker),
    });
  });

  it('a CRM throttling with 429 for a while is waited out by its policy, and the check passes', async () => {
    const { deps, waits } = quickRetries();
    const probes = rig.probesWith('legacy', deps);
    const real = probes.crm!;
    let armed = false;
    // The fault starts once the site has written its contact, so only cutover's reads are throttled.
    const crm: CrmProbe = {
      name: real.name,
      timestamps: real.timestamps,
      find: async (identity, call) => {
        if (!armed) {
          armed = true;
          await rig.world.idle();
          rig.world.faults.set({ crmError: 429, crmErrorCount: 2 });
        }
        return real.find(identity, call);
      },
      delete: (records, call) => real.delete(records, call),
    };

    const result = await rig.run('legacy', AC01, { probes: { ...probes, crm } });

    expect(checkOf(result, 'crm')).toMatchObject({
      verdict: 'passed',
      reason: expect.stringMatching(/fields as expected$/),
    });
    // Two 429s, each waited for as HubSpot's TEN_SECONDLY_ROLLING policy asks.
    expect(waits).toEqual([10_000, 10_000]);
    expect(rig.world.faults.current().crmError).toBeNull();
    expect(result.cleanup.filter((e) => e.system === 'crm').map((e) => e.result)).toEqual(['deleted']);
  });

  it('a CRM answering 500 until retries run out is an error, not a failed check', async () => {
    const { deps } = quickRetries();
    const probes = rig.probesWith('legacy', deps);
    rig.world.faults.set({ crmError: 500 });

    const result = await rig.run('legacy', AC01, { probes });

    expect(checkOf(result, 'crm').verdict).toBe('error');
    expect(checkOf(result, 'crm').reason).toMatch(/500.*gave up after \d+ attempt/);
    expect(result.verdict).toBe('error');
  });
});

describe('mail faults', () => {
  it('a notification later than the scenario’s SLA fails the notification check', async () => {
    rig.world.faults.set({ mailDelayMs: 2_500 });
    const scenario = withExpect(AC01, { notification: { ...AC01.expect.notification!, within: 1_000 } });

    const result = await rig.run('legacy', scenario);

    expect(verdicts(result)).toEqual({
      submit: 'passed',
      notification: 'failed',
      crm: 'passed',
      analytics: 'passed',
    });
    // Within the grace window past the SLA the mail is still waited for: reported as late, with
    // its delay, and cleaned up like any other item of the case.
    const notification = checkOf(result, 'notification');
    expect(notification.reason).toMatch(/^notification arrived after [\d.]+ s; SLA 1 s$/);
    expect(notification.slaMs).toBe(1_000);
    expect(notification.delayMs).toBeGreaterThan(1_000);
    expect(result.cleanup).toContainEqual(
      expect.objectContaining({ system: 'notification', result: 'deleted' }),
    );
    await rig.world.idle();
    // Nothing of the case is left in the sales inbox (the site's 自動返信 to the synthetic visitor
    // also carries the marker, but lies outside the inbox the Mailpit probe reads and cleans).
    const query = `to:"${rig.world.salesInbox}" "${result.marker}"`;
    const search = await fetch(`${rig.world.urls.mailpit}/api/v1/search?query=${encodeURIComponent(query)}`);
    expect(((await search.json()) as { messages: unknown[] }).messages).toEqual([]);
  });

  it('an SMTP server refusing mail is the quiet break: thanked, no notification', async () => {
    rig.world.faults.set({ smtpRefused: true });
    const scenario = withExpect(AC01, { notification: { ...AC01.expect.notification!, within: 3_000 } });

    const result = await rig.run('legacy', scenario);

    expect(verdicts(result)).toEqual({
      submit: 'passed',
      notification: 'failed',
      crm: 'passed',
      analytics: 'passed',
    });
    expect(checkOf(result, 'submit').reason).toMatch(/^accepted/);
    expect(checkOf(result, 'notification').reason).toBe('no notification arrived within 3 s');
    // The site swallowed the SMTP error: only its own records know.
    expect(rig.world.submissions().at(-1)).toMatchObject({ email: result.email, mail: 'failed' });
  });
});

describe('site faults', () => {
  it.each(['legacy', 'renewal'] as const)(
    'a form answering 500 fails the submit check naming HTTP 500, and nothing downstream is checked (%s)',
    async (build) => {
      rig.world.faults.set({ formError: true });
      const accepted = rig.world.submissions().length;

      const result = await rig.run(build, AC01);

      expect(verdicts(result)).toEqual({
        submit: 'failed',
        notification: 'skipped',
        crm: 'skipped',
        analytics: 'skipped',
      });
      expect(checkOf(result, 'submit').reason).toBe('the site answered HTTP 500 at the submit step');
      for (const check of ['notification', 'crm', 'analytics'] as const) {
        // Why is the submit check's own reason, beside these in the report.
        expect(checkOf(result, check).reason).toBe('not checked: the submission did not complete');
      }
      expect(result.cleanup).toEqual([]);
      expect(rig.world.submissions()).toHaveLength(accepted);
    },
  );

  it('a slow page fails the submit check against its SLA, and downstream is still checked', async () => {
    rig.world.faults.set({ formDelayMs: 600 });
    const scenario = withExpect(AC01, { submit: { outcome: 'accepted', within: 500 } });

    const result = await rig.run('legacy', scenario);

    expect(verdicts(result)).toEqual({
      submit: 'failed',
      notification: 'passed',
      crm: 'passed',
      analytics: 'passed',
    });
    expect(checkOf(result, 'submit').reason).toMatch(/^thank-you page shown after [\d.]+ m?s; SLA 500 ms$/);
  });
});

describe('analytics faults', () => {
  it('a blocked GA4 tag fails the GA4 count with 0 hits, while the dataLayer push is still counted', async () => {
    rig.world.faults.set({ analyticsBlocked: true });
    const scenario = withExpect(AC01, { analytics: { ...AC01.expect.analytics!, within: 3_000 } });

    const result = await rig.run('legacy', scenario);

    expect(verdicts(result)).toEqual({
      submit: 'passed',
      notification: 'passed',
      crm: 'passed',
      analytics: 'failed',
    });
    const analytics = checkOf(result, 'analytics');
    // Nothing left the page: no hit to capture, so this is a failed conversion, not a probe error.
    expect(analytics.reason).toBe('analytics generate_lead (ga4): fired 0×; expected exactly 1');
    expect(analytics.details).toEqual(['generate_lead (ga4): fired 0×; expected exactly 1']);
    const events = analytics.evidence?.kind === 'analytics' ? analytics.evidence.events : [];
    expect(events.map((e) => `${e.source} ${e.name}`)).toEqual(['datalayer generate_lead']);
  });
});
