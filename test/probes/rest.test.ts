import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createCrmProbe, crmProbeSchema } from '../../src/probes/registry.ts';
import { parseJsonPath, readJsonPath } from '../../src/probes/rest/json-path.ts';
import { restOptionsSchema } from '../../src/probes/rest/options.ts';
import { identity, probeTestKit, secret } from '../support/probe-deps.ts';

const API = 'https://crm.example.test/api';
const KEY = 'rest-api-key-secret-42';

interface Lead {
  id: number;
  created_at: string;
  attributes: Record<string, unknown>;
}

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

/** A small generic CRM: GET /leads?email=… → { data: [lead] }, DELETE /leads/:id. */
function setup(options: { throttleOnce?: boolean } = {}) {
  const leads: (Lead & { email: string })[] = [];
  const deleted: string[] = [];
  let throttle = options.throttleOnce ?? false;
  kit = probeTestKit([
    http.get(`${API}/leads`, ({ request }) => {
      if (request.headers.get('x-api-key') !== KEY)
        return HttpResponse.json({ error: 'unauthorized' }, { status: 401 });
      if (throttle) {
        throttle = false;
        return new HttpResponse(null, { status: 429, headers: { 'retry-after': '2' } });
      }
      const email = new URL(request.url).searchParams.get('email');
      return HttpResponse.json({ data: leads.filter((lead) => lead.email === email) });
    }),
    http.delete(`${API}/leads/:id`, ({ params }) => {
      deleted.push(String(params.id));
      return new HttpResponse(null, { status: 204 });
    }),
  ]);
  const make = (key: string) =>
    createCrmProbe(
      {
        use: 'rest',
        find: `${API}/leads?email={email}`,
        headers: { 'x-api-key': secret('CRM_KEY', key) },
        records: '$.data',
        id: 'id',
        createdAt: 'created_at',
        createdAtResolution: 1000,
        fields: 'attributes',
        delete: `${API}/leads/{id}`,
      },
      kit.deps,
    );
  return { leads, deleted, probe: make(KEY), make };
}

describe('rest probe', () => {
  it('fills {email} URL-encoded, reads records, id, createdAt and fields by JSON path', async () => {
    const { leads, probe } = setup();
    const who = identity('ct-20261126-aaaaaa');
    leads.push({
      id: 7,
      email: who.email,
      created_at: '2026-09-01T10:00:03Z',
      attributes: { company: 'ACME', score: 5, note: '' },
    });
    const found = await probe.find(who, { ...kit.call, fields: ['utm_source'] });
    expect(found).toEqual([
      {
        id: '7',
        createdAt: new Date('2026-09-01T10:00:03Z'),
        fields: { company: 'ACME', score: '5', note: null, utm_source: null },
      },
    ]);
    expect(kit.dispatcher.requests[0]!.rawPath).toContain('email=qa%2Bct-20261126-aaaaaa%40example.com');
  });

  it('retries 429 with Retry-After, and returns [] when there is nothing yet', async () => {
    const { probe } = setup({ throttleOnce: true });
    expect(await probe.find(identity('ct-20261126-bbbbbb'), { ...kit.call, fields: [] })).toEqual([]);
    expect(kit.waits).toEqual([2000]);
  });

  it('reports 401 as auth without the header secret', async () => {
    const { make } = setup();
    const error = await make('wrong-key-value-1')
      .find(identity('ct-20261126-cccccc'), { ...kit.call, fields: [] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'auth' });
    expect((error as Error).message).not.toContain('wrong-key-value-1');
  });

  it('deletes by the {id} template, one call per id, never with an empty list', async () => {
    const { deleted, probe } = setup();
    await probe.delete([{ id: '7', createdAt: new Date(), fields: {} }], kit.call);
    expect(deleted).toEqual(['7']);
    await expect(probe.delete([], kit.call)).rejects.toMatchObject({ reason: 'config' });
    expect(deleted).toEqual(['7']);
  });

  it('reads the small JSON path dialect', () => {
    const value = { a: { 'odd key': [{ b: 1 }] } };
    expect(readJsonPath(value, '$')).toBe(value);
    expect(readJsonPath(value, "$.a['odd key'][0].b")).toBe(1);
    expect(readJsonPath(value, 'a.missing')).toBeUndefined();
    // Only the value's own keys: nothing is read off a prototype.
    expect(readJsonPath(value, 'a.constructor')).toBeUndefined();
  });
});

