import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonPath } from '../../src/probes/crm/json-path.ts';
import { createCrmProbe } from '../../src/probes/registry.ts';
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
  });
});
