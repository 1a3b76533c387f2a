import { getResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ContactStore,
  createContactStore,
  type DemoWorld,
  hubspotHandlers,
  startDemoWorld,
} from '../../src/demo/index.ts';
import { waitFor } from './helpers.ts';

const TOKEN = 'pat-na1-unit';
const BASE = 'https://api.hubapi.com';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let clock: number;
let lag: number;
let injected: 401 | 429 | 500 | null;
let store: ContactStore;

beforeEach(() => {
  clock = Date.parse('2026-09-01T10:00:00.000Z');
  lag = 2000;
  injected = null;
  store = createContactStore({ now: () => clock, searchLagMs: () => lag });
});

/** Call the handlers directly (no port), as unit tests elsewhere can. */
async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const handlers = hubspotHandlers(store, { token: TOKEN, baseUrl: BASE, nextError: () => injected });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const res = await getResponse(handlers, request);
  if (!res) throw new Error(`no handler for ${method} ${path}`);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const CONTACTS = '/crm/v3/objects/contacts';
const create = (properties: Record<string, string>) => call('POST', CONTACTS, { properties });
const searchEmail = (email: string, properties?: string[]) =>
  call('POST', `${CONTACTS}/search`, {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    ...(properties ? { properties } : {}),
  });

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'pat-na1-wrong'],
  ])('answers %s with 401 INVALID_AUTHENTICATION in HubSpot’s error body', async (_what, token) => {
    const res = await call('GET', `${CONTACTS}/1`, undefined, token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      status: 'error',
      message: expect.stringContaining('Authentication credentials not found'),
      correlationId: expect.stringMatching(UUID),
      category: 'INVALID_AUTHENTICATION',
    });
  });
});

