import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKintoneApp,
  INQUIRY_APP_LAYOUT,
  type KintoneApp,
  type KintoneLayout,
  kintoneHandlers,
  startDemoWorld,
} from '../../src/demo/index.ts';
import { createHttpClient } from '../../src/http/client.ts';
import { ProbeError } from '../../src/probes/probe.ts';
import { type CrmProbeOptions, createCrmProbe, crmProbeSchema } from '../../src/probes/registry.ts';
import { SAMPLE, submitLegacy, UTM } from '../demo/helpers.ts';
import { identity, probeTestKit, secret } from '../support/probe-deps.ts';

const API = 'https://example.cybozu.test';
const TOKEN = 'KintoneProbeTokenSecret0000000000000042';
const VIEW_ONLY = 'KintoneProbeTokenViewOnly00000000000042';
const PATTERN = /(?<![A-Za-z0-9])ct-\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])/;
const SWEEP = { markerPattern: PATTERN, markerPrefix: 'ct', syntheticEmail: 'qa+{marker}@example.com' };

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

interface Setup {
  layout?: KintoneLayout;
  nextError?: () => 429 | 503 | null;
  token?: string;
  options?: Record<string, unknown>;
}

function setup(config: Setup = {}) {
  const clock = { now: Date.parse('2026-12-07T08:15:42.123Z') };
  const app: KintoneApp = createKintoneApp({
    id: 3,
    layout: config.layout ?? INQUIRY_APP_LAYOUT,
    apiTokens: [TOKEN, { token: VIEW_ONLY, permissions: ['view'] }],
    now: () => clock.now,
  });
  kit = probeTestKit(kintoneHandlers(app, { baseUrl: API, nextError: config.nextError }));
  const parsed = crmProbeSchema.parse({
    use: 'kintone',
    url: API,
    app: 3,
    token: { env: 'KINTONE_TOKEN' },
    ...config.options,
  });
  const options = { ...parsed, token: secret('KINTONE_TOKEN', config.token ?? TOKEN) } as CrmProbeOptions;
  return { app, clock, probe: createCrmProbe(options, kit.deps) };
}

/** Adds an inquiry record the way the site's integration writes it. */
function addInquiry(app: KintoneApp, values: Record<string, unknown>): string {
  const record = Object.fromEntries(
    Object.entries({
      会社名: '株式会社テスト商事',
      氏名: '山田 太郎',
      メールアドレス: 'someone@example.co.jp',
      お問い合わせ内容: '資料請求',
      ...values,
    }).map(([code, value]) => [code, { value }]),
  );
  const added = app.add(record);
  if (!added.ok) throw new Error(`fixture: ${JSON.stringify(added.errors)}`);
  return added.id;
}

const call = (fields: string[] = []) => ({ ...kit.call, fields });
const gets = () => kit.dispatcher.requests.filter((r) => r.method === 'GET');
const queryOf = (request: { url: string }) => new URL(request.url).searchParams.get('query');

