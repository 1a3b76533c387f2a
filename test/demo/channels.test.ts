import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTO_REPLY_FROM,
  AUTO_REPLY_SUBJECT,
  type DemoWorld,
  type DemoWorldOptions,
  startDemoWorld,
} from '../../src/demo/index.ts';
import { composeNotification } from '../../src/demo/site/notification.ts';
import { crlf } from '../../src/demo/site/raw-mail.ts';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type composeTeamsMessage,
} from '../../src/demo/site/teams-notification.ts';
import { flattenChatPayload } from '../../src/probes/shared/chat-text.ts';
import { SAMPLE, searchMail, submitLegacy, submitRenewal, UTM } from './helpers.ts';

/**
 * Every channel a Japanese inquiry reaches at once in the demo world: the sales notification,
 * the 自動返信 to the visitor (legacy ISO-2022-JP text, renewal HTML only), the Teams post, and the
 * faults that break each quietly (autoReplyMissing, autoReplyFieldLost, mislabelledCharset,
 * teamsPostMissing).
 */

const VISITOR = 'qa+ct-20261207-abc123@example.com';
const ENTRY = { ...SAMPLE, email: VISITOR, message: '資料をください。（ct-20261207-abc123）' };

let world: DemoWorld | undefined;
let hook: Server | undefined;
afterEach(async () => {
  await world?.stop();
  await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
  world = undefined;
  hook = undefined;
});

async function open(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  world = await startDemoWorld({ defects: false, ...options });
  return world;
}

interface FullMessage {
  From: { Name: string; Address: string };
  To: Array<{ Name: string; Address: string }>;
  ReplyTo: unknown[];
  Subject: string;
  Text: string;
  HTML: string;
}

async function message(w: DemoWorld, id: string): Promise<FullMessage> {
  return (await (await fetch(`${w.urls.mailpit}/api/v1/message/${id}`)).json()) as FullMessage;
}
async function raw(w: DemoWorld, id: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(`${w.urls.mailpit}/api/v1/message/${id}/raw`)).arrayBuffer());
}
/** The one mail to the visitor (the auto-reply), found as cutover would: `to:` the address. */
async function autoReply(w: DemoWorld): Promise<{ id: string; full: FullMessage; raw: Buffer } | undefined> {
  const found = await searchMail(w, `to:"${VISITOR}"`);
  expect(found.messages_count).toBeLessThanOrEqual(1);
  const id = found.messages[0]?.ID;
  return id ? { id, full: await message(w, id), raw: await raw(w, id) } : undefined;
}

