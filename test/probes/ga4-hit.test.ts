import { describe, expect, it } from 'vitest';
import { ga4Events, parseGa4Hit } from '../../src/probes/ga4/ga4-hit.ts';
import { utmOf } from '../../src/probes/shared/page-utm.ts';

const DL =
  'https://www.example.co.jp/contact/?utm_source=newsletter&utm_medium=email&utm_campaign=ct-20261126-aaaaaa';
const HIT = `https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=1.2&cu=JPY&dl=${encodeURIComponent(DL)}&en=page_view`;
const seen = { at: new Date('2026-09-01T10:00:00Z'), source: 'ga4' };

describe('GA4 /g/collect hits', () => {
  it('reads a body-less hit as one event from the URL', () => {
    const [event] = ga4Events(HIT, null, seen);
    expect(event).toMatchObject({
      name: 'page_view',
      page: DL,
      utm: { source: 'newsletter', medium: 'email', campaign: 'ct-20261126-aaaaaa' },
      source: 'ga4',
      raw: HIT,
    });
  });

  it('splits a batched body into one event per line; line keys override URL keys', () => {
    const body = [
      'en=generate_lead&ep.form_id=contact&epn.value=123.45&_et=12',
      '',
      `en=form_submit&ep.form_id=contact&dl=${encodeURIComponent('https://www.example.co.jp/thanks/?utm_source=line')}\r`,
    ].join('\n');
    const events = ga4Events(HIT, body, seen);
    expect(events.map((e) => e.name)).toEqual(['generate_lead', 'form_submit']);
    expect(events[0]!.params).toEqual({ form_id: 'contact', value: '123.45', currency: 'JPY' });
    expect(events[0]!.utm.source).toBe('newsletter');
    expect(events[1]!.page).toBe('https://www.example.co.jp/thanks/?utm_source=line');
    expect(events[1]!.utm).toEqual({ source: 'line' });
    expect(events[1]!.raw).toContain('\nen=form_submit');
    expect(parseGa4Hit(HIT, body)[0]!.tid).toBe('G-ABC123');
  });

  it('keeps ep.currency over the shared cu, and skips lines without an event name', () => {
    // No `en` in this URL: a line without its own `en` is not an event.
    const events = ga4Events(HIT.replace('&en=page_view', ''), 'en=purchase&ep.currency=USD\n_et=5', seen);
    expect(events).toHaveLength(1);
    expect(events[0]!.params.currency).toBe('USD');
  });

  it('reads UTMs only from utm_* parameters', () => {
    expect(utmOf('https://x.test/?utm_Source=a&utm_=b&gclid=c')).toEqual({ source: 'a' });
    expect(utmOf(undefined)).toEqual({});
    expect(utmOf('not a url')).toEqual({});
  });
});