describe('rest probe: JSON paths that work or are refused by the options schema', () => {
  it('takes keys beginning with $, keys in any script and keys with -; $ alone or before . or [ is the root', () => {
    const steps = (path: string) => {
      const parsed = parseJsonPath(path);
      return parsed.ok ? parsed.steps : parsed.reason;
    };
    expect(steps('$')).toEqual([]);
    expect(steps('$id.value')).toEqual(['$id', 'value']);
    expect(steps('$revision.value')).toEqual(['$revision', 'value']);
    expect(steps('作成日時.value')).toEqual(['作成日時', 'value']);
    expect(steps('$.会社名')).toEqual(['会社名']);
    expect(steps("$['作成日時'].value")).toEqual(['作成日時', 'value']);
    expect(steps('$.data[0].created-at')).toEqual(['data', 0, 'created-at']);
    expect(steps('data.items')).toEqual(['data', 'items']);
    expect(steps('[0].id')).toEqual([0, 'id']);
    expect(steps('$["a.b"]')).toEqual(['a.b']);
  });

  it.each([
    ['id..x', '".." at character 3: a key is missing between the dots'],
    ['[abc', '"[" at character 1 is not [0] (an index) or [\'key\'] (a quoted key) closed with "]"'],
    ['', 'it is empty; "$" is the value itself'],
    ['id.', 'it ends with "."'],
    ['$.data[*]', '"[*]" at character 7: wildcards are not supported'],
    ['会社 名', 'white space at character 3 cannot be in a key'],
    ["['a]", '"[" at character 1 is not'],
    ['[0]x', '"x" at character 4: a step after "]" begins with "." or "["'],
  ])('refuses %j in the options schema, at the option, saying why', (path, why) => {
    for (const option of ['records', 'id', 'createdAt', 'fields'] as const) {
      const result = restOptionsSchema.safeParse({ use: 'rest', find: `${API}/leads`, [option]: path });
      expect(result.success).toBe(false);
      expect(result.error!.issues).toEqual([
        expect.objectContaining({
          path: [option],
          message: expect.stringContaining(`not a JSON path: ${JSON.stringify(path)}: ${why}`),
        }),
      ]);
    }
  });

  /** Records as kintone's GET /k/v1/records.json answers them: every field a { type, value }. */
  const kintoneRecord = (id: string, email: string, created: string) => ({
    $id: { type: '__ID__', value: id },
    $revision: { type: '__REVISION__', value: '1' },
    作成日時: { type: 'CREATED_TIME', value: created },
    会社名: { type: 'SINGLE_LINE_TEXT', value: 'ACME' },
    メールアドレス: { type: 'SINGLE_LINE_TEXT', value: email },
  });

  it.each(['作成日時.value', "$['作成日時'].value", '$.作成日時.value'])(
    'finds kintone records by $id.value and createdAt %s, deletes by id, stamps at 1 minute',
    async (createdAt) => {
      const who = identity('ct-20261207-a1b2c3');
      const deleted: string[] = [];
      kit = probeTestKit([
        http.get(`${API}/k/v1/records.json`, ({ request }) => {
          const query = new URL(request.url).searchParams.get('query') ?? '';
          return HttpResponse.json({
            records: query.includes(who.email)
              ? [kintoneRecord('12', who.email, '2026-12-07T08:15:00Z')]
              : [],
            totalCount: null,
          });
        }),
        http.delete(`${API}/k/v1/records.json`, ({ request }) => {
          deleted.push(new URL(request.url).searchParams.get('ids[0]') ?? '');
          return HttpResponse.json({});
        }),
      ]);
      const probe = createCrmProbe(
        crmProbeSchema.parse({
          use: 'rest',
          find: `${API}/k/v1/records.json?app=7&query=メールアドレス = "{email}"`,
          delete: `${API}/k/v1/records.json?app=7&ids[0]={id}`,
          records: '$.records',
          id: '$id.value',
          createdAt,
          createdAtResolution: '1m',
          fields: '$',
        }),
        kit.deps,
      );
      const found = await probe.find(who, { ...kit.call, fields: [] });
      expect(found.map(({ id, createdAt }) => ({ id, createdAt }))).toEqual([
        { id: '12', createdAt: new Date('2026-12-07T08:15:00Z') },
      ]);
      expect(JSON.parse(found[0]!.fields.会社名!)).toEqual({ type: 'SINGLE_LINE_TEXT', value: 'ACME' });
      expect(probe.timestamps).toEqual({ source: 'REST createdAt', resolutionMs: 60_000, clock: 'system' });
      await probe.delete(found, kit.call);
      expect(deleted).toEqual(['12']);
    },
  );

  it('takes the resolution of the CRM’s clock from createdAtResolution, 1 s unless set', () => {
    kit = probeTestKit([]);
    const resolution = (options: Record<string, unknown>) =>
      createCrmProbe(crmProbeSchema.parse({ use: 'rest', find: `${API}/leads`, ...options }), kit.deps)
        .timestamps.resolutionMs;
    expect(resolution({})).toBe(1000);
    expect(resolution({ createdAtResolution: '1m' })).toBe(60_000);
    expect(resolution({ createdAtResolution: '500ms' })).toBe(500);
    expect(
      restOptionsSchema.safeParse({ use: 'rest', find: `${API}/leads`, createdAtResolution: '0s' }).error
        ?.issues[0],
    ).toMatchObject({
      path: ['createdAtResolution'],
      message: 'expected a duration of at least 1ms, got "0s"',
    });
  });
});