describe('自動返信 (auto-reply) to the visitor', () => {
  it('legacy: ISO-2022-JP plain text from noreply@, echoing the inquiry; the sales inbox still holds just the notification', async () => {
    const w = await open();
    expect((await submitLegacy(w, ENTRY, UTM)).status).toBe(303);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ mail: 'sent', autoReply: 'sent', errors: [] }]);
    expect((await searchMail(w, `to:"${w.salesInbox}"`)).messages_count).toBe(1);

    const reply = (await autoReply(w))!;
    expect(reply.full.Subject).toBe(AUTO_REPLY_SUBJECT);
    expect(reply.full.From).toEqual({ Name: AUTO_REPLY_FROM.name, Address: AUTO_REPLY_FROM.address });
    expect(reply.full.To).toEqual([{ Name: '山田 太郎', Address: VISITOR }]);
    expect(reply.full.ReplyTo).toEqual([]);
    expect(reply.full.HTML).toBe('');
    const lines = reply.full.Text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '山田 太郎 様',
        '会社名: 株式会社テスト商事',
        '氏名: 山田 太郎',
        `メールアドレス: ${VISITOR}`,
        '電話番号: 03-1234-5678',
        'お問い合わせ内容: 資料をください。（ct-20261207-abc123）',
        '営業時間: 9:00～17:30',
        'URL: https://demo.cutover.test/',
      ]),
    );
    expect(reply.raw.toString('latin1')).toContain('\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n');
    expect([...reply.raw].every((b) => b < 0x80)).toBe(true);
    expect(reply.raw.toString('latin1')).toContain('\x1b$B');
  });

  it('renewal: HTML only (no text part, UTF-8), the inquiry as <th>/<td> rows, the footer after an <hr>', async () => {
    const w = await open();
    expect((await submitRenewal(w, ENTRY, UTM)).status).toBe(303);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ autoReply: 'sent' }]);
    const reply = (await autoReply(w))!;
    expect(reply.full.Subject).toBe(AUTO_REPLY_SUBJECT);
    expect(reply.full.From.Address).toBe('noreply@demo.cutover.test');
    const head = reply.raw.toString('utf8').split('\r\n\r\n')[0]!;
    expect(head).toMatch(/(^|\r\n)Content-Type: text\/html; charset=utf-8(\r\n|$)/);
    expect(reply.raw.toString('utf8')).not.toContain('text/plain');
    expect(reply.full.HTML).toContain('<th align="left">会社名</th><td>株式会社テスト商事</td>');
    expect(reply.full.HTML).toContain(`<th align="left">メールアドレス</th><td>${VISITOR}</td>`);
    expect(reply.full.HTML).toContain('<th align="left">電話番号</th><td>03-1234-5678</td>');
    expect(reply.full.HTML).toContain('ct-20261207-abc123');
    expect(reply.full.HTML.slice(reply.full.HTML.indexOf('<hr>'))).toContain('営業時間: 9:00〜17:30');
    // Mailpit's Text for an HTML-only mail: html2text runs the table's rows together on one line.
    expect(reply.full.Text).toContain(
      `会社名 株式会社テスト商事 氏名 山田 太郎 メールアドレス ${VISITOR} 電話番号 03-1234-5678 お問い合わせ内容 資料をください。（ct-20261207-abc123）`,
    );
    expect(reply.full.Text.split('\n')).toEqual(
      expect.arrayContaining(['営業時間: 9:00〜17:30', 'URL: https://demo.cutover.test/']),
    );
  });

  it('is sent for an out-of-scope inquiry too (the visitor is thanked), where the sales mail is skipped', async () => {
    const w = await open();
    await submitLegacy(w, { ...ENTRY, message: '営業のご案内です' }, UTM);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ inScope: false, mail: 'skipped', autoReply: 'sent' }]);
    expect((await searchMail(w, 'to:sales')).messages_count).toBe(0);
    expect(await autoReply(w)).toBeDefined();
  });

  it('fails with the notification when SMTP refuses, and is recorded as an auto-reply error', async () => {
    const w = await open({ faults: { smtpRefused: true } });
    await submitRenewal(w, ENTRY, UTM);
    await w.idle();
    const [record] = w.submissions();
    expect(record).toMatchObject({ mail: 'failed', autoReply: 'failed' });
    expect(record!.errors.find((e) => e.startsWith('auto-reply: '))).toMatch(/421/);
  });
});

