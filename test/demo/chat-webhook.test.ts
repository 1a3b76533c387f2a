import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../src/demo/index.ts';
import { SAMPLE, submitLegacy, submitRenewal, UTM } from './helpers.ts';

/**
 * The demo site's Slack-style notification: with `chatWebhookUrl` both builds post the sales
 * notification as a Slack incoming-webhook message, labels in mrkdwn bold, the way a site's Slack
 * integration does — so a scenario pack with a webhook target runs on the demo world.
 */
interface Posted {
  contentType: string;
  body: { text: string; blocks: { type: string; text: { type: string; text: string } }[] };
}

let world: DemoWorld | undefined;
let hook: Server | undefined;
afterEach(async () => {
  await world?.stop();
  await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
  world = undefined;
  hook = undefined;
});

/** A Slack-like incoming webhook on an ephemeral port: records each post and answers `answer`. */
async function slackHook(answer = { status: 200, text: 'ok' }): Promise<{ url: string; posts: Posted[] }> {
  const posts: Posted[] = [];
  hook = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      posts.push({ contentType: String(req.headers['content-type']), body: JSON.parse(raw) });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
    });
  });
  await new Promise<void>((resolve) => hook!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/slack`, posts };
}

describe('the demo site’s Slack webhook notification', () => {
  it('legacy posts every field as a mrkdwn `*label*: value` line, the address as a Slack link', async () => {
    const { url, posts } = await slackHook();
    world = await startDemoWorld({ chatWebhookUrl: url });
    const entry = { ...SAMPLE, company: '株式会社テスト商事 <R&D>' };
    expect((await submitLegacy(world, entry, UTM)).status).toBe(303);
    await world.idle();
    expect(world.submissions()).toMatchObject([{ mail: 'sent', chat: 'sent' }]);
    expect(posts).toHaveLength(1);
    const { contentType, body } = posts[0]!;
    expect(contentType).toBe('application/json');
    expect(body.text).toBe('【お問い合わせ】株式会社テスト商事 <R&D> 様');
    const mrkdwn = body.blocks.find((b) => b.text.type === 'mrkdwn')!.text.text.split('\n');
    expect(mrkdwn).toContain('*会社名*: 株式会社テスト商事 &lt;R&amp;D&gt;');
    expect(mrkdwn).toContain('*氏名*: 山田 太郎');
    expect(mrkdwn).toContain(`*メールアドレス*: <mailto:${SAMPLE.email}|${SAMPLE.email}>`);
    expect(mrkdwn).toContain('*電話番号*: 03-1234-5678');
    expect(mrkdwn).toContain(`*utm_campaign*: ${UTM.utm_campaign}`);
  });

  it('the renewal with defects leaves out 電話番号 in the chat too (D1); out of scope posts nothing', async () => {
    const { url, posts } = await slackHook();
    world = await startDemoWorld({ chatWebhookUrl: url });
    expect((await submitRenewal(world, SAMPLE, UTM)).status).toBe(303);
    expect((await submitRenewal(world, { ...SAMPLE, message: '営業のご案内です' }, UTM)).status).toBe(303);
    await world.idle();
    expect(world.submissions()).toMatchObject([{ chat: 'sent' }, { inScope: false, chat: 'skipped' }]);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.blocks[1]!.text.text).toContain('*会社名*: ');
    expect(posts[0]!.body.blocks[1]!.text.text).not.toContain('電話番号');
  });

  it('a webhook that does not answer 200 ok is a recorded chat failure; the mail still goes', async () => {
    const { url } = await slackHook({ status: 404, text: 'no_service' });
    world = await startDemoWorld({ chatWebhookUrl: url });
    await submitLegacy(world, SAMPLE, UTM);
    await world.idle();
    const [record] = world.submissions();
    expect(record).toMatchObject({ mail: 'sent', chat: 'failed' });
    expect(record!.errors).toEqual(['chat: webhook answered 404 no_service']);
  });

  it('without chatWebhookUrl nothing is posted', async () => {
    world = await startDemoWorld();
    await submitLegacy(world, SAMPLE, UTM);
    await world.idle();
    expect(world.submissions()).toMatchObject([{ mail: 'sent', chat: 'none' }]);
  });
});