describe('create, read, update', () => {
  it('creates a contact (201) with a numeric id, system properties and ISO timestamps', async () => {
    const res = await create({ email: 'QA+1@Example.test', firstname: '太郎', lastname: '山田' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      properties: {
        email: 'qa+1@example.test',
        firstname: '太郎',
        lastname: '山田',
        createdate: '2026-09-01T10:00:00.000Z',
        lastmodifieddate: '2026-09-01T10:00:00.000Z',
        hs_object_id: res.body.id,
      },
      createdAt: '2026-09-01T10:00:00.000Z',
      updatedAt: '2026-09-01T10:00:00.000Z',
      archived: false,
    });
  });

  it('refuses a second contact with the same email: 409 CONFLICT naming the existing id', async () => {
    const first = await create({ email: 'qa+dup@example.test' });
    const second = await create({ email: 'QA+DUP@example.test' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      status: 'error',
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${first.body.id}`,
      correlationId: expect.stringMatching(UUID),
    });
  });

  it('gets by id and by email with idProperty=email, returning the asked properties (unset as null)', async () => {
    const { body: created } = await create({ email: 'qa+get@example.test', company: '株式会社テスト' });
    const byId = await call('GET', `${CONTACTS}/${created.id}?properties=company,phone`);
    expect(byId.status).toBe(200);
    expect(byId.body.properties).toEqual({
      company: '株式会社テスト',
      phone: null,
      createdate: expect.stringMatching(ISO),
      lastmodifieddate: expect.stringMatching(ISO),
      hs_object_id: created.id,
    });
    const byEmail = await call(
      'GET',
      `${CONTACTS}/${encodeURIComponent('qa+get@example.test')}?idProperty=email`,
    );
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.id).toBe(created.id);
    expect(Object.keys(byEmail.body.properties).sort()).toEqual(
      ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'].sort(),
    );
  });

  it('answers an unknown id or email with 404 OBJECT_NOT_FOUND', async () => {
    for (const path of [`${CONTACTS}/999`, `${CONTACTS}/nobody%40example.test?idProperty=email`]) {
      const res = await call('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: expect.any(String),
        correlationId: expect.stringMatching(UUID),
      });
    }
  });

  it('patches by id or by email; an empty string clears a property', async () => {
    const { body: created } = await create({
      email: 'qa+p@example.test',
      phone: '03-0000-0000',
      company: 'A',
    });
    clock += 5000;
    const patched = await call('PATCH', `${CONTACTS}/${created.id}`, {
      properties: { company: 'B', phone: '' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ company: 'B' });
    expect(patched.body.properties.phone).toBeUndefined();
    expect(patched.body.updatedAt).toBe('2026-09-01T10:00:05.000Z');
    expect(patched.body.createdAt).toBe('2026-09-01T10:00:00.000Z');
    const byEmail = await call('PATCH', `${CONTACTS}/qa%2Bp%40example.test?idProperty=email`, {
      properties: { company: 'C' },
    });
    expect(byEmail.body.properties.company).toBe('C');
    expect((await call('PATCH', `${CONTACTS}/999`, { properties: { company: 'x' } })).status).toBe(404);
  });

  it('rejects unknown properties and bad options with 400 VALIDATION_ERROR listing each', async () => {
    const res = await create({ email: 'qa+v@example.test', favourite_colour: 'red', lifecyclestage: 'mql' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(res.body.message).toContain('PROPERTY_DOESNT_EXIST');
    expect(res.body.message).toContain('INVALID_OPTION');
    expect((await create({ email: 'not-an-email' })).body.message).toContain('INVALID_EMAIL');
  });

  it('lists contacts with paging', async () => {
    for (const n of [1, 2, 3]) await create({ email: `qa+l${n}@example.test` });
    const page = await call('GET', `${CONTACTS}?limit=2`);
    expect(page.body.results).toHaveLength(2);
    expect(page.body.paging.next.after).toBe('2');
    expect((await call('GET', `${CONTACTS}?limit=2&after=2`)).body.results).toHaveLength(1);
  });
});

describe('search (POST /crm/v3/objects/contacts/search)', () => {
  it('finds a new contact by email only after the indexing lag', async () => {
    await create({ email: 'qa+s@example.test', firstname: '花子' });
    expect((await searchEmail('qa+s@example.test')).body).toEqual({ total: 0, results: [] });
    clock += 1999;
    expect((await searchEmail('qa+s@example.test')).body.total).toBe(0);
    clock += 1;
    const found = await searchEmail('QA+S@example.test', ['firstname', 'email']);
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    expect(found.body.results[0]).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      properties: { firstname: '花子', email: 'qa+s@example.test', hs_object_id: expect.any(String) },
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      archived: false,
    });
  });

  it('shows an update in search only after the lag; GET by email sees it at once', async () => {
    lag = 0;
    const { body: created } = await create({ email: 'qa+u@example.test', company: 'old' });
    lag = 10_000;
    await call('PATCH', `${CONTACTS}/${created.id}`, { properties: { company: 'new' } });
    expect((await searchEmail('qa+u@example.test', ['company'])).body.results[0].properties.company).toBe(
      'old',
    );
    expect(
      (await call('GET', `${CONTACTS}/qa%2Bu%40example.test?idProperty=email&properties=company`)).body
        .properties.company,
    ).toBe('new');
    clock += 10_000;
    expect((await searchEmail('qa+u@example.test', ['company'])).body.results[0].properties.company).toBe(
      'new',
    );
  });

  it('supports IN, HAS_PROPERTY, OR-ed groups, sorts and paging', async () => {
    lag = 0;
    for (const [n, company] of [
      [1, 'B'],
      [2, 'A'],
      [3, 'C'],
    ] as const) {
      await create({ email: `qa+m${n}@example.test`, company });
    }
    await create({ email: 'qa+nocompany@example.test' });
    const res = await call('POST', `${CONTACTS}/search`, {
      filterGroups: [
        { filters: [{ propertyName: 'company', operator: 'IN', values: ['a', 'b'] }] },
        { filters: [{ propertyName: 'email', operator: 'EQ', value: 'qa+m3@example.test' }] },
      ],
      sorts: [{ propertyName: 'company', direction: 'DESCENDING' }],
      properties: ['company'],
      limit: 2,
    });
    expect(res.body.total).toBe(3);
    expect(res.body.results.map((r: { properties: { company: string } }) => r.properties.company)).toEqual([
      'C',
      'B',
    ]);
    expect(res.body.paging.next.after).toBe('2');
    const has = await call('POST', `${CONTACTS}/search`, {
      filterGroups: [{ filters: [{ propertyName: 'company', operator: 'NOT_HAS_PROPERTY' }] }],
    });
    expect(has.body.results.map((r: { properties: { email: string } }) => r.properties.email)).toEqual([
      'qa+nocompany@example.test',
    ]);
  });

  it('matches CONTAINS_TOKEN on a token or a * wildcard', async () => {
    lag = 0;
    await create({ email: 'qa+ct-9@example.test' });
    const token = async (value: string) =>
      (
        await call('POST', `${CONTACTS}/search`, {
          filterGroups: [{ filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value }] }],
        })
      ).body.total;
    expect(await token('*@example.test')).toBe(1);
    expect(await token('example')).toBe(1);
    expect(await token('exam')).toBe(0);
  });

  it('rejects a malformed search with 400 VALIDATION_ERROR', async () => {
    const res = await call('POST', `${CONTACTS}/search`, {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect((await call('POST', `${CONTACTS}/search`, { limit: 201 })).status).toBe(400);
  });
});

describe('archive (DELETE)', () => {
  it('archives with 204: GET 404, never in search, GET archived=true shows it archived', async () => {
    lag = 0;
    const { body: created } = await create({ email: 'qa+d@example.test' });
    const del = await call('DELETE', `${CONTACTS}/${created.id}`);
    expect(del.status).toBe(204);
    expect((await call('GET', `${CONTACTS}/${created.id}`)).status).toBe(404);
    expect((await call('GET', `${CONTACTS}/qa%2Bd%40example.test?idProperty=email`)).status).toBe(404);
    clock += 60_000;
    expect((await searchEmail('qa+d@example.test')).body.total).toBe(0);
    const archived = await call('GET', `${CONTACTS}/${created.id}?archived=true`);
    expect(archived.body).toMatchObject({
      id: created.id,
      archived: true,
      archivedAt: expect.stringMatching(ISO),
    });
    expect((await create({ email: 'qa+d@example.test' })).status).toBe(201);
  });
});

describe('injected errors', () => {
  it('answers 429 with policyName TEN_SECONDLY_ROLLING', async () => {
    injected = 429;
    const res = await call('GET', `${CONTACTS}/1`);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(UUID),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: expect.any(String),
    });
  });

  it('answers 500 with HubSpot’s internal error body and 401 even with the right token', async () => {
    injected = 500;
    expect(await call('GET', `${CONTACTS}/1`)).toMatchObject({
      status: 500,
      body: { status: 'error', message: 'internal error' },
    });
    injected = 401;
    expect(await call('GET', `${CONTACTS}/1`)).toMatchObject({
      status: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });
  });
});

describe('served on a real port by the demo world', () => {
  let world: DemoWorld;
  beforeEach(async () => {
    world = await startDemoWorld({ crmSearchLagMs: 150 });
  });
  afterEach(async () => {
    await world.stop();
  });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${world.urls.crm}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${world.crmToken}`, 'content-type': 'application/json' },
    });

  it('makes a created contact searchable after the configured lag', async () => {
    const created = await api(CONTACTS, {
      method: 'POST',
      body: JSON.stringify({ properties: { email: 'qa+w@example.test' } }),
    });
    expect(created.status).toBe(201);
    const body = JSON.stringify({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'qa+w@example.test' }] }],
    });
    const search = async () =>
      ((await (await api(`${CONTACTS}/search`, { method: 'POST', body })).json()) as { total: number }).total;
    expect(await search()).toBe(0);
    await waitFor('the contact in search', async () => ((await search()) === 1 ? true : undefined), 3000);
  });

  it('honours the slow-CRM and 429 faults', async () => {
    world.faults.set({ crmDelayMs: 200 });
    const t0 = performance.now();
    await api(`${CONTACTS}/1`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    world.faults.set({ crmDelayMs: 0, crmError: 429 });
    const limited = await api(`${CONTACTS}/1`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { policyName: string }).policyName).toBe('TEN_SECONDLY_ROLLING');
  });
});