describe('kintone probe (against the demo world’s kintone fake)', () => {
  it('finds the records whose emailField equals the synthetic email, unwrapped, with the token in X-Cybozu-API-Token', async () => {
    const { app, probe } = setup();
    const who = identity('ct-20261207-aaaaaa');
    const id = addInquiry(app, {
      メールアドレス: who.email,
      電話番号: '03-1234-5678',
      utm_campaign: who.marker,
    });
    addInquiry(app, { メールアドレス: 'qa+ct-20261207-bbbbbb@example.com' });

    const found = await probe.find(who, call(['utm_campaign', '流入経路']));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id,
      createdAt: new Date('2026-12-07T08:15:00Z'),
      updatedAt: new Date('2026-12-07T08:15:00Z'),
    });
    expect(found[0]!.fields).toMatchObject({
      $id: id,
      レコード番号: id,
      メールアドレス: who.email,
      会社名: '株式会社テスト商事',
      電話番号: '03-1234-5678',
      utm_campaign: who.marker,
      utm_source: null,
      流入経路: null,
      作成日時: '2026-12-07T08:15:00Z',
    });
    const [get] = gets();
    expect(get!.headers.get('x-cybozu-api-token')).toBe(TOKEN);
    // The plus of the address travels as %2B (a bare + would arrive as a space).
    expect(get!.rawPath).toContain('qa%2Bct-20261207-aaaaaa%40example.com');
    expect(queryOf(get!)).toBe(`(メールアドレス = "${who.email}") and $id > 0 order by $id asc limit 500`);
    expect(new URL(get!.url).searchParams.get('app')).toBe('3');
  });

  it('returns [] while the record is not there yet', async () => {
    const { probe } = setup();
    expect(await probe.find(identity('ct-20261207-cccccc'), call())).toEqual([]);
  });

  it('with markerField also finds a record whose free text carries the marker, keeping only real carriers', async () => {
    const { app, probe } = setup({ options: { markerField: 'お問い合わせ内容' } });
    const who = identity('ct-20261207-dddddd');
    const typo = addInquiry(app, {
      メールアドレス: 'yamada@typo.example',
      お問い合わせ内容: `形式エラーの確認です。（${who.marker}）`,
    });
    addInquiry(app, { メールアドレス: 'real@example.co.jp', お問い合わせ内容: '資料請求' });

    const found = await probe.find(who, call());
    expect(found.map((record) => record.id)).toEqual([typo]);
    expect(queryOf(gets()[0]!)).toBe(
      `(メールアドレス = "${who.email}" or お問い合わせ内容 like "${who.marker}") and $id > 0 order by $id asc limit 500`,
    );

    // kintone's `like` is a word search: whatever it answers, only records carrying the marker count.
    kit.dispatcher.use(
      http.get(`${API}/k/v1/records.json`, () => HttpResponse.json({ records: app.all(), totalCount: null })),
    );
    expect((await probe.find(who, call())).map((record) => record.id)).toEqual([typo]);
  });

  it('escapes quotes and backslashes in the query, and finds exactly that value', async () => {
    const { app, probe } = setup();
    const odd = { marker: 'ct-20261207-eeeeee', email: 'qa"x\\y@example.com', t0: new Date() };
    const id = addInquiry(app, { メールアドレス: odd.email });
    addInquiry(app, { メールアドレス: 'qa' });
    expect((await probe.find(odd, call())).map((record) => record.id)).toEqual([id]);
    expect(queryOf(gets()[0]!)).toContain('メールアドレス = "qa\\"x\\\\y@example.com"');
  });

  it('unwraps every field type: lists joined, users by name, SUBTABLE rows as <table>.<row>.<field>', async () => {
    const layout: KintoneLayout = {
      メールアドレス: { type: 'SINGLE_LINE_TEXT' },
      数量: { type: 'NUMBER' },
      区分: { type: 'DROP_DOWN', options: ['新規', '既存'] },
      関心: { type: 'CHECK_BOX', options: ['価格', '導入事例', 'サポート'] },
      複数: { type: 'MULTI_SELECT', options: ['A', 'B'] },
      担当者: { type: 'USER_SELECT' },
      部署: { type: 'ORGANIZATION_SELECT' },
      備考: { type: 'MULTI_LINE_TEXT' },
      明細: { type: 'SUBTABLE', fields: { 品名: { type: 'SINGLE_LINE_TEXT' }, 個数: { type: 'NUMBER' } } },
    };
    const { app, probe } = setup({ layout });
    const who = identity('ct-20261207-ffffff');
    const added = app.add({
      メールアドレス: { value: who.email },
      数量: { value: '12' },
      区分: { value: '新規' },
      関心: { value: ['価格', 'サポート'] },
      複数: { value: [] },
      担当者: { value: [{ code: 'sato' }, { code: 'suzuki' }] },
      部署: { value: [{ code: '営業部' }] },
      備考: { value: '一行目\n二行目' },
      明細: {
        value: [
          { value: { 品名: { value: 'ライセンス' }, 個数: { value: '10' } } },
          { value: { 品名: { value: '保守' }, 個数: { value: '' } } },
        ],
      },
    });
    if (!added.ok) throw new Error('fixture');
    const [record] = await probe.find(who, call());
    expect(record!.fields).toEqual({
      $id: added.id,
      $revision: '1',
      レコード番号: added.id,
      作成者: 'APIトークン',
      作成日時: '2026-12-07T08:15:00Z',
      更新者: 'APIトークン',
      更新日時: '2026-12-07T08:15:00Z',
      メールアドレス: who.email,
      数量: '12',
      区分: '新規',
      関心: '価格, サポート',
      複数: null,
      担当者: 'sato, suzuki',
      部署: '営業部',
      備考: '一行目\n二行目',
      '明細.0.品名': 'ライセンス',
      '明細.0.個数': '10',
      '明細.1.品名': '保守',
      '明細.1.個数': null,
    });

    // Names, not codes, where kintone gives both; files by name; the CREATED_TIME field found by its type.
    kit.dispatcher.use(
      http.get(`${API}/k/v1/records.json`, () =>
        HttpResponse.json({
          records: [
            {
              $id: { type: '__ID__', value: '9' },
              Created_datetime: { type: 'CREATED_TIME', value: '2026-12-07T09:01:00Z' },
              Created_by: { type: 'CREATOR', value: { code: 'sato', name: '佐藤 花子' } },
              メールアドレス: { type: 'SINGLE_LINE_TEXT', value: who.email },
              担当者: { type: 'USER_SELECT', value: [{ code: 'sato', name: '佐藤 花子' }] },
              添付: {
                type: 'FILE',
                value: [{ contentType: 'text/plain', fileKey: 'k1', name: 'memo.txt', size: '3' }],
              },
            },
          ],
          totalCount: null,
        }),
      ),
    );
    const [english] = await probe.find(who, call());
    expect(english).toMatchObject({
      id: '9',
      createdAt: new Date('2026-12-07T09:01:00Z'),
      fields: { Created_by: '佐藤 花子', 担当者: '佐藤 花子', 添付: 'memo.txt' },
    });
  });

  it('says 作成日時 has minute resolution: timestamps.resolutionMs is 60000 (or the option)', async () => {
    const { app, clock, probe } = setup();
    expect(probe.timestamps).toEqual({ source: 'kintone 作成日時', resolutionMs: 60_000, clock: 'system' });
    const who = identity('ct-20261207-a0a0a0');
    clock.now = Date.parse('2026-12-07T08:59:59.999Z');
    addInquiry(app, { メールアドレス: who.email });
    expect((await probe.find(who, call()))[0]!.createdAt.toISOString()).toBe('2026-12-07T08:59:00.000Z');

    const other = setup({ options: { createdAtResolution: '30s', createdTimeField: 'Created_datetime' } });
    expect(other.probe.timestamps).toEqual({
      source: 'kintone Created_datetime',
      resolutionMs: 30_000,
      clock: 'system',
    });
  });

  it('pages through more than 500 records by $id', async () => {
    const { app, probe } = setup();
    const who = identity('ct-20261207-a1a1a1');
    for (let i = 0; i < 502; i++) addInquiry(app, { メールアドレス: who.email });
    const found = await probe.find(who, call());
    expect(found).toHaveLength(502);
    expect(gets().map(queryOf)).toEqual([
      `(メールアドレス = "${who.email}") and $id > 0 order by $id asc limit 500`,
      `(メールアドレス = "${who.email}") and $id > 500 order by $id asc limit 500`,
    ]);
  });
});

