import { afterEach, describe, expect, it } from 'vitest';
import { ProbeError } from '../../src/probes/probe.ts';
import { createNotificationProbe } from '../../src/probes/registry.ts';
import { createSlackStore, type SlackStore, slackHandlers } from '../fakes/slack.ts';
import { identity, probeTestKit, secret } from '../support/probe-deps.ts';

const API = 'https://slack.test/api';
const CHANNEL = 'C0123456789';
const TOKEN = 'xoxb-1111-2222-secret-token';
const BOT = 'B0BOT';

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

function setup(configure?: (store: SlackStore) => void, token = TOKEN) {
  const store = createSlackStore();
  store.tokens.set(TOKEN, { scopes: ['channels:history', 'chat:write'], botId: BOT });
  store.channels.set(CHANNEL, []);
  configure?.(store);
  kit = probeTestKit(slackHandlers(store, { apiUrl: API, pageSize: 3 }));
  const probe = createNotificationProbe(
    { use: 'slack', token: secret('SLACK_BOT_TOKEN', token), channel: CHANNEL, apiUrl: API },
    kit.deps,
  );
  return { store, probe };
}

describe('slack probe', () => {
  it('finds the case’s message by marker in text or flattened blocks, with ts as id and receive time', async () => {
    const t0 = new Date();
    const { store, probe } = setup();
    const who = identity('ct-20261126-aaaaaa', t0);
    store.post(
      CHANNEL,
      { text: 'old one ct-20261126-aaaaaa', bot_id: BOT },
      new Date(t0.getTime() - 3_600_000),
    );
    store.post(CHANNEL, { text: 'someone else’s lead ct-20261126-bbbbbb', bot_id: BOT }, t0);
    const ts = store.post(
      CHANNEL,
      {
        text: 'New inquiry',
        bot_id: BOT,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'New inquiry' } },
          { type: 'section', text: { type: 'mrkdwn', text: '*Marker:* ct-20261126-aaaaaa' } },
          {
            type: 'section',
            fields: [{ type: 'mrkdwn', text: `*Email:* <mailto:${who.email}|${who.email}>` }],
          },
        ],
      },
      new Date(t0.getTime() + 2_500),
    );
    // Filler so that paging (3 per page) is exercised.
    for (let i = 0; i < 4; i++) store.post(CHANNEL, { text: `noise ${i}` }, new Date(t0.getTime() + 3_000));

    const found = await probe.find(who, kit.call);
    expect(found).toHaveLength(1);
    expect(found[0]!.id).toBe(ts);
    expect(found[0]!.receivedAt.getTime()).toBe(Math.round(Number(ts) * 1000));
    expect(found[0]!.text).toContain('*Marker:* ct-20261126-aaaaaa');
    expect(found[0]!.text).toContain(who.email);
    // oldest = t0 minus the clock allowance, as epoch seconds with microseconds.
    const oldest = store.historyCalls[0]!.get('oldest')!;
    expect(oldest).toMatch(/^\d+\.\d{6}$/);
    expect(Number(oldest)).toBeCloseTo((t0.getTime() - 60_000) / 1000, 3);
    expect(store.historyCalls.length).toBeGreaterThan(1);
  });

  it('returns [] while the message has not arrived', async () => {
    const { probe } = setup();
    expect(await probe.find(identity('ct-20261126-cccccc'), kit.call)).toEqual([]);
  });

  it('waits out 429 + Retry-After through the retry policy, then reads', async () => {
    const { store, probe } = setup((s) => {
      s.throttle = { remaining: 2, retryAfterSeconds: 7 };
    });
    const who = identity('ct-20261126-dddddd');
    store.post(CHANNEL, { text: `lead ${who.marker}`, bot_id: BOT });
    const found = await probe.find(who, kit.call);
    expect(found).toHaveLength(1);
    expect(kit.waits).toEqual([7000, 7000]);
  });

  it.each([
    ['invalid_auth', 'xoxb-wrong-token-value', 'auth'],
    ['missing_scope', 'xoxb-no-history-scope', 'auth'],
  ] as const)(
    'reports %s as a ProbeError "%s" without the token in the message',
    async (_error, token, reason) => {
      const { probe } = setup((s) => {
        s.tokens.set('xoxb-no-history-scope', { scopes: ['chat:write'], botId: BOT });
      }, token);
      const error = await probe.find(identity('ct-20261126-eeeeee'), kit.call).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProbeError);
      expect(error).toMatchObject({ reason, probe: 'slack' });
      expect((error as Error).message).toContain(_error);
      expect((error as Error).message).not.toContain(token);
    },
  );

  it('reports channel_not_found as a config error', async () => {
    const { probe } = setup((s) => s.channels.delete(CHANNEL));
    await expect(probe.find(identity('ct-20261126-ffffff'), kit.call)).rejects.toMatchObject({
      reason: 'config',
    });
  });

  it('deletes exactly the given messages with chat.delete, and refuses an empty list', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-gggggg');
    store.post(CHANNEL, { text: `lead ${who.marker}`, bot_id: BOT });
    const other = store.post(CHANNEL, { text: 'unrelated', bot_id: BOT });
    const found = await probe.find(who, kit.call);
    await probe.delete(found, kit.call);
    expect(store.deleted).toEqual([found[0]!.id]);
    expect(store.channels.get(CHANNEL)!.map((m) => m.ts)).toEqual([other]);
    await expect(probe.delete([], kit.call)).rejects.toMatchObject({ reason: 'config' });
    // Deleting again is fine: already gone is what cleanup wants.
    await probe.delete(found, kit.call);
  });

  it('reports cant_delete_message (another app’s post) as auth and deletes nothing', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-hhhhhh');
    store.post(CHANNEL, { text: `lead ${who.marker}`, bot_id: 'B0OTHERAPP' });
    const found = await probe.find(who, kit.call);
    await expect(probe.delete(found, kit.call)).rejects.toMatchObject({ reason: 'auth' });
    expect(store.deleted).toEqual([]);
  });
});
