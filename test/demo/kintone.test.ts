import { getResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKintoneApp,
  type DemoWorld,
  INQUIRY_APP_LAYOUT,
  type KintoneApp,
  kintoneHandlers,
  startDemoWorld,
} from '../../src/demo/index.ts';
import { SAMPLE, submitLegacy, submitRenewal, UTM, waitFor } from './helpers.ts';

const BASE = 'https://demo.cybozu.test';
const TOKEN = 'KintoneTokenAll0000000000000000000000000';
const VIEW_ONLY = 'KintoneTokenView000000000000000000000000';

let clock: number;
let injected: 429 | 503 | null;
let app: KintoneApp;

beforeEach(() => {
  clock = Date.parse('2026-12-07T08:15:42.123Z');
  injected = null;
  app = createKintoneApp({
    id: 7,
    layout: INQUIRY_APP_LAYOUT,
    apiTokens: [TOKEN, { token: VIEW_ONLY, permissions: ['view'] }],
    now: () => clock,
  });
});

/** Call the handlers directly (no port). */
async function call(
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['x-cybozu-api-token'] = token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const res = await getResponse(kintoneHandlers(app, { baseUrl: BASE, nextError: () => injected }), request);
  if (!res) throw new Error(`no handler for ${method} ${path}`);
  const text = await res.text();
  return {
    status: res.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const records = (query: string, extra = '') =>
  call('GET', `/k/v1/records.json?app=7&query=${encodeURIComponent(query)}${extra}`);

const REQUIRED = {
  会社名: '株式会社テスト',
  氏名: '山田 太郎',
  メールアドレス: 'a@example.com',
  お問い合わせ内容: '資料請求',
};

/** POST one record: the required fields, then these values. */
function add(values: Record<string, unknown>) {
  const record = Object.fromEntries(
    Object.entries({ ...REQUIRED, ...values }).map(([code, value]) => [code, { value }]),
  );
  return call('POST', '/k/v1/record.json', { body: { app: 7, record } });
}

const idsOf = (body: Record<string, unknown>) =>
  (body.records as Array<{ $id: { value: string } }>).map((record) => record.$id.value);

describe('kintone fake: records', () => {
  it('adds a record and shows every field as { type, value }, 作成日時 to the minute', async () => {
    const added = await add({
      メールアドレス: 'qa+ct-20261207-aaaaaa@example.com',
      個人情報の取扱いに同意: ['同意する'],
      担当者: [{ code: 'sato' }],
      対応履歴: [{ value: { 対応日: { value: '2026-12-08' }, 対応内容: { value: '電話済み' } } }],
    });
    expect(added).toEqual({ status: 200, body: { id: '1', revision: '1' } });
    const { status, body } = await call('GET', '/k/v1/record.json?app=7&id=1');
    expect(status).toBe(200);
    const record = body.record as Record<string, { type: string; value: unknown }>;
    expect(record.$id).toEqual({ type: '__ID__', value: '1' });
    expect(record.$revision).toEqual({ type: '__REVISION__', value: '1' });
    expect(record.レコード番号).toEqual({ type: 'RECORD_NUMBER', value: '1' });
    expect(record.作成日時).toEqual({ type: 'CREATED_TIME', value: '2026-12-07T08:15:00Z' });
    expect(record.更新日時).toEqual({ type: 'UPDATED_TIME', value: '2026-12-07T08:15:00Z' });
    expect(record.作成者).toEqual({ type: 'CREATOR', value: { code: 'api-token', name: 'APIトークン' } });
    expect(record.メールアドレス).toEqual({ type: 'LINK', value: 'qa+ct-20261207-aaaaaa@example.com' });
    expect(record.電話番号).toEqual({ type: 'SINGLE_LINE_TEXT', value: '' });
    expect(record.個人情報の取扱いに同意).toEqual({ type: 'CHECK_BOX', value: ['同意する'] });
    expect(record.担当者).toEqual({ type: 'USER_SELECT', value: [{ code: 'sato', name: 'sato' }] });
    expect(record.対応履歴).toEqual({
      type: 'SUBTABLE',
      value: [
        {
          id: expect.any(String),
          value: {
            対応日: { type: 'DATE', value: '2026-12-08' },
            対応内容: { type: 'MULTI_LINE_TEXT', value: '電話済み' },
          },
        },
      ],
    });
  });

  it('reports every input problem at once as 400 CB_VA01', async () => {
    const { status, body } = await call('POST', '/k/v1/record.json', {
      body: { app: 7, record: { 業種: { value: '農業' }, 個人情報の取扱いに同意: { value: ['はい'] } } },
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      code: 'CB_VA01',
      message: '入力内容が正しくありません。',
      id: expect.any(String),
    });
    expect(Object.keys(body.errors as object).sort()).toEqual(
      [
        'record.会社名.value',
        'record.氏名.value',
        'record.メールアドレス.value',
        'record.お問い合わせ内容.value',
        'record.業種.value',
        'record.個人情報の取扱いに同意.values[0].value',
      ].sort(),
    );
  });

  it('updates with PUT, bumping the revision, and refuses a stale revision with 409 GAIA_CO02', async () => {
    await add({});
    clock += 3 * 60_000;
    expect(
      await call('PUT', '/k/v1/record.json', {
        body: { app: 7, id: 1, revision: 1, record: { 電話番号: { value: '03-1234-5678' } } },
      }),
    ).toEqual({
      status: 200,
      body: { revision: '2' },
    });
    const stale = await call('PUT', '/k/v1/record.json', {
      body: { app: 7, id: 1, revision: 1, record: {} },
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'GAIA_CO02' } });
    const { body } = await call('GET', '/k/v1/record.json?app=7&id=1');
    expect((body.record as Record<string, { value: unknown }>).更新日時!.value).toBe('2026-12-07T08:18:00Z');
    expect(await call('GET', '/k/v1/record.json?app=7&id=99')).toMatchObject({
      status: 404,
      body: { code: 'GAIA_RE01' },
    });
  });

  it('deletes 1 to 100 ids at once, all or nothing (404 GAIA_RE01 names the missing one)', async () => {
    for (let i = 0; i < 3; i++) await add({});
    expect(await call('DELETE', '/k/v1/records.json', { body: { app: 7, ids: [1, 99] } })).toMatchObject({
      status: 404,
      body: { code: 'GAIA_RE01', message: expect.stringContaining('99') },
    });
    expect(app.all()).toHaveLength(3);
    expect(await call('DELETE', '/k/v1/records.json?app=7&ids[0]=1&ids[1]=3')).toEqual({
      status: 200,
      body: {},
    });
    expect(app.all().map((record) => record.$id!.value)).toEqual(['2']);
    expect(await call('DELETE', '/k/v1/records.json', { body: { app: 7, ids: [] } })).toMatchObject({
      status: 400,
      body: { code: 'CB_VA01', errors: { ids: expect.anything() } },
    });
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(await call('DELETE', '/k/v1/records.json', { body: { app: 7, ids: many } })).toMatchObject({
      status: 400,
      body: { code: 'CB_VA01' },
    });
    expect(app.all()).toHaveLength(1);
  });
});

describe('kintone fake: query', () => {
  beforeEach(async () => {
    await add({ メールアドレス: 'qa+ct-20261207-aaaaaa@example.com', お問い合わせ内容: '資料請求' });
    clock += 60_000;
    await add({
      メールアドレス: 'yamada@typo.example',
      お問い合わせ内容: '確認です（ct-20261207-bbbbbb）',
      業種: '製造業',
    });
    clock += 60_000;
    await add({
      メールアドレス: 'real@example.co.jp',
      お問い合わせ内容: 'He said "hi" \\ bye',
      業種: '教育',
    });
  });

  it('filters with =, like, and/or and parentheses; orders, limits and pages; picks fields; counts', async () => {
    const either = await records(
      'メールアドレス = "qa+ct-20261207-aaaaaa@example.com" or お問い合わせ内容 like "CT-20261207-BBBBBB" order by $id asc',
    );
    expect(idsOf(either.body)).toEqual(['1', '2']);
    expect(either.body.totalCount).toBeNull();
    expect(idsOf((await records('')).body)).toEqual(['3', '2', '1']); // default: $id desc
    const paged = await records(
      'order by $id asc limit 1 offset 1',
      '&totalCount=true&fields[0]=$id&fields[1]=作成日時',
    );
    expect(paged.body).toEqual({
      records: [
        {
          $id: { type: '__ID__', value: '2' },
          作成日時: { type: 'CREATED_TIME', value: '2026-12-07T08:16:00Z' },
        },
      ],
      totalCount: '3',
    });
    const window = await records(
      '作成日時 >= "2026-12-07T08:16:00Z" and 作成日時 < "2026-12-07T08:17:00Z" and (業種 in ("製造業") or 業種 in ("教育"))',
    );
    expect(idsOf(window.body)).toEqual(['2']);
    expect(idsOf((await records('$id > 1 and 業種 not in ("製造業") order by $id asc')).body)).toEqual(['3']);
  });

  it('reads \\" and \\\\ inside a string, and refuses a raw line break', async () => {
    expect(idsOf((await records('お問い合わせ内容 like "said \\"hi\\" \\\\ bye"')).body)).toEqual(['3']);
    const raw = await records('お問い合わせ内容 like "a\nb"');
    expect(raw).toMatchObject({
      status: 400,
      body: { code: 'CB_VA01', errors: { query: { messages: ['クエリ記法が間違っています。'] } } },
    });
  });

  it('answers kintone’s errors for a bad query', async () => {
    expect(await records('メールアドレス = "a')).toMatchObject({ status: 400, body: { code: 'CB_VA01' } });
    expect(await records('Email = "a"')).toMatchObject({ status: 400, body: { code: 'GAIA_IQ11' } });
    expect(await records('お問い合わせ内容 = "資料請求"')).toMatchObject({
      status: 400,
      body: { code: 'GAIA_IQ03' },
    });
    expect(await records('業種 = "教育"')).toMatchObject({ status: 400, body: { code: 'GAIA_IQ03' } });
    expect(await records('limit 501')).toMatchObject({ status: 400, body: { code: 'GAIA_QU01' } });
    expect(await records('offset 10001')).toMatchObject({ status: 400, body: { code: 'GAIA_QU02' } });
  });
});

describe('kintone fake: API tokens and throttling', () => {
  it('wants a token the app generated, with the permission the API needs', async () => {
    expect(await call('GET', '/k/v1/records.json?app=7', { token: null })).toMatchObject({
      status: 401,
      body: { code: 'CB_AU01' },
    });
    // kintone answers an unknown token with 400 GAIA_IA02, not 401.
    expect(await call('GET', '/k/v1/records.json?app=7', { token: 'wrong' })).toMatchObject({
      status: 400,
      body: { code: 'GAIA_IA02' },
    });
    expect(await call('GET', '/k/v1/records.json?app=8')).toMatchObject({
      status: 404,
      body: { code: 'GAIA_AP01' },
    });
    expect(await call('GET', '/k/v1/records.json?app=7', { token: VIEW_ONLY })).toMatchObject({
      status: 200,
    });
    expect(
      await call('DELETE', '/k/v1/records.json', { token: VIEW_ONLY, body: { app: 7, ids: [1] } }),
    ).toMatchObject({ status: 403, body: { code: 'GAIA_NO01' } });
    expect(await call('GET', '/k/v1/records.json', {})).toMatchObject({
      status: 400,
      body: { code: 'CB_VA01' },
    });
  });

  it('answers 429 GAIA_TO04 and 503 when told to', async () => {
    injected = 429;
    expect(await call('GET', '/k/v1/records.json?app=7')).toMatchObject({
      status: 429,
      body: { code: 'GAIA_TO04' },
    });
    injected = 503;
    expect((await call('GET', '/k/v1/records.json?app=7')).status).toBe(503);
  });
});

describe('the demo world’s kintone app', () => {
  let world: DemoWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('is off by default: no urls.kintone, submissions say kintone: none', async () => {
    world = await startDemoWorld({ defects: false });
    expect(world.urls.kintone).toBeUndefined();
    expect(world.kintone).toBeUndefined();
    await submitLegacy(world, SAMPLE, UTM);
    await world.idle();
    expect(world.submissions()).toMatchObject([{ kintone: 'none', kintoneRecordId: null }]);
  });

  it('gets each accepted inquiry from both builds after the queue delay, over its API at urls.kintone', async () => {
    world = await startDemoWorld({ defects: false, kintone: { appId: 12, token: TOKEN, delayMs: 300 } });
    const w = world;
    const started = Date.now();
    await submitLegacy(w, { ...SAMPLE, email: 'qa+ct-20261207-cccccc@example.com' }, UTM);
    expect(w.submissions()).toMatchObject([{ kintone: 'pending' }]);
    expect(w.kintone!.app.all()).toEqual([]);
    await w.idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(w.submissions()).toMatchObject([{ kintone: 'written', kintoneRecordId: '1' }]);

    const res = await fetch(
      `${w.urls.kintone}/k/v1/records.json?app=12&query=${encodeURIComponent('メールアドレス = "qa+ct-20261207-cccccc@example.com"')}`,
      { headers: { 'x-cybozu-api-token': TOKEN } },
    );
    const [record] = ((await res.json()) as { records: Array<Record<string, { value: unknown }>> }).records;
    expect(record).toMatchObject({
      会社名: { value: '株式会社テスト商事' },
      氏名: { value: '山田 太郎' },
      電話番号: { value: '03-1234-5678' },
      業種: { value: '製造業' },
      従業員規模: { value: '10-49名' },
      導入時期: { value: '3か月以内' },
      個人情報の取扱いに同意: { value: ['同意する'] },
      utm_campaign: { value: UTM.utm_campaign },
      対応状況: { value: '未対応' },
      担当者: { value: [] },
      対応履歴: { value: [] },
    });
    expect(String(record!.ページURL!.value)).toContain('/contact/');

    await submitRenewal(w, { ...SAMPLE, email: 'qa+ct-20261207-dddddd@example.com' }, UTM);
    await w.idle();
    expect(w.kintone!.app.all()).toHaveLength(2);
  });

  it('kintoneFieldLost: the renewal’s write drops 電話番号, legacy’s does not', async () => {
    world = await startDemoWorld({ defects: false, kintone: {}, faults: { kintoneFieldLost: true } });
    await submitRenewal(world, { ...SAMPLE, email: 'qa+ct-20261207-eeeeee@example.com' }, UTM);
    await submitLegacy(world, { ...SAMPLE, email: 'qa+ct-20261207-ffffff@example.com' }, UTM);
    await world.idle();
    const phones = world
      .kintone!.app.all()
      .map((record) => [record.メールアドレス!.value, record.電話番号!.value]);
    expect(phones).toEqual([
      ['qa+ct-20261207-eeeeee@example.com', ''],
      ['qa+ct-20261207-ffffff@example.com', '03-1234-5678'],
    ]);
    const admin = (await (await fetch(`${world.urls.admin}/`)).json()) as Record<string, unknown>;
    expect(admin).toMatchObject({ urls: { kintone: world.urls.kintone }, kintone: { appId: '1' } });
  });

  it('a write the world stops before it happens fails, recorded', async () => {
    world = await startDemoWorld({ defects: false, kintone: { delayMs: 60_000 } });
    const w = world;
    await submitLegacy(w, SAMPLE, UTM);
    await waitFor('mail and CRM done, kintone still queued', () => {
      const [record] = w.submissions();
      return record && record.crm !== 'pending' && record.mail !== 'pending' && record.kintone === 'pending'
        ? true
        : undefined;
    });
    await w.stop();
    expect(w.submissions()).toMatchObject([
      { kintone: 'failed', kintoneRecordId: null, errors: [expect.stringMatching(/^kintone: .*stopped/)] },
    ]);
  });
});