describe('kintone probe: delete', () => {
  it('deletes exactly the given records by id, 100 a request, and never with an empty list', async () => {
    const { app, probe } = setup();
    const who = identity('ct-20261207-b0b0b0');
    for (let i = 0; i < 150; i++) addInquiry(app, { メールアドレス: who.email });
    const kept = addInquiry(app, { メールアドレス: 'real@example.co.jp' });
    const found = await probe.find(who, call());
    expect(found).toHaveLength(150);

    await probe.delete(found, kit.call);
    expect(app.all().map((record) => record.$id!.value)).toEqual([kept]);
    const deletes = kit.dispatcher.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => JSON.parse(r.body).ids.length)).toEqual([100, 50]);
    expect(JSON.parse(deletes[0]!.body)).toMatchObject({ app: '3', ids: expect.arrayContaining([1, 100]) });

    await expect(probe.delete([], kit.call)).rejects.toMatchObject({ reason: 'config' });
    await expect(
      probe.delete([{ id: '', createdAt: new Date(), fields: {} }], kit.call),
    ).rejects.toMatchObject({ reason: 'config' });
    await expect(
      probe.delete([{ id: '1 or 1=1', createdAt: new Date(), fields: {} }], kit.call),
    ).rejects.toMatchObject({ reason: 'config' });
    expect(kit.dispatcher.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(app.all()).toHaveLength(1);
  });

  it('takes a record already gone as deleted: kintone refuses the whole request, so the rest go one by one', async () => {
    const { app, probe } = setup();
    const who = identity('ct-20261207-b1b1b1');
    for (let i = 0; i < 3; i++) addInquiry(app, { メールアドレス: who.email });
    const found = await probe.find(who, call());
    app.remove(['2']);
    await probe.delete(found, kit.call);
    expect(app.all()).toEqual([]);
    const deletes = kit.dispatcher.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => JSON.parse(r.body).ids)).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});

