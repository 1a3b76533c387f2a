import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsCapture, AnalyticsProbe } from '../../../src/probes/probe.ts';
import { createAnalyticsProbe } from '../../../src/probes/registry.ts';
import { launchTestChromium, type PageServer, servePages } from '../../support/chromium.ts';
import { probeTestKit } from '../../support/probe-deps.ts';

/**
 * The form page sends a page_view beacon to Google's (unreachable) host from the very top of
 * <head>; sendLead() posts a batched hit to a first-party /g/collect path with fetch keepalive,
 * fires a credentialed fetch to region1.google-analytics.com, and requests two decoys that only
 * look like collect paths. The thank-you page sends an image hit.
 */
const FORM = `<!doctype html><html><head><script>
navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=2&tid=G-TEST1&en=page_view&ep.page_type=form&dl=' + encodeURIComponent(location.href));
</script></head><body><form id="contact"><button type="button">送信</button></form><script>
window.sendLead = async function () {
  var url = '/sgtm/g/collect?v=2&tid=G-TEST1&cu=JPY&dl=' + encodeURIComponent(location.href);
  var body = 'en=generate_lead&ep.form_id=contact&epn.value=123.45\\nen=form_submit&ep.form_id=contact&dl=' +
    encodeURIComponent('http://127.0.0.1/other?utm_source=line');
  var local = await fetch(url, { method: 'POST', body: body, keepalive: true });
  window.googleStatus = fetch('https://region1.google-analytics.com/g/collect?v=2&tid=G-TEST1&en=scroll', {
    method: 'POST', keepalive: true, credentials: 'include'
  }).then(function (r) { return r.status; }, function () { return 'failed'; });
  await fetch('/g/collect/debug').catch(function () {});
  await fetch('/x/g/collectx').catch(function () {});
  return local.status;
};
</script></body></html>`;

const THANKS = `<!doctype html><html><head></head><body>ありがとうございました<script>
var img = new Image();
img.src = '/g/collect?v=2&tid=G-TEST1&en=thank_you&dl=' + encodeURIComponent(location.href);
document.body.appendChild(img);
</script></body></html>`;

let browser: Browser;
let site: PageServer;
const contexts: BrowserContext[] = [];
const captures: AnalyticsCapture[] = [];

beforeAll(async () => {
  browser = await launchTestChromium();
  site = await servePages({ '/form': FORM, '/thanks': THANKS });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
afterEach(async () => {
  for (const capture of captures.splice(0)) await capture.detach();
  for (const context of contexts.splice(0)) await context.close();
  site.seen.length = 0;
});

async function attach(probe: AnalyticsProbe, production: boolean) {
  const context = await browser.newContext();
  contexts.push(context);
  const capture = await probe.attach(context, { production });
  captures.push(capture);
  return { context, capture, page: await context.newPage() };
}

async function waitForEvents(capture: AnalyticsCapture, names: string[], timeoutMs = 10_000): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  const has = () => names.every((name) => capture.events().some((event) => event.name === name));
  while (!has()) {
    await capture.changed({ signal }).catch(() => {
      throw new Error(
        `timed out waiting for ${names.join(', ')}; saw ${capture
          .events()
          .map((e) => e.name)
          .join(', ')}`,
      );
    });
  }
}

const ga4 = (options: { forward?: boolean; block?: boolean } = {}) =>
  createAnalyticsProbe({ use: 'ga4', forward: false, ...options }, probeTestKit([]).deps);

describe('ga4 probe in Chromium', () => {
  it('captures every /g/collect hit on any host from page start, splits batches, and blocks by default', async () => {
    const { page, capture } = await attach(ga4(), false);
    const formUrl = `${site.origin}/form?utm_source=newsletter&utm_medium=email&utm_campaign=ct-20261126-aaaaaa`;
    await page.goto(formUrl);
    expect(await page.evaluate(() => (window as unknown as { sendLead(): Promise<number> }).sendLead())).toBe(
      204,
    );
    // Answered locally with CORS headers: even a credentialed cross-origin fetch succeeds.
    expect(
      await page.evaluate(() => (window as unknown as { googleStatus: Promise<unknown> }).googleStatus),
    ).toBe(204);
    await page.goto(`${site.origin}/thanks?utm_source=newsletter`);
    await waitForEvents(capture, ['page_view', 'generate_lead', 'form_submit', 'scroll', 'thank_you']);

    const events = capture.events();
    expect(events.map((e) => e.name)).toEqual([
      'page_view',
      'generate_lead',
      'form_submit',
      'scroll',
      'thank_you',
    ]);
    const [pageView, lead, submit] = events;
    expect(pageView!.raw).toMatch(/^https:\/\/www\.google-analytics\.com\/g\/collect\?/);
    expect(pageView!.params).toEqual({ page_type: 'form' });
    expect(lead).toMatchObject({
      params: { form_id: 'contact', value: '123.45', currency: 'JPY' },
      page: formUrl,
      utm: { source: 'newsletter', medium: 'email', campaign: 'ct-20261126-aaaaaa' },
      source: 'ga4',
    });
    expect(submit!.utm).toEqual({ source: 'line' });
    // Blocked: no hit reached a collect endpoint; the look-alike paths were not touched.
    expect(site.seen.filter((line) => line.endsWith('/g/collect'))).toEqual([]);
    expect(site.seen).toEqual(expect.arrayContaining(['GET /g/collect/debug', 'GET /x/g/collectx']));
  });

  it.each([
    ['forward: true', { forward: true }],
    ['the older block: false', { block: false }],
  ])('lets hits continue with %s, and still records the one to unreachable Google', async (_, options) => {
    const { page, capture } = await attach(ga4(options), true);
    await page.goto(`${site.origin}/form?utm_source=x`);
    expect(await page.evaluate(() => (window as unknown as { sendLead(): Promise<number> }).sendLead())).toBe(
      204,
    );
    await waitForEvents(capture, ['page_view', 'generate_lead', 'scroll']);
    expect(site.seen).toContain('POST /sgtm/g/collect');
    expect(capture.events().find((e) => e.name === 'page_view')!.raw).toContain('www.google-analytics.com');
  });

  it.each([
    ['a staging target', false],
    ['a production target', true],
  ])('blocks on %s unless the probe says forward', async (_, production) => {
    const { page, capture } = await attach(ga4(), production);
    await page.goto(`${site.origin}/thanks`);
    await waitForEvents(capture, ['thank_you']);
    // The image hit was answered locally: the page server never saw it.
    await page.goto(`${site.origin}/form`);
    await waitForEvents(capture, ['page_view']);
    expect(site.seen.filter((line) => line.endsWith('/g/collect'))).toEqual([]);
    expect(site.seen).toContain('GET /thanks');
  });

  it('stops recording after detach', async () => {
    const { page, capture } = await attach(ga4(), false);
    await page.goto(`${site.origin}/thanks`);
    await waitForEvents(capture, ['thank_you']);
    await capture.detach();
    await page.goto(`${site.origin}/thanks?again=1`);
    await expect.poll(() => site.seen.filter((line) => line === 'GET /g/collect')).toHaveLength(1);
    expect(capture.events()).toHaveLength(1);
  });
});