describe('rest probe: marker search and sweep', () => {
  /** A CRM whose list endpoint ignores the parameters it does not know: it answers with every lead. */
  function sloppyCrm() {
    const leads: Lead[] = [];
    const asked: string[] = [];
    kit = probeTestKit([
      http.get(`${API}/leads`, ({ request }) => {
        asked.push(new URL(request.url).search);
        const email = new URL(request.url).searchParams.get('email');
        return HttpResponse.json({
          data: email === null ? leads : leads.filter((lead) => lead.attributes.email === email),
        });
      }),
    ]);
    const probe = createCrmProbe(
      {
        use: 'rest',
        find: `${API}/leads?email={email}`,
        findByMarker: `${API}/leads?message_contains={marker}`,
        sweep: `${API}/leads?q={prefix}&created_after={since}`,
        headers: {},
        records: '$.data',
        id: 'id',
        createdAt: 'created_at',
        createdAtResolution: 1000,
        fields: 'attributes',
      },
      kit.deps,
    );
    return { leads, asked, probe };
  }

  it('finds by the marker too, keeping only the records that really carry it', async () => {
    const { leads, asked, probe } = sloppyCrm();
    const who = identity('ct-20261126-abc123');
    leads.push(
      { id: 1, created_at: '2026-11-26T10:00:00Z', attributes: { email: who.email, message: 'x' } },
      {
        id: 2,
        created_at: '2026-11-26T10:00:01Z',
        attributes: { email: 'y@@typo', message: `（${who.marker}）` },
      },
      {
        id: 3,
        created_at: '2026-11-26T10:00:02Z',
        attributes: { email: 'real@example.co.jp', message: '資料請求' },
      },
    );
    const found = await probe.find(who, { ...kit.call, fields: [] });
    expect(found.map((r) => r.id)).toEqual(['1', '2']);
    expect(asked).toEqual([`?email=qa%2B${who.marker}%40example.com`, `?message_contains=${who.marker}`]);
  });

  it('sweeps with {prefix} and {since}, returning only marked records created since then', async () => {
    const { leads, asked, probe } = sloppyCrm();
    leads.push(
      {
        id: 1,
        created_at: '2026-11-25T10:00:00Z',
        attributes: { email: 'qa+ct-20261125-abcdef@example.com' },
      },
      { id: 2, created_at: '2026-11-25T10:00:00Z', attributes: { email: 'contact-us@example.co.jp' } },
      {
        id: 3,
        created_at: '2026-11-01T10:00:00Z',
        attributes: { email: 'qa+ct-20261101-abcdef@example.com' },
      },
    );
    const swept = await probe.sweep!({
      ...kit.call,
      since: new Date('2026-11-20T00:00:00Z'),
      markerPattern: /(?<![A-Za-z0-9])ct-\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])/,
      markerPrefix: 'ct',
      syntheticEmail: 'qa+{marker}@example.com',
    });
    expect(swept.map((r) => r.id)).toEqual(['1']);
    expect(asked).toEqual(['?q=ct-&created_after=2026-11-20T00%3A00%3A00.000Z']);
  });

  it('cannot sweep without a sweep template', () => {
    const { probe } = setup();
    expect(probe.sweep).toBeUndefined();
  });
});