describe('kintone probe: sweep and count', () => {
  it('sweeps records created since a time (floored to the minute) at the synthetic domain or carrying the prefix', async () => {
    const { app, clock, probe } = setup({ options: { markerField: 'お問い合わせ内容' } });
    addInquiry(app, { メールアドレス: 'qa+ct-20261206-0a0a0a@example.com' }); // before `since`
    clock.now = Date.parse('2026-12-07T09:00:10Z');
    const synthetic = addInquiry(app, { メールアドレス: 'qa+ct-20261207-0b0b0b@example.com' });
    const inMessage = addInquiry(app, {
      メールアドレス: 'yamada@typo.example',
      お問い合わせ内容: '（ct-20261207-0c0c0c）',
    });
    addInquiry(app, { メールアドレス: 'info@example.com', お問い合わせ内容: 'ct-2026 年度' });
    addInquiry(app, { メールアドレス: 'real@example.co.jp' });

    const swept = await probe.sweep!({ ...kit.call, ...SWEEP, since: new Date('2026-12-07T09:00:30Z') });
    expect(swept.map((record) => record.id).sort()).toEqual([synthetic, inMessage].sort());
    expect(queryOf(gets()[0]!)).toBe(
      '(作成日時 >= "2026-12-07T09:00:00Z" and (メールアドレス like "example.com" or お問い合わせ内容 like "ct-")) and $id > 0 order by $id asc limit 500',
    );
  });

  it('counts the real records created in the window, not the synthetic ones; only a number leaves', async () => {
    const { app, clock, probe } = setup({ options: { markerField: 'お問い合わせ内容' } });
    clock.now = Date.parse('2026-12-07T08:59:30Z');
    addInquiry(app, { メールアドレス: 'early@example.co.jp' }); // stamped 08:59
    clock.now = Date.parse('2026-12-07T09:00:20Z');
    addInquiry(app, { メールアドレス: 'real1@example.co.jp', 対応状況: '未対応' });
    addInquiry(app, { メールアドレス: 'real2@example.co.jp', 対応状況: '対象外' });
    addInquiry(app, { メールアドレス: 'qa+ct-20261207-0d0d0d@example.com' });
    addInquiry(app, { メールアドレス: 'yamada@typo.example', お問い合わせ内容: 'テスト ct-20261207-0e0e0e' });
    clock.now = Date.parse('2026-12-07T09:10:05Z');
    addInquiry(app, { メールアドレス: 'late@example.co.jp' }); // stamped 09:10: the next window's

    const window = { from: new Date('2026-12-07T09:00:00Z'), to: new Date('2026-12-07T09:10:30Z') };
    const counted = await probe.countCreated!({ ...kit.call, ...SWEEP, ...window });
    expect(counted).toBe(2);
    const [get] = gets();
    expect(queryOf(get!)).toBe(
      '(作成日時 >= "2026-12-07T09:00:00Z" and 作成日時 < "2026-12-07T09:10:00Z") and $id > 0 order by $id asc limit 500',
    );
    // Only the fields that tell synthetic records apart are read.
    expect(new URL(get!.url).searchParams.getAll('fields[0]')).toEqual(['$id']);
    expect(get!.rawPath).toContain(`fields%5B2%5D=${encodeURIComponent('メールアドレス')}`);

    const filtered = await probe.countCreated!({
      ...kit.call,
      ...SWEEP,
      ...window,
      filter: { field: '対応状況', value: '未対応' },
    });
    expect(filtered).toBe(1);
    expect(queryOf(gets().at(-1)!)).toContain('and 対応状況 in ("未対応")');
    await expect(
      probe.countCreated!({ ...kit.call, ...SWEEP, ...window, filter: { field: 'x" or "', value: 'y' } }),
    ).rejects.toMatchObject({ reason: 'config' });
  });
});