describe('channel faults', () => {
  it('autoReplyMissing: no auto-reply on either build, recorded as none; the sales mail still goes', async () => {
    const w = await open({ faults: { autoReplyMissing: true } });
    await submitLegacy(w, ENTRY, UTM);
    await submitRenewal(w, ENTRY, UTM);
    await w.idle();
    expect(w.submissions()).toMatchObject([
      { mail: 'sent', autoReply: 'none', errors: [] },
      { mail: 'sent', autoReply: 'none', errors: [] },
    ]);
    expect(await autoReply(w)).toBeUndefined();
    expect((await searchMail(w, `to:"${w.salesInbox}"`)).messages_count).toBe(2);
  });

  it('autoReplyFieldLost: the renewal table loses its 電話番号 row; the sales notification keeps 電話番号', async () => {
    const w = await open({ faults: { autoReplyFieldLost: true } });
    await submitRenewal(w, ENTRY, UTM);
    await w.idle();
    const reply = (await autoReply(w))!;
    expect(reply.full.HTML).not.toContain('電話番号');
    expect(reply.full.HTML).toContain('<th align="left">会社名</th>');
    const [sales] = (await searchMail(w, `to:"${w.salesInbox}"`)).messages;
    expect((await message(w, sales!.ID)).Text).toContain('\n電話番号: 03-1234-5678\n');
  });

  it('autoReplyFieldLost on legacy: the text auto-reply loses its 電話番号 line', async () => {
    const w = await open({ faults: { autoReplyFieldLost: true } });
    await submitLegacy(w, ENTRY, UTM);
    await w.idle();
    expect((await autoReply(w))!.full.Text).not.toMatch(/^電話番号:/m);
  });

  it('mislabelledCharset: the notification body is the UTF-8 text byte for byte under charset=ISO-2022-JP; Text is mojibake', async () => {
    const w = await open({ faults: { mislabelledCharset: true } });
    await submitLegacy(w, ENTRY, UTM);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ mail: 'sent', autoReply: 'sent' }]);
    const [summary] = (await searchMail(w, `to:"${w.salesInbox}"`)).messages;
    expect(summary?.Subject).toBe('【お問い合わせ】株式会社テスト商事 様');
    const bytes = await raw(w, summary!.ID);
    const at = bytes.indexOf('\r\n\r\n');
    expect(bytes.subarray(0, at).toString('latin1')).toContain(
      '\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n',
    );
    const page = new URL(`${w.urls.legacy}/contact/?${new URLSearchParams(UTM)}`).href;
    const expected = composeNotification(
      {
        company: '株式会社テスト商事',
        name: '山田 太郎',
        email: VISITOR,
        phone: '03-1234-5678',
        industry: 'manufacturing',
        employees: '10-49',
        timeline: 'within_3_months',
        message: ENTRY.message,
        consent: true,
        utm: { source: UTM.utm_source, medium: UTM.utm_medium, campaign: UTM.utm_campaign },
        pageUrl: page,
      },
      { listPhone: true },
    );
    expect(bytes.subarray(at + 4).toString('utf8')).toBe(crlf(expected.text));
    expect(bytes.subarray(at + 4).equals(Buffer.from(crlf(expected.text), 'utf8'))).toBe(true);
    const text = (await message(w, summary!.ID)).Text;
    expect(text).not.toContain('電話番号');
    expect(text).toContain('\ufffd: 03-1234-5678\n');
    expect(text).toContain(`utm_campaign: ${UTM.utm_campaign}\n`);
    // The auto-reply is not touched by this fault.
    expect((await autoReply(w))!.full.Text).toContain('電話番号: 03-1234-5678');
  });

  it('are set and reported over the admin API like every other fault', async () => {
    const w = await open();
    const admin = `${w.urls.admin}/faults`;
    const post = await fetch(admin, {
      method: 'POST',
      body: JSON.stringify({ autoReplyMissing: true, mislabelledCharset: true, teamsPostMissing: true }),
    });
    expect(await post.json()).toMatchObject({
      autoReplyMissing: true,
      autoReplyFieldLost: false,
      mislabelledCharset: true,
      teamsPostMissing: true,
    });
    const bad = await fetch(admin, { method: 'POST', body: JSON.stringify({ autoReplyFieldLost: 'yes' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems.join()).toMatch(/autoReplyFieldLost/);
    await fetch(admin, { method: 'DELETE' });
    expect(w.faults.current()).toMatchObject({ autoReplyMissing: false, teamsPostMissing: false });
  });
});

interface Posted {
  contentType: string;
  body: ReturnType<typeof composeTeamsMessage>;
}

/** A Teams-Workflows-like webhook: records each post, answers 202 Accepted (or `answer`). */
async function teamsHook(answer = { status: 202, text: '' }): Promise<{ url: string; posts: Posted[] }> {
  const posts: Posted[] = [];
  hook = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      posts.push({ contentType: String(req.headers['content-type']), body: JSON.parse(body) });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
    });
  });
  await new Promise<void>((resolve) => hook!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/workflows/teams`, posts };
}

const factsOf = (posted: Posted) => {
  const card = posted.body.attachments[0]!.content;
  const factSet = card.body.find((b) => b.type === 'FactSet');
  return factSet && 'facts' in factSet ? factSet.facts : [];
};

describe('Teams (Workflows) post, with teamsWebhookUrl', () => {
  it('posts an Adaptive Card message: subject, intro line, one FactSet of every label and value', async () => {
    const { url, posts } = await teamsHook();
    const w = await open({ teamsWebhookUrl: url });
    await submitLegacy(w, ENTRY, UTM);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ mail: 'sent', teams: 'sent', chat: 'none', errors: [] }]);
    expect(posts).toHaveLength(1);
    const [posted] = posts;
    expect(posted!.contentType).toBe('application/json');
    expect(posted!.body).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: ADAPTIVE_CARD_CONTENT_TYPE,
          content: {
            type: 'AdaptiveCard',
            version: '1.4',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          },
        },
      ],
    });
    expect(ADAPTIVE_CARD_CONTENT_TYPE).toBe('application/vnd.microsoft.card.adaptive');
    const card = posted!.body.attachments[0]!.content;
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '【お問い合わせ】株式会社テスト商事 様' });
    expect(factsOf(posted!)).toEqual(
      expect.arrayContaining([
        { title: '会社名', value: '株式会社テスト商事' },
        { title: 'メールアドレス', value: VISITOR },
        { title: '電話番号', value: '03-1234-5678' },
        { title: 'お問い合わせ内容', value: ENTRY.message },
        { title: 'utm_campaign', value: UTM.utm_campaign },
      ]),
    );

    // cutover's own reader of chat payloads takes it as a Teams Adaptive Card, facts as `label: value`.
    const read = flattenChatPayload(posted!.body);
    expect(read.format).toBe('teams-adaptivecard');
    expect(read.subject).toBe('【お問い合わせ】株式会社テスト商事 様');
    expect(read.text.split('\n')).toEqual(
      expect.arrayContaining([
        '会社名: 株式会社テスト商事',
        '電話番号: 03-1234-5678',
        `utm_campaign: ${UTM.utm_campaign}`,
      ]),
    );
  });

  it('the renewal with defects leaves out 電話番号 here too (D1); out of scope posts nothing', async () => {
    const { url, posts } = await teamsHook();
    const w = await open({ defects: true, teamsWebhookUrl: url });
    await submitRenewal(w, ENTRY, UTM);
    await submitRenewal(w, { ...ENTRY, message: '広告掲載のお願い' }, UTM);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ teams: 'sent' }, { inScope: false, teams: 'skipped' }]);
    expect(posts).toHaveLength(1);
    expect(factsOf(posts[0]!).map((f) => f.title)).not.toContain('電話番号');
  });

  it('a webhook answering outside 2xx is a recorded teams failure; 200 (old connectors) is fine too', async () => {
    const { url } = await teamsHook({ status: 400, text: 'Bad payload' });
    const w = await open({ teamsWebhookUrl: url });
    await submitLegacy(w, ENTRY, UTM);
    await w.idle();
    const [record] = w.submissions();
    expect(record).toMatchObject({ mail: 'sent', teams: 'failed' });
    expect(record!.errors).toEqual(['teams: Teams webhook answered 400 Bad payload']);
  });

  it('teamsPostMissing: nothing is posted, recorded as none; without teamsWebhookUrl teams is none', async () => {
    const { url, posts } = await teamsHook({ status: 200, text: '1' });
    const w = await open({ teamsWebhookUrl: url, faults: { teamsPostMissing: true } });
    await submitLegacy(w, ENTRY, UTM);
    await w.idle();
    expect(w.submissions()).toMatchObject([{ teams: 'none', mail: 'sent' }]);
    expect(posts).toEqual([]);
    w.faults.clear();
    await submitLegacy(w, ENTRY, UTM);
    await w.idle();
    expect(w.submissions()[1]).toMatchObject({ teams: 'sent' });
    expect(posts).toHaveLength(1);
    const submissions = (await (await fetch(`${w.urls.admin}/submissions`)).json()) as {
      submissions: Array<{ teams: string; autoReply: string }>;
    };
    expect(submissions.submissions.map((s) => [s.teams, s.autoReply])).toEqual([
      ['none', 'sent'],
      ['sent', 'sent'],
    ]);

    await w.stop();
    world = await open();
    await submitLegacy(world, ENTRY, UTM);
    await world.idle();
    expect(world.submissions()).toMatchObject([{ teams: 'none' }]);
  });
});
