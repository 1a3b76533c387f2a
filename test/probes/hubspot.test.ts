import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContactStore, createContactStore, hubspotHandlers } from '../../src/demo/index.ts';
import { ProbeError } from '../../src/probes/probe.ts';
import { createCrmProbe } from '../../src/probes/registry.ts';
import { identity, probeTestKit, secret } from '../support/probe-deps.ts';

const API = 'https://api.hubapi.test';
const TOKEN = 'pat-na1-11111111-2222-secret';

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

function setup(
  options: { token?: string; nextError?: () => 401 | 429 | 500 | null; searchLagMs?: number } = {},
) {
  const store: ContactStore = createContactStore({ searchLagMs: options.searchLagMs ?? 60_000 });
  kit = probeTestKit(hubspotHandlers(store, { token: TOKEN, baseUrl: API, nextError: options.nextError }));
  const probe = createCrmProbe(
    {
      use: 'hubspot',
      url: API,
      token: secret('HUBSPOT_TOKEN', options.token ?? TOKEN),
      properties: ['company'],
    },
    kit.deps,
  );
  return { store, probe };
}

const call = (fields: string[] = []) => ({ ...kit.call, fields });

describe('hubspot probe (against the demo world’s HubSpot fake)', () => {
  it('gets the contact by email with idProperty=email, ahead of the lagging search index', async () => {
    const { store, probe } = setup({ searchLagMs: 600_000 });
    const who = identity('ct-20261126-aaaaaa');
    const created = store.create({ email: who.email, company: 'ACME', utm_source: 'newsletter' });
    if (!created.ok) throw new Error('fixture');

    const found = await probe.find(who, call(['utm_source', 'utm_campaign']));
    expect(found).toHaveLength(1);
    expect(found[0]!.id).toBe(created.contact.id);
    expect(found[0]!.createdAt.getTime()).toBe(created.contact.createdAt);
    expect(found[0]!.fields).toMatchObject({
      email: who.email,
      company: 'ACME',
      utm_source: 'newsletter',
      utm_campaign: null,
    });
    const get = kit.dispatcher.requests[0]!;
    expect(get.method).toBe('GET');
    expect(new URL(get.url).searchParams.get('idProperty')).toBe('email');
    expect(get.url).not.toContain('/search');
  });

  it('returns [] on 404 OBJECT_NOT_FOUND (not created yet)', async () => {
    const { probe } = setup();
    expect(await probe.find(identity('ct-20261126-bbbbbb'), call())).toEqual([]);
  });

  it('reports a 404 that is not HubSpot’s OBJECT_NOT_FOUND (a wrong base URL) as config, not as "not yet"', async () => {
    const { probe } = setup();
    kit.dispatcher.use(
      http.get(`${API}/crm/v3/objects/contacts/:id`, () =>
        HttpResponse.html('<h1>Not Found</h1>', { status: 404 }),
      ),
    );
    await expect(probe.find(identity('ct-20261126-bbbbb2'), call())).rejects.toMatchObject({
      reason: 'config',
    });
  });

  it('backs off ~10 s on 429 TEN_SECONDLY_ROLLING, then reads', async () => {
    let throttles = 2;
    const { store, probe } = setup({ nextError: () => (throttles-- > 0 ? 429 : null) });
    const who = identity('ct-20261126-cccccc');
    store.create({ email: who.email });
    expect(await probe.find(who, call())).toHaveLength(1);
    expect(kit.waits).toEqual([10_000, 10_000]);
  });

  it('backs off ~1 s on the secondly limit and gives up at once on DAILY', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-dddddd');
    store.create({ email: who.email });
    let secondly = 1;
    kit.dispatcher.use(
      http.get(`${API}/crm/v3/objects/contacts/:id`, () =>
        secondly-- > 0
          ? HttpResponse.json(
              {
                status: 'error',
                message: 'You have reached your secondly limit.',
                errorType: 'RATE_LIMIT',
                policyName: 'SECONDLY',
              },
              { status: 429 },
            )
          : undefined,
      ),
    );
    expect(await probe.find(who, call())).toHaveLength(1);
    expect(kit.waits).toEqual([1_000]);

    kit.dispatcher.use(
      http.get(`${API}/crm/v3/objects/contacts/:id`, () =>
        HttpResponse.json(
          {
            status: 'error',
            message: 'You have reached your daily limit.',
            errorType: 'RATE_LIMIT',
            policyName: 'DAILY',
          },
          { status: 429 },
        ),
      ),
    );
    await expect(probe.find(who, call())).rejects.toMatchObject({
      reason: 'throttled',
      message: expect.stringContaining('DAILY'),
    });
    expect(kit.waits).toEqual([1_000]);
  });

  it('reports 401 as auth: "HubSpot answered 401: token rejected", token not in the message', async () => {
    const { probe } = setup({ token: 'pat-na1-wrong-token-0000' });
    const error = await probe.find(identity('ct-20261126-eeeeee'), call()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect(error).toMatchObject({ reason: 'auth', message: 'HubSpot answered 401: token rejected' });
    expect((error as Error).message).not.toContain('wrong-token');
  });

  it('retries a 500 and then reads', async () => {
    let failures = 1;
    const { store, probe } = setup({ nextError: () => (failures-- > 0 ? 500 : null) });
    const who = identity('ct-20261126-ffffff');
    store.create({ email: who.email });
    expect(await probe.find(who, call())).toHaveLength(1);
    expect(kit.waits).toEqual([500]);
  });

  it('archives exactly the given contacts by id, and refuses an empty list', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-gggggg');
    store.create({ email: who.email });
    const other = store.create({ email: 'someone@example.com' });
    if (!other.ok) throw new Error('fixture');
    const found = await probe.find(who, call());
    await probe.delete(found, kit.call);
    expect(store.get(found[0]!.id)).toBeUndefined();
    expect(store.get(found[0]!.id, { archived: true })).toBeDefined();
    expect(store.get(other.contact.id)).toBeDefined();
    expect(await probe.find(who, call())).toEqual([]);
    await expect(probe.delete([], kit.call)).rejects.toMatchObject({ reason: 'config' });
    const deletes = kit.dispatcher.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => new URL(r.url).pathname)).toEqual([`/crm/v3/objects/contacts/${found[0]!.id}`]);
  });
});