describe('rest probe: counting real inquiries with a count template', () => {
  it('fills {from} and {to}, keeps the window and the source filter, never counts synthetic records', async () => {
    const leads = [
      {
        id: 1,
        created_at: '2026-09-01T10:00:00Z',
        attributes: { email: 'ren.ito40@aoba-medical.example', source: 'web' },
      },
      {
        id: 2,
        created_at: '2026-09-01T10:04:59Z',
        attributes: { email: 'aoi.kato7@aoba-medical.example', source: 'web' },
      },
      {
        id: 3,
        created_at: '2026-09-01T10:03:00Z',
        attributes: { email: 'yuma.ito2@aoba-medical.example', source: 'phone' },
      },
      {
        id: 4,
        created_at: '2026-09-01T10:01:00Z',
        attributes: { email: 'qa+ct-20260901-a1b2c3@example.com', source: 'web' },
      },
      {
        id: 5,
        created_at: '2026-09-01T10:02:00Z',
        attributes: { email: 'qa-team@example.org', source: 'web', note: 'テスト（ct-20260901-d4e5f6）' },
      },
      // The API's window is loose: a record past `to` is not this window's.
      {
        id: 6,
        created_at: '2026-09-01T10:05:00Z',
        attributes: { email: 'hina.sato1@aoba-medical.example', source: 'web' },
      },
    ];
    const asked: string[] = [];
    kit = probeTestKit([
      http.get(`${API}/leads`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json({ data: leads });
      }),
    ]);
    const probe = createCrmProbe(
      {
        use: 'rest',
        find: `${API}/leads?email={email}`,
        count: `${API}/leads?created_from={from}&created_to={to}`,
        headers: {},
        records: '$.data',
        id: 'id',
        createdAt: 'created_at',
        createdAtResolution: 1000,
        fields: 'attributes',
      },
      kit.deps,
    );
    const window = {
      ...kit.call,
      from: new Date('2026-09-01T10:00:00Z'),
      to: new Date('2026-09-01T10:05:00Z'),
      markerPattern: /(?<![A-Za-z0-9])ct-\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])/,
      markerPrefix: 'ct',
      syntheticEmail: 'qa+{marker}@example.com',
    };
    expect(await probe.countCreated!(window)).toBe(3);
    expect(await probe.countCreated!({ ...window, filter: { field: 'source', value: 'web' } })).toBe(2);
    expect(asked[0]).toBe(
      '?created_from=2026-09-01T10%3A00%3A00.000Z&created_to=2026-09-01T10%3A05%3A00.000Z',
    );
  });

  it('cannot count without a count template', () => {
    const { probe } = setup();
    expect(probe.countCreated).toBeUndefined();
  });
});
