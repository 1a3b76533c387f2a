import { getResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  collectorHandlers,
  createHitStore,
  type DemoWorld,
  parseGa4Hit,
  startDemoWorld,
} from '../../src/demo/index.ts';
import { collectedHits } from './helpers.ts';

describe('parseGa4Hit (api-contracts §6.1)', () => {
  it('overlays each body line on the shared URL parameters', () => {
    const url =
      'https://www.google-analytics.com/g/collect?v=2&tid=G-X&cid=1.2&dl=https%3A%2F%2Fsite%2F%3Futm_campaign%3Dct-1&en=ignored';
    const events = parseGa4Hit(url, 'en=page_view\r\nen=generate_lead&ep.form_id=contact&epn.value=1\n');
    expect(events).toEqual([
      { v: '2', tid: 'G-X', cid: '1.2', dl: 'https://site/?utm_campaign=ct-1', en: 'page_view' },
      {
        v: '2',
        tid: 'G-X',
        cid: '1.2',
        dl: 'https://site/?utm_campaign=ct-1',
        en: 'generate_lead',
        'ep.form_id': 'contact',
        'epn.value': '1',
      },
    ]);
  });

  it('reads a hit without a body as one event from the URL', () => {
    expect(parseGa4Hit('https://x/g/collect?v=2&en=page_view', null)).toEqual([{ v: '2', en: 'page_view' }]);
  });
});

describe('the collector', () => {
  let world: DemoWorld;
  beforeEach(async () => {
    world = await startDemoWorld();
  });
  afterEach(async () => {
    await world.stop();
  });
  const collect = `/g/collect?v=2&tid=G-DEMO&cid=123.456&_p=9&dl=${encodeURIComponent('http://site/thanks?utm_source=x')}`;

  it('keeps a POSTed hit with its events and answers 204 with CORS for the page’s origin', async () => {
    const before = Date.now();
    const res = await fetch(`${world.urls.analytics}${collect}`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:1234', 'content-type': 'text/plain;charset=UTF-8' },
      body: 'en=page_view\r\nen=generate_lead&ep.currency=JPY',
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:1234');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const [hit, ...rest] = await collectedHits(world);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      method: 'POST',
      url: `${world.urls.analytics}${collect}`,
      body: 'en=page_view\r\nen=generate_lead&ep.currency=JPY',
      origin: 'http://127.0.0.1:1234',
    });
    expect(Date.parse(hit?.receivedAt ?? '')).toBeGreaterThanOrEqual(before - 1);
    expect(hit?.events.map((e) => e.en)).toEqual(['page_view', 'generate_lead']);
    expect(hit?.events[1]).toMatchObject({
      tid: 'G-DEMO',
      cid: '123.456',
      dl: 'http://site/thanks?utm_source=x',
      'ep.currency': 'JPY',
    });
  });

  it('accepts GET hits and answers CORS preflights', async () => {
    expect((await fetch(`${world.urls.analytics}${collect}&en=page_view`)).status).toBe(204);
    const preflight = await fetch(`${world.urls.analytics}/g/collect`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://a.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect((await collectedHits(world)).map((h) => h.events[0]?.en)).toEqual(['page_view']);
  });

  it('refuses hits while analytics is blocked (the connection is reset, nothing is kept)', async () => {
    world.faults.set({ analyticsBlocked: true });
    await expect(
      fetch(`${world.urls.analytics}${collect}`, { method: 'POST', body: 'en=page_view' }),
    ).rejects.toThrow();
    expect(await collectedHits(world)).toEqual([]);
    world.faults.clear();
    await fetch(`${world.urls.analytics}${collect}`, { method: 'POST', body: 'en=page_view' });
    expect(await collectedHits(world)).toHaveLength(1);
  });

  it('forgets every hit on DELETE /hits', async () => {
    await fetch(`${world.urls.analytics}${collect}`, { method: 'POST', body: 'en=page_view' });
    expect((await fetch(`${world.urls.analytics}/hits`, { method: 'DELETE' })).status).toBe(204);
    expect(await collectedHits(world)).toEqual([]);
  });
});

describe('collector handlers without a port', () => {
  it('answer through msw getResponse for any origin given as baseUrl', async () => {
    const store = createHitStore();
    const handlers = collectorHandlers(store, { baseUrl: 'https://www.google-analytics.com' });
    const res = await getResponse(
      handlers,
      new Request('https://www.google-analytics.com/g/collect?v=2&tid=G-X', {
        method: 'POST',
        body: 'en=generate_lead',
      }),
    );
    expect(res?.status).toBe(204);
    expect(store.list()[0]?.events).toEqual([{ v: '2', tid: 'G-X', en: 'generate_lead' }]);
  });
});
