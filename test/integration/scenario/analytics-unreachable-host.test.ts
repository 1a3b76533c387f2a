/**
 * GA4 hits are captured in the browser, before the network: a hit sent to an unreachable
 * https://www.google-analytics.com is still seen. Chromium is told the host does not resolve, so
 * nothing leaves loopback.
 */

import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from '../../../src/browser/index.ts';
import { createCaseRunner } from '../../../src/scenario/case-runner.ts';
import { checkOf, type DemoRig, loadPack, scenarioOf, startRig } from '../../support/demo-rig.ts';

const GOOGLE = 'https://www.google-analytics.com';
const pack = await loadPack();
let rig: DemoRig;

beforeAll(async () => {
  rig = await startRig(pack, {
    world: { defects: false, analyticsHost: GOOGLE },
    launch: () =>
      chromium.launch({
        ...chromiumLaunchOptions(),
        args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP www.google-analytics.com ~NOTFOUND'],
      }),
  });
});
afterAll(async () => {
  await rig?.stop();
});

async function collectorHits(): Promise<unknown[]> {
  const response = await fetch(`${rig.world.urls.analytics}/hits`);
  return ((await response.json()) as { hits: unknown[] }).hits;
}

describe('a GA4 hit to an unreachable google-analytics.com', () => {
  it.each([
    [
      'sent on (a staging target, forward: true): it fails in the browser but was captured first',
      false,
      true,
    ],
    ['answered locally (a staging target, capture-and-block by default)', false, false],
    ['answered locally (a production target, capture-and-block by default)', true, false],
  ])('is still counted when %s', async (_, production, forward) => {
    // A production run: the target says so, the scenario may run there, the run was started for it.
    const legacy = rig.config.targets.legacy!;
    const probes = legacy.probes.analytics.map((p) => (p.use === 'ga4' ? { ...p, forward } : p));
    const config = {
      ...rig.config,
      targets: {
        ...rig.config.targets,
        legacy: { ...legacy, production, probes: { ...legacy.probes, analytics: probes } },
      },
    };
    const runner = createCaseRunner({ config, browser: async () => rig.browser, production });
    const failed: string[] = [];
    const result = await runner
      .run({
        target: 'legacy',
        scenario: { ...scenarioOf(pack, 'AC-01'), production },
        onContext: (context) =>
          context.on('requestfailed', (request) => {
            if (request.url().startsWith(GOOGLE)) failed.push(request.failure()?.errorText ?? '');
          }),
      })
      .finally(() => runner.close());

    const analytics = checkOf(result, 'analytics');
    expect(analytics.verdict).toBe('passed');
    expect(analytics.reason).toMatch(/^1× generate_lead \(ga4\), 1× generate_lead \(datalayer\)/);
    const events = analytics.evidence?.kind === 'analytics' ? analytics.evidence.events : [];
    const lead = events.find((e) => e.source === 'ga4' && e.name === 'generate_lead');
    expect(lead?.raw.startsWith(`${GOOGLE}/g/collect?`)).toBe(true);
    expect(lead?.utm).toMatchObject({ source: 'newsletter', medium: 'email', campaign: result.marker });
    // Sent on, the hits really could not reach the host; blocked, none was even attempted.
    if (forward) expect(failed).toContain('net::ERR_NAME_NOT_RESOLVED');
    else expect(failed).toEqual([]);
    // Nothing went to the world's own collector: the page only knows google-analytics.com.
    expect(await collectorHits()).toEqual([]);
  });
});
