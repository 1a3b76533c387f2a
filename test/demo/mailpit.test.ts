import { getResponse } from 'msw';
import { createTransport, type Transporter } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMailStore,
  type MailStore,
  mailpitHandlers,
  type ServedHandlers,
  type SmtpCatcher,
  serveHandlers,
  startSmtpCatcher,
} from '../../src/demo/index.ts';
import { formatRfc3339Nano } from '../../src/demo/mail-catcher/store.ts';

let store: MailStore;
let smtp: SmtpCatcher;
let api: ServedHandlers;
let mailer: Transporter;
let refused = false;

beforeEach(async () => {
  refused = false;
  store = createMailStore();
  smtp = await startSmtpCatcher(store, { refused: () => refused });
  api = await serveHandlers(mailpitHandlers(store));
  mailer = createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, pool: true });
});
afterEach(async () => {
  mailer.close();
  await Promise.all([smtp.close(), api.close()]);
});

async function send(
  subject: string,
  to: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await mailer.sendMail({ from: 'Site <noreply@site.test>', to, subject, text, ...extra });
}
interface Address {
  Name: string;
  Address: string;
}
interface Summary {
  ID: string;
  MessageID: string;
  Subject: string;
  Created: string;
  [field: string]: unknown;
}
interface SummaryList {
  total: number;
  messages_count: number;
  messages: Summary[];
  [field: string]: unknown;
}
interface FullMessage {
  ID: string;
  Date: string;
  ReplyTo: Address[];
  [field: string]: unknown;
}
const getJson = async <T>(path: string) => {
  const res = await fetch(`${api.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
};
const list = async (path = '/api/v1/messages') => (await getJson<SummaryList>(path)).body;
const search = (q: string) => getJson<SummaryList>(`/api/v1/search?query=${encodeURIComponent(q)}`);
const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

describe('Mailpit-compatible list (GET /api/v1/messages)', () => {
  it('lists received messages newest first in the MessagesSummary shape', async () => {
    const before = Date.now();
    await send('first qa-1', 'sales@site.test', 'hello one');
    await send('second qa-2', 'Sales <sales@site.test>', 'hello two', { replyTo: 'qa+2@example.test' });
    const after = Date.now();
    const { status, body } = await getJson<SummaryList>('/api/v1/messages');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      ['messages', 'messages_count', 'messages_unread', 'start', 'tags', 'total', 'unread'].sort(),
    );
    expect(body).toMatchObject({
      total: 2,
      unread: 2,
      messages_count: 2,
      messages_unread: 2,
      start: 0,
      tags: [],
    });
    const [newest, oldest] = body.messages as [Summary, Summary];
    expect(newest.Subject).toBe('second qa-2');
    expect(oldest.Subject).toBe('first qa-1');
    expect(Object.keys(newest).sort()).toEqual(
      [
        'Attachments',
        'Bcc',
        'Cc',
        'Created',
        'From',
        'ID',
        'MessageID',
        'Read',
        'ReplyTo',
        'Size',
        'Snippet',
        'Subject',
        'Tags',
        'To',
        'Username',
      ].sort(),
    );
    expect(newest).toMatchObject({
      Read: false,
      From: { Name: 'Site', Address: 'noreply@site.test' },
      To: [{ Name: 'Sales', Address: 'sales@site.test' }],
      ReplyTo: [{ Name: '', Address: 'qa+2@example.test' }],
      Attachments: 0,
      Snippet: 'hello two',
      Tags: [],
    });
    expect(newest.ID).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(newest.MessageID).not.toMatch(/[<>]/);
    expect(newest.Created).toMatch(RFC3339_NANO);
    const created = Date.parse(newest.Created);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
  });

  it('pages with start and limit', async () => {
    for (const n of [1, 2, 3]) await send(`m${n}`, 'a@site.test', 'x');
    const body = await list('/api/v1/messages?start=1&limit=1');
    expect(body).toMatchObject({ total: 3, messages_count: 3, start: 1 });
    expect(body.messages.map((m) => m.Subject)).toEqual(['m2']);
  });

  it('prints receive times as Go RFC3339Nano: nine digits at most, trailing zeros trimmed', () => {
    expect(formatRfc3339Nano(1_788_256_801_123_456_789n)).toBe('2026-09-01T10:00:01.123456789Z');
    expect(formatRfc3339Nano(1_788_256_801_120_000_000n)).toBe('2026-09-01T10:00:01.12Z');
    expect(formatRfc3339Nano(1_788_256_801_000_000_000n)).toBe('2026-09-01T10:00:01Z');
  });
});

describe('Mailpit-compatible search (GET /api/v1/search)', () => {
  beforeEach(async () => {
    await send(
      '【お問い合わせ】株式会社テスト商事 様',
      'sales@demo.test',
      '会社名: 株式会社テスト商事\n電話番号: 03-1234-5678',
      {
        replyTo: 'qa+ct-1@example.test',
      },
    );
    await send('New enquiry qa-2', 'other@demo.test', 'Body mentions marker ct-2 only here');
  });

  it('matches to:, from:, reply-to: and subject: by substring, quoted phrases included', async () => {
    expect((await search('to:sales@demo')).body.messages_count).toBe(1);
    expect((await search('to:"other@demo.test" subject:"New enquiry"')).body.messages[0]?.Subject).toBe(
      'New enquiry qa-2',
    );
    expect((await search('from:noreply@site.test')).body.messages_count).toBe(2);
    expect((await search('reply-to:"qa+ct-1@example.test"')).body.messages_count).toBe(1);
    expect((await search('subject:"テスト商事 様"')).body.messages_count).toBe(1);
  });

  it('matches free text against the whole message, body included, ignoring case', async () => {
    expect((await search('CT-2')).body.messages[0]?.Subject).toBe('New enquiry qa-2');
    expect((await search('"電話番号: 03-1234-5678"')).body.messages_count).toBe(1);
    expect((await search('nothing-like-this')).body).toMatchObject({
      total: 2,
      messages_count: 0,
      messages: [],
    });
  });

  it('negates with a leading - or !', async () => {
    expect((await search('-to:sales')).body.messages[0]?.Subject).toBe('New enquiry qa-2');
    expect((await search('!subject:enquiry')).body.messages_count).toBe(1);
  });

  it('decodes + in the query string as a space, as Mailpit does (so a + must be sent as %2B)', async () => {
    const plus = await fetch(`${api.url}/api/v1/search?query=reply-to:"qa+ct-1@example.test"`);
    expect(((await plus.json()) as { messages_count: number }).messages_count).toBe(0);
    const encoded = await fetch(`${api.url}/api/v1/search?query=reply-to:"qa%2Bct-1@example.test"`);
    expect(((await encoded.json()) as { messages_count: number }).messages_count).toBe(1);
  });

  it('answers a missing query with 400 and a plain-text error', async () => {
    const res = await fetch(`${api.url}/api/v1/search`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('Error: no search query');
  });
});

describe('Mailpit-compatible message (GET /api/v1/message/{ID})', () => {
  it('returns the full message with Text and no Created, and marks it read', async () => {
    await send('subject one', 'sales@site.test', 'line 1\nline 2', { replyTo: 'Q <q@example.test>' });
    const id = (await list()).messages[0]?.ID;
    const { status, body } = await getJson<FullMessage>(`/api/v1/message/${id}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        'Attachments',
        'Bcc',
        'Cc',
        'Date',
        'From',
        'HTML',
        'ID',
        'Inline',
        'ListUnsubscribe',
        'MessageID',
        'ReplyTo',
        'ReturnPath',
        'Size',
        'Subject',
        'Tags',
        'Text',
        'To',
        'Username',
      ].sort(),
    );
    expect(body).toMatchObject({
      ID: id,
      Subject: 'subject one',
      Text: 'line 1\nline 2\n',
      ReplyTo: [{ Name: 'Q', Address: 'q@example.test' }],
      ReturnPath: 'noreply@site.test',
    });
    expect(Date.parse(body.Date)).not.toBeNaN();
    expect(await list()).toMatchObject({ unread: 0, messages: [{ Read: true }] });
    expect((await getJson<FullMessage>('/api/v1/message/latest')).body.ID).toBe(id);
  });

  it('answers an unknown ID with a plain-text 404', async () => {
    const res = await fetch(`${api.url}/api/v1/message/doesNotExist`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('serves headers and raw source', async () => {
    await send('raw me', 'sales@site.test', 'body');
    const id = (await list()).messages[0]?.ID;
    expect((await getJson<Record<string, string[]>>(`/api/v1/message/${id}/headers`)).body.Subject).toEqual([
      'raw me',
    ]);
    expect(await (await fetch(`${api.url}/api/v1/message/${id}/raw`)).text()).toMatch(/Subject: raw me/);
  });
});

describe('Mailpit-compatible delete (DELETE /api/v1/messages)', () => {
  beforeEach(async () => {
    for (const n of [1, 2, 3]) await send(`m${n}`, 'a@site.test', 'x');
  });
  const del = (body?: string) =>
    fetch(`${api.url}/api/v1/messages`, { method: 'DELETE', ...(body === undefined ? {} : { body }) });

  it('deletes exactly the given IDs and answers ok', async () => {
    const ids = (await list()).messages.map((m) => m.ID);
    const res = await del(JSON.stringify({ IDs: ids.slice(0, 1) }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect((await list()).total).toBe(2);
  });

  it.each([
    ['no body', undefined],
    ['an empty body', ''],
    ['an empty object', '{}'],
    ['an empty IDs list', '{"IDs":[]}'],
    ['unparseable JSON', '{"IDs":'],
  ])('deletes EVERY message when given %s (the real Mailpit edge)', async (_what, body) => {
    expect(await (await del(body)).text()).toBe('ok');
    expect((await list()).total).toBe(0);
  });

  it('deletes by search with DELETE /api/v1/search', async () => {
    const res = await fetch(`${api.url}/api/v1/search?query=${encodeURIComponent('subject:m2')}`, {
      method: 'DELETE',
    });
    expect(await res.text()).toBe('ok');
    const subjects = (await list()).messages.map((m: { Subject: string }) => m.Subject);
    expect(subjects).toEqual(['m3', 'm1']);
  });
});

describe('SMTP catcher', () => {
  it('refuses connections with 421 while told to', async () => {
    refused = true;
    await expect(send('nope', 'a@site.test', 'x')).rejects.toThrow(/421/);
    expect(store.list()).toHaveLength(0);
  });
});

describe('handlers without a port', () => {
  it('answer through msw getResponse, for unit tests elsewhere', async () => {
    const local = createMailStore();
    await local.add('From: a@x.test\r\nTo: b@x.test\r\nSubject: direct\r\n\r\nhello\r\n');
    const handlers = mailpitHandlers(local, { baseUrl: 'http://localhost:8025' });
    const res = await getResponse(
      handlers,
      new Request('http://localhost:8025/api/v1/search?query=subject:direct'),
    );
    expect(res?.status).toBe(200);
    expect(((await (res as Response).json()) as { messages_count: number }).messages_count).toBe(1);
  });
});