describe('hubspot probe: marker field and sweep', () => {
  function withMarkerField(searchLagMs = 0) {
    const store: ContactStore = createContactStore({ searchLagMs });
    kit = probeTestKit(hubspotHandlers(store, { token: TOKEN, baseUrl: API }));
    const probe = createCrmProbe(
      { use: 'hubspot', url: API, token: secret('HUBSPOT_TOKEN', TOKEN), markerField: 'message' },
      kit.deps,
    );
    return { store, probe };
  }
  const searches = () =>
    kit.dispatcher.requests.filter((r) => r.url.endsWith('/search')).map((r) => JSON.parse(r.body));

  it('finds a contact whose message carries the marker though its email is not the synthetic one, read afresh by id', async () => {
    const { store, probe } = withMarkerField();
    const who = identity('ct-20261126-c0ffee');
    const typo = store.create({
      email: 'yamada@typo.example',
      message: `形式エラーの確認です。（${who.marker}）`,
    });
    store.create({ email: 'real@example.co.jp', message: '資料請求' });
    if (!typo.ok) throw new Error('fixture');

    const found = await probe.find(who, call(['company']));
    expect(found.map((r) => r.id)).toEqual([typo.contact.id]);
    expect(found[0]!.fields).toMatchObject({ email: 'yamada@typo.example', company: null });
    expect(found[0]!.fields.message).toContain(who.marker);
    expect(searches()).toEqual([
      expect.objectContaining({
        // Every contact with the synthetic email (a duplicate the unique read cannot return), or the marker.
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'EQ', value: who.email }] },
          { filters: [{ propertyName: 'message', operator: 'CONTAINS_TOKEN', value: `*${who.marker}*` }] },
        ],
      }),
    ]);
    // The hit was read by id (the index is a snapshot), not taken from the search answer.
    expect(kit.dispatcher.requests.at(-1)!.url).toContain(`/crm/v3/objects/contacts/${typo.contact.id}?`);
  });

  it('does not see a contact the search index has not caught up with (it lags creation)', async () => {
    const { store, probe } = withMarkerField(600_000);
    const who = identity('ct-20261126-c0ffef');
    store.create({ email: 'yamada@typo.example', message: who.marker });
    expect(await probe.find(who, call())).toEqual([]);
  });

  it('sweeps contacts created since a time, by the synthetic domain and the marker field, keeping the marked', async () => {
    const { store, probe } = withMarkerField();
    const synthetic = store.create({ email: 'qa+ct-20261125-0a0b0c@example.com' });
    const inMessage = store.create({ email: 'yamada@typo.example', message: '（ct-20261125-0d0e0f）' });
    store.create({ email: 'info@example.com', message: 'ct-2026 年度' });
    store.create({ email: 'contact-ct-form@example.co.jp' });
    if (!synthetic.ok || !inMessage.ok) throw new Error('fixture');
    const since = new Date(Date.now() - 60_000);

    const swept = await probe.sweep!({
      ...kit.call,
      since,
      markerPattern: /(?<![A-Za-z0-9])ct-\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])/,
      markerPrefix: 'ct',
      syntheticEmail: 'qa+{marker}@example.com',
    });
    expect(swept.map((r) => r.id).sort()).toEqual([synthetic.contact.id, inMessage.contact.id].sort());
    const created = { propertyName: 'createdate', operator: 'GTE', value: String(since.getTime()) };
    expect(searches()[0].filterGroups).toEqual([
      { filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.com' }, created] },
      { filters: [{ propertyName: 'message', operator: 'CONTAINS_TOKEN', value: '*ct-*' }, created] },
    ]);
  });
});