describe('kintone probe: errors', () => {
  const tokenFree = (error: unknown) => {
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).not.toContain('wrong-token-0000');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  };

  it('reads a rejected token by kintone’s code: 400 GAIA_IA02 is auth, not retried, token not in the message', async () => {
    const { probe } = setup({ token: 'KintoneWrongToken-wrong-token-00000000' });
    const error = await probe.find(identity('ct-20261207-c0c0c0'), call()).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'auth', message: expect.stringContaining('400 GAIA_IA02') });
    tokenFree(error);
    expect(kit.waits).toEqual([]);
  });

  it('401 CB_WA01, 403 GAIA_NO01 (a view-only token deleting) and 520 GAIA_IA02 are auth too', async () => {
    const { app, probe } = setup({ token: VIEW_ONLY });
    const who = identity('ct-20261207-c1c1c1');
    addInquiry(app, { メールアドレス: who.email });
    const found = await probe.find(who, call());
    const noDelete = await probe.delete(found, kit.call).catch((e: unknown) => e);
    expect(noDelete).toMatchObject({
      reason: 'auth',
      message: expect.stringMatching(/403 GAIA_NO01.*Delete records/),
    });
    expect(app.all()).toHaveLength(1);

    for (const [status, code] of [
      [401, 'CB_WA01'],
      [520, 'GAIA_IA02'],
      [403, 'CB_NO02'],
    ] as const) {
      kit.dispatcher.use(
        http.get(`${API}/k/v1/records.json`, () =>
          HttpResponse.json({ code, id: 'x1', message: 'refused' }, { status }),
        ),
      );
      const error = await probe.find(who, call()).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'auth', message: expect.stringContaining(`${status} ${code}`) });
      tokenFree(error);
    }
    expect(kit.waits).toEqual([]);
  });

  it('retries 429 GAIA_TO04 and 503 through the shared policy, then reads', async () => {
    const answers: Array<429 | 503> = [429, 503, 429];
    const { app, probe } = setup({ nextError: () => answers.shift() ?? null });
    const who = identity('ct-20261207-c2c2c2');
    addInquiry(app, { メールアドレス: who.email });
    expect(await probe.find(who, call())).toHaveLength(1);
    expect(kit.waits).toEqual([500, 1000, 2000]);
  });

  it('gives up on throttling as `throttled`, and on an outage as `unreachable`, token-free', async () => {
    const { probe } = setup({ nextError: () => 429 });
    const throttled = await probe.find(identity('ct-20261207-c3c3c3'), call()).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ reason: 'throttled', message: expect.stringContaining('GAIA_TO04') });
    expect(kit.waits).toHaveLength(5);
    tokenFree(throttled);

    const down = setup({ nextError: () => 503 });
    const unavailable = await down.probe
      .find(identity('ct-20261207-c4c4c4'), call())
      .catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ reason: 'unreachable' });
    tokenFree(unavailable);
  });

  it('names a wrong app id or field code as config, with kintone’s message', async () => {
    const wrongApp = setup({ options: { app: '4' } });
    await expect(wrongApp.probe.find(identity('ct-20261207-c5c5c5'), call())).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringMatching(/404 GAIA_AP01.*check `app`/),
    });
    const wrongField = setup({ options: { markerField: 'Message' } });
    await expect(wrongField.probe.find(identity('ct-20261207-c6c6c6'), call())).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringContaining('GAIA_IQ11'),
    });
    const wrongType = setup({ options: { emailField: 'お問い合わせ内容' } });
    await expect(wrongType.probe.find(identity('ct-20261207-c7c7c7'), call())).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringContaining('GAIA_IQ03'),
    });
  });

  it('says a 404 without kintone’s error body is not kintone, and other 4xx are protocol errors', async () => {
    const { probe } = setup();
    kit.dispatcher.use(
      http.get(`${API}/k/v1/records.json`, () => HttpResponse.html('<h1>Not Found</h1>', { status: 404 })),
    );
    await expect(probe.find(identity('ct-20261207-c8c8c8'), call())).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringContaining('kintone domain'),
    });
    kit.dispatcher.use(
      http.get(`${API}/k/v1/records.json`, () =>
        HttpResponse.json(
          {
            code: 'CB_VA01',
            id: 'x2',
            message: '入力内容が正しくありません。',
            errors: { query: { messages: ['クエリ記法が間違っています。'] } },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(probe.find(identity('ct-20261207-c9c9c9'), call())).rejects.toMatchObject({
      reason: 'protocol',
      message: expect.stringContaining(
        '400 CB_VA01 for find: 入力内容が正しくありません。 (query: クエリ記法が間違っています。)',
      ),
    });
  });

  it('keeps the token out of a network failure too', async () => {
    const { probe } = setup();
    kit.dispatcher.use(http.get(`${API}/k/v1/records.json`, () => HttpResponse.error()));
    const error = await probe.find(identity('ct-20261207-cacaca'), call()).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unreachable' });
    tokenFree(error);
  });
});

