import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../../src/demo/index.ts';
import {
  collectedHits,
  crmContact,
  dataLayerEvents,
  type Entry,
  eventsNamed,
  launchChromium,
  mailText,
  SAMPLE,
  type Submitted,
  searchMail,
  submitLegacy,
  submitRenewal,
  UTM,
  visitAndSubmit,
  waitFor,
} from '../../demo/helpers.ts';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 30_000 });

/** The same inquiry sent to legacy and renewal of the planted world, and to the clean renewal. */
const CASES = [
  { name: 'legacy', world: 'planted', build: 'legacy', defective: false },
  { name: 'renewal (defects on)', world: 'planted', build: 'renewal', defective: true },
  { name: 'clean renewal (defects: false)', world: 'clean', build: 'renewal', defective: false },
] as const;

const worlds: Record<'planted' | 'clean', DemoWorld> = {} as never;
beforeAll(async () => {
  [worlds.planted, worlds.clean] = await Promise.all([startDemoWorld(), startDemoWorld({ defects: false })]);
  expect(worlds.planted.defects).toBe(true);
});
afterAll(async () => {
  await Promise.all(Object.values(worlds).map((w) => w?.stop()));
});

let sequence = 0;
/** A fresh inquiry (own email) with a full-width phone number, through the case's build. */
async function submitCase(
  c: (typeof CASES)[number],
): Promise<{ world: DemoWorld; entry: Entry; result: Submitted }> {
  const world = worlds[c.world];
  sequence += 1;
  const entry = { ...SAMPLE, email: `qa+defect-${sequence}@example.com`, phone: '０３－１２３４－５６７８' };
  const result = await (c.build === 'legacy' ? submitLegacy : submitRenewal)(world, entry, UTM);
  await world.idle();
  return { world, entry, result };
}

describe.each(CASES)('$name', (c) => {
  it(`D1 notification: the mail ${c.defective ? 'omits' : 'keeps'} the 電話番号 line`, async () => {
    const { world, entry } = await submitCase(c);
    const found = await searchMail(world, `reply-to:"${entry.email}"`);
    expect(found.messages_count).toBe(1);
    const text = await mailText(world, found.messages[0]?.ID ?? '');
    expect(text).toContain('会社名: 株式会社テスト商事\n');
    if (c.defective) expect(text).not.toMatch(/^電話番号:/m);
    else expect(text).toContain('\n電話番号: 03-1234-5678\n');
  });

  it(`D2 crm: the contact ${c.defective ? 'lacks' : 'has'} utm_source / utm_medium / utm_campaign`, async () => {
    const { world, entry } = await submitCase(c);
    const props = (await crmContact(world, entry.email))?.properties ?? {};
    const utm = {
      utm_source: props.utm_source,
      utm_medium: props.utm_medium,
      utm_campaign: props.utm_campaign,
    };
    if (c.defective) expect(utm).toEqual({ utm_source: null, utm_medium: null, utm_campaign: null });
    else expect(utm).toEqual(UTM);
  });

  it(`D4 crm: 電話番号 reaches the CRM ${c.defective ? 'full-width, though the page accepted it' : 'half-width'}`, async () => {
    const { world, entry, result } = await submitCase(c);
    expect(result.status).toBe(303);
    const phone = (await crmContact(world, entry.email))?.properties.phone;
    expect(phone).toBe(c.defective ? '０３－１２３４－５６７８' : '03-1234-5678');
  });
});

describe('D3 analytics in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(CASES)('$name fires generate_lead the expected number of times', async (c) => {
    const world = worlds[c.world];
    await fetch(`${world.urls.analytics}/hits`, { method: 'DELETE' });
    const context = await browser.newContext();
    try {
      const { page, collect } = await visitAndSubmit(context, world.urls[c.build], c.build, SAMPLE);
      const times = c.defective ? 2 : 1;
      await waitFor('the generate_lead hits', async () =>
        eventsNamed(await collectedHits(world), 'generate_lead').length >= times ? true : undefined,
      );
      await collect.settled();
      const hits = await collectedHits(world);
      expect(eventsNamed(hits, 'generate_lead')).toHaveLength(times);
      expect(hits.filter((h) => h.events.some((e) => e.en === 'generate_lead'))).toHaveLength(times);
      expect(await dataLayerEvents(page, 'generate_lead')).toHaveLength(times);
    } finally {
      await context.close();
    }
  });
});
