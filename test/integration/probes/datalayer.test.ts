import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsCapture } from '../../../src/probes/probe.ts';
import { createAnalyticsProbe } from '../../../src/probes/registry.ts';
import { launchTestChromium, type PageServer, servePages } from '../../support/chromium.ts';
import { probeTestKit } from '../../support/probe-deps.ts';

/** The GTM snippet's way: `window.dataLayer = window.dataLayer || []`, pushes at page start. */
const FORM = `<!doctype html><html><head><script>
window.dataLayer = window.dataLayer || [];
dataLayer.push({ event: 'page_ready', page_type: 'form' });
function gtag(){ dataLayer.push(arguments); }
gtag('js', new Date());
</script></head><body><form id="contact" name="contact"><button type="button" id="send">送信</button></form><script>
document.getElementById('send').addEventListener('click', function () {
  dataLayer.push({ event: 'generate_lead', value: 5000, currency: 'JPY', form: document.getElementById('contact'), lead: { source: 'website' } });
  location.href = '/thanks?utm_source=newsletter&utm_campaign=ct-20261126-aaaaaa';
});
</script></body></html>`;

/** A `var` declaration and an array assigned with items already in it. */
const THANKS = `<!doctype html><html><head><script>
var dataLayer = [{ event: 'preloaded' }, { 'gtm.start': 1 }];
dataLayer.push({ event: 'thank_you' });
</script></head><body>ありがとうございました
<iframe srcdoc="<script>window.dataLayer = []; dataLayer.push({ event: 'ad_frame' });</script>"></iframe>
</body></html>`;

const CUSTOM = `<!doctype html><html><head><script>
window.myLayer = [];
myLayer.push({ event: 'custom_layer' });
window.dataLayer = [{ event: 'ignored_other_variable' }];
</script></head><body></body></html>`;

let browser: Browser;
let site: PageServer;
const contexts: BrowserContext[] = [];
const captures: AnalyticsCapture[] = [];

beforeAll(async () => {
  browser = await launchTestChromium();
  site = await servePages({ '/form': FORM, '/thanks': THANKS, '/custom': CUSTOM });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
afterEach(async () => {
  for (const capture of captures.splice(0)) await capture.detach();
  for (const context of contexts.splice(0)) await context.close();
});

async function attach(variable = 'dataLayer') {
  const context = await browser.newContext();
  contexts.push(context);
  const probe = createAnalyticsProbe({ use: 'datalayer', variable }, probeTestKit([]).deps);
  const capture = await probe.attach(context, { production: false });
  captures.push(capture);
  return { capture, page: await context.newPage() };
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

describe('datalayer probe in Chromium', () => {
  it('records pushes from page start and across navigations; objects with `event` become events', async () => {
    const { capture, page } = await attach();
    const started = Date.now();
    await page.goto(`${site.origin}/form?utm_source=newsletter`);
    await waitForEvents(capture, ['page_ready']);
    await page.click('#send');
    await page.waitForURL('**/thanks**');
    await waitForEvents(capture, ['generate_lead', 'preloaded', 'thank_you']);

    const events = capture.events();
    expect(events.map((e) => e.name)).toEqual(['page_ready', 'generate_lead', 'preloaded', 'thank_you']);
    const [ready, lead, , thanks] = events;
    expect(ready).toMatchObject({
      params: { page_type: 'form' },
      page: `${site.origin}/form?utm_source=newsletter`,
      utm: { source: 'newsletter' },
      source: 'datalayer',
    });
    expect(lead!.params).toEqual({
      value: '5000',
      currency: 'JPY',
      form: '[FORM]',
      lead: '{"source":"website"}',
    });
    expect(JSON.parse(lead!.raw)).toMatchObject({ event: 'generate_lead', value: 5000 });
    expect(lead!.at.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    expect(thanks!.utm).toEqual({ source: 'newsletter', campaign: 'ct-20261126-aaaaaa' });
    // gtag('js', …) pushes an arguments list, not an event; the iframe's own dataLayer is not the page's.
    expect(events.some((e) => e.name === 'ad_frame')).toBe(false);
  });

  it('reads the variable the options name', async () => {
    const { capture, page } = await attach('myLayer');
    await page.goto(`${site.origin}/custom`);
    await waitForEvents(capture, ['custom_layer']);
    expect(capture.events().map((e) => e.name)).toEqual(['custom_layer']);
  });

  it('resolves changed() on the next push and stops recording after detach', async () => {
    const { capture, page } = await attach();
    const changed = capture.changed({ signal: AbortSignal.timeout(10_000) });
    await page.goto(`${site.origin}/form`);
    await changed;
    await waitForEvents(capture, ['page_ready']);
    await capture.detach();
    await page.evaluate(() =>
      (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'after_detach' }),
    );
    await page.goto(`${site.origin}/thanks`);
    expect(capture.events().map((e) => e.name)).toEqual(['page_ready']);
  });
});