describe('kintone probe against the demo world over HTTP', () => {
  it('finds the record the site’s queue wrote, with the marker in its fields, and deletes it', async () => {
    kit = probeTestKit([]);
    const world = await startDemoWorld({ defects: false, kintone: { appId: 5, token: TOKEN, delayMs: 200 } });
    const http = createHttpClient({});
    try {
      const who = identity('ct-20261207-d0d0d0');
      await submitLegacy(world, { ...SAMPLE, email: who.email }, { ...UTM, utm_campaign: who.marker });
      const options = crmProbeSchema.parse({
        use: 'kintone',
        url: world.urls.kintone,
        app: 5,
        token: { env: 'KINTONE_TOKEN' },
        markerField: 'お問い合わせ内容',
      });
      const probe = createCrmProbe({ ...options, token: secret('KINTONE_TOKEN', TOKEN) } as CrmProbeOptions, {
        http,
        retry: { sleep: async () => {} },
      });
      expect(await probe.find(who, call())).toEqual([]); // still in the queue
      await world.idle();
      const found = await probe.find(who, call(['utm_campaign']));
      expect(found).toHaveLength(1);
      expect(found[0]!.fields).toMatchObject({
        メールアドレス: who.email,
        utm_campaign: who.marker,
        個人情報の取扱いに同意: '同意する',
        業種: '製造業',
        担当者: null,
      });
      expect(found[0]!.createdAt.getUTCSeconds()).toBe(0);
      await probe.delete(found, kit.call);
      expect(world.kintone!.app.all()).toEqual([]);
    } finally {
      await http.close();
      await world.stop();
    }
  });
});
