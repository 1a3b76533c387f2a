import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterWorkingTime, CAMPAIGN_PATH, type DemoWorld, startDemoWorld } from '../../src/demo/index.ts';

/**
 * The demo world's fictional sales team and the two sales faults: the team answers a lead it hears
 * of from the sales inbox, in working hours only; `salesNotificationLost` leaves it unheard of, and
 * `utmDroppedForRealVisitors` strips the campaign page's UTMs (and only that page's).
 */

const jst = (text: string) => Date.parse(`${text}+09:00`);
const MIN = 60_000;

let world: DemoWorld;
let crm: string;

beforeAll(async () => {
  world = await startDemoWorld({
    defects: false,
    crmSearchLagMs: 0,
    // No history, no visitors: the test posts; the team answers 300 ms after the mail arrives.
    realTraffic: { historyWeeks: 0, live: false, salesTeam: (receivedAt) => receivedAt + 300 },
  });
  crm = world.urls.crm;
});
afterAll(async () => {
  await world?.stop();
});

async function post(path: string, email: string): Promise<void> {
  const response = await fetch(new URL(path, world.urls.renewal), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      'entry[corp]': '株式会社テスト商事',
      'entry[person]': '山田 太郎',
      'entry[mail]': email,
      'entry[tel]': '03-1234-5678',
      'entry[biz]': '01',
      'entry[scale]': 'c',
      'entry[timing]': 't1',
      'entry[body]': '資料請求です',
      'entry[agree]': 'on',
      'entry[utm_source]': 'newsletter',
      'entry[utm_medium]': 'email',
      'entry[utm_campaign]': 'spring',
    }),
  });
  expect(response.status).toBe(303);
  await response.body?.cancel();
  await world.idle();
}

async function contact(email: string): Promise<Record<string, string | null>> {
  const url = new URL(`${crm}/crm/v3/objects/contacts/${encodeURIComponent(email)}`);
  url.searchParams.set('idProperty', 'email');
  url.searchParams.set('properties', 'hs_lead_status,notes_last_contacted,utm_source');
  const response = await fetch(url, { headers: { authorization: `Bearer ${world.crmToken}` } });
  return ((await response.json()) as { properties: Record<string, string | null> }).properties;
}

/** Whether the team answered within `ms` (it looks every second; it answers 300 ms after the mail). */
const answered = async (email: string, ms = 4000) => {
  for (let i = 0; i < ms / 100; i++) {
    if ((await contact(email)).hs_lead_status !== 'NEW') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};

describe('the demo sales team', () => {
  it('works Japan business hours: Friday 17:55 before a holiday Monday, 10 min of work → Tuesday 09:05', () => {
    expect(afterWorkingTime(jst('2027-09-17T17:55:00'), 10 * MIN)).toBe(jst('2027-09-21T09:05:00'));
    expect(afterWorkingTime(jst('2026-12-28T17:30:00'), 60 * MIN)).toBe(jst('2027-01-04T09:30:00'));
    expect(afterWorkingTime(jst('2026-12-05T23:00:00'), 0)).toBe(jst('2026-12-07T09:00:00'));
  });

  it('answers a lead it heard of from the sales inbox, and not one whose mail went to a dead mailbox', async () => {
    await post(`${CAMPAIGN_PATH}send/`, 'heard@kaede-shoji.example');
    expect(await answered('heard@kaede-shoji.example')).toBe(true);
    const properties = await contact('heard@kaede-shoji.example');
    expect(properties.hs_lead_status).toBe('ATTEMPTED_TO_CONTACT');
    expect(properties.notes_last_contacted).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    world.faults.set({ salesNotificationLost: true });
    try {
      await post(`${CAMPAIGN_PATH}send/`, 'unheard@kaede-shoji.example');
      expect(await answered('unheard@kaede-shoji.example', 2500)).toBe(false);
      expect(world.submissions().at(-1)?.mail).toBe('sent'); // sent — to the wrong mailbox
    } finally {
      world.faults.clear();
    }
  });

  it('utmDroppedForRealVisitors strips the campaign page’s UTMs only', async () => {
    await post(`${CAMPAIGN_PATH}send/`, 'before@kaede-shoji.example');
    expect((await contact('before@kaede-shoji.example')).utm_source).toBe('newsletter');
    world.faults.set({ utmDroppedForRealVisitors: true });
    try {
      await post(`${CAMPAIGN_PATH}send/`, 'campaign@kaede-shoji.example');
      expect((await contact('campaign@kaede-shoji.example')).utm_source).toBeNull();
    } finally {
      world.faults.clear();
    }
  });
});
