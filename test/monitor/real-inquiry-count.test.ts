import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_PATH, type DemoWorld } from '../../src/demo/index.ts';
import { markerPattern, mintMarker } from '../../src/foundation/marker.ts';
import type { CountCall, CrmProbe, NotificationProbe } from '../../src/probes/index.ts';
import { type DemoRig, loadPack, startRig } from '../support/demo-rig.ts';

/**
 * Counting real inquiries against the demo world's CRM (HubSpot-shaped) and mail catcher
 * (Mailpit-shaped), over real HTTP: its seeded history, real visitors posting the campaign form,
 * and cutover's own synthetic inquiries, which are never counted.
 */

const WEEK = 7 * 24 * 3_600_000;
let rig: DemoRig;
let world: DemoWorld;
let crm: CrmProbe;
let inbox: NotificationProbe;
const started = Date.now();

function window(from: number, to: number): CountCall {
  return {
    from: new Date(from),
    to: new Date(to),
    markerPattern: markerPattern('ct'),
    markerPrefix: 'ct',
    syntheticEmail: 'qa+{marker}@example.com',
    signal: AbortSignal.timeout(30_000),
  };
}

async function post(path: string, fields: Record<string, string>): Promise<void> {
  const response = await fetch(new URL(path, world.urls.renewal), {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  await response.body?.cancel();
}

function inquiry(email: string, message: string): Record<string, string> {
  return {
    'entry[corp]': '株式会社テスト商事',
    'entry[person]': '山田 太郎',
    'entry[mail]': email,
    'entry[tel]': '03-1234-5678',
    'entry[biz]': '01',
    'entry[scale]': 'c',
    'entry[timing]': 't1',
    'entry[body]': message,
    'entry[agree]': 'on',
  };
}

beforeAll(async () => {
  rig = await startRig(await loadPack(), {
    browser: false,
    world: {
      defects: false,
      crmSearchLagMs: 0,
      realTraffic: {
        perHour: 30,
        historyWeeks: 2,
        historyAroundHours: 2,
        seed: 7,
        live: false,
        outOfScopeShare: 0,
      },
    },
  });
  world = rig.world;
  // The shipped config's probes: HubSpot with the marker in `message`, Mailpit on the sales inbox.
  crm = rig.probes.renewal.crm!;
  inbox = rig.probes.renewal.notifications[0]!;
}, 60_000);

afterAll(async () => {
  await rig?.stop();
});

describe('counting real inquiries', () => {
  it('counts the seeded history in the CRM and the inbox alike, window by window', async () => {
    const seeded = world.realTraffic!.seeded;
    expect(seeded).toBeGreaterThan(0);
    const all = window(started - 3 * WEEK, started);
    expect(await crm.countCreated!(all)).toBe(seeded);
    expect(await inbox.countCreated!(all)).toBe(seeded);
    // One past hour: both systems saw the same inquiries; the windows add up to the whole.
    const hour = started - WEEK - 3_600_000;
    const first = window(hour, hour + 1_800_000);
    const second = window(hour + 1_800_000, hour + 3_600_000);
    const crmHalves = [await crm.countCreated!(first), await crm.countCreated!(second)];
    expect([await inbox.countCreated!(first), await inbox.countCreated!(second)]).toEqual(crmHalves);
    expect(crmHalves[0]! + crmHalves[1]!).toBe(await crm.countCreated!(window(hour, hour + 3_600_000)));
  });

  it('counts real visitors and leaves out cutover’s synthetic inquiries, by address and by marker', async () => {
    const from = Date.now();
    for (const n of [1, 2, 3]) {
      await post(`${CAMPAIGN_PATH}send/`, inquiry(`visitor${n}@kaede-shoji.example`, `資料請求です（${n}）`));
    }
    const marker = mintMarker('ct');
    await post('/inquiry/send/', inquiry(`qa+${marker}@example.com`, `テスト ${marker}`));
    // A synthetic case whose email is not the synthetic address: its marker gives it away.
    const other = mintMarker('ct');
    await post('/inquiry/send/', inquiry('qa-team@example.org', `テスト（${other}）`));
    await world.idle();
    const now = window(from, Date.now() + 1000);
    expect(await crm.countCreated!(now)).toBe(3);
    expect(await inbox.countCreated!(now)).toBe(3);
  });

  it('with the campaign form broken, real visitors are thanked but nothing is counted', async () => {
    world.faults.set({ campaignFormBroken: true });
    try {
      const from = Date.now();
      await post(`${CAMPAIGN_PATH}send/`, inquiry('visitor9@kaede-shoji.example', '見積依頼'));
      await post('/inquiry/send/', inquiry('walk-in@kaede-shoji.example', '通常フォームから'));
      await world.idle();
      const now = window(from, Date.now() + 1000);
      // Only the one through /inquiry/ — the path the synthetic monitor walks — arrived.
      expect(await crm.countCreated!(now)).toBe(1);
      expect(await inbox.countCreated!(now)).toBe(1);
    } finally {
      world.faults.clear();
    }
  });
});
