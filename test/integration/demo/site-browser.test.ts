import type { Browser, BrowserContext, Request } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AUTO_REPLY_SUBJECT,
  DEMO_MEASUREMENT_ID,
  type DemoWorld,
  parseGa4Hit,
  startDemoWorld,
} from '../../../src/demo/index.ts';
import {
  collectedHits,
  crmContact,
  dataLayerEvents,
  eventsNamed,
  FLOWS,
  fillByLabel,
  launchChromium,
  SAMPLE,
  searchMail,
  trackCollectRequests,
  UTM,
  visitAndSubmit,
  waitFor,
} from '../../demo/helpers.ts';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 30_000 });

const UTM_QUERY = `?${new URLSearchParams(UTM)}`;
const LABELS = [
  '会社名',
  '氏名',
  'メールアドレス',
  '電話番号',
  '業種',
  '従業員規模',
  '導入時期',
  'お問い合わせ内容',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

let world: DemoWorld | undefined;
let context: BrowserContext;
afterEach(async () => {
  await context?.close();
  await world?.stop();
  world = undefined;
});

async function open(options: Parameters<typeof startDemoWorld>[0] = { defects: false }): Promise<DemoWorld> {
  world = await startDemoWorld(options);
  context = await browser.newContext({ locale: 'ja-JP' });
  return world;
}

describe.each(['legacy', 'renewal'] as const)('%s build in Chromium', (build) => {
  beforeEach(async () => {
    await open();
  });

  it('is filled by label, thanks the visitor, and delivers mail, CRM contact and one conversion', async () => {
    const w = world as DemoWorld;
    const { page, collect } = await visitAndSubmit(context, w.urls[build], build, SAMPLE);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(FLOWS[build].success);
    expect(page.url()).toBe(`${w.urls[build]}${FLOWS[build].thanksPath}${UTM_QUERY}`);

    await collect.settled();
    const hits = await collectedHits(w);
    const formHit = hits.find((h) => h.events[0]?.dl === `${w.urls[build]}${FLOWS[build].path}${UTM_QUERY}`);
    expect(formHit?.events.map((e) => e.en)).toEqual(['page_view']);
    const thanksHit = hits.find((h) => h.events.some((e) => e.en === 'generate_lead'));
    expect(thanksHit?.events.map((e) => e.en)).toEqual(['page_view', 'generate_lead']);
    const lead = eventsNamed(hits, 'generate_lead');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({
      v: '2',
      tid: DEMO_MEASUREMENT_ID,
      cid: formHit?.events[0]?.cid,
      dl: `${w.urls[build]}${FLOWS[build].thanksPath}${UTM_QUERY}`,
      dt: await page.title(),
      'ep.form_id': 'contact',
      'ep.lead_type': 'inquiry',
      'epn.value': '1',
      'ep.currency': 'JPY',
    });
    expect(new URL(lead[0]?.dl ?? '').searchParams.get('utm_campaign')).toBe(UTM.utm_campaign);
    expect(await dataLayerEvents(page, 'generate_lead')).toEqual([
      { event: 'generate_lead', form_id: 'contact', lead_type: 'inquiry', value: 1, currency: 'JPY' },
    ]);

    await w.idle();
    expect((await searchMail(w, 'subject:"株式会社テスト商事"')).messages_count).toBe(1);
    expect((await crmContact(w, SAMPLE.email))?.properties.utm_campaign).toBe(UTM.utm_campaign);
  });

  it('sends the visitor the 自動返信 (legacy ISO-2022-JP text, renewal HTML only) besides the sales mail', async () => {
    const w = world as DemoWorld;
    const email = 'qa+ct-20261207-abc123@example.com';
    await visitAndSubmit(context, w.urls[build], build, { ...SAMPLE, email });
    const found = await waitFor('the auto-reply', async () => {
      const result = await searchMail(w, `to:"${email}"`);
      return result.messages_count > 0 ? result : undefined;
    });
    expect(found.messages_count).toBe(1);
    expect(found.messages[0]?.Subject).toBe(AUTO_REPLY_SUBJECT);
    expect(found.messages[0]?.To).toEqual([{ Name: '山田 太郎', Address: email }]);
    const message = (await (
      await fetch(`${w.urls.mailpit}/api/v1/message/${found.messages[0]?.ID}`)
    ).json()) as {
      Text: string;
      HTML: string;
    };
    if (build === 'legacy') {
      expect(message.HTML).toBe('');
      expect(message.Text).toContain('\n電話番号: 03-1234-5678\n');
    } else {
      expect(message.HTML).toContain('<th align="left">電話番号</th><td>03-1234-5678</td>');
      expect(message.Text).toContain('電話番号 03-1234-5678');
    }
    await w.idle();
    expect(w.submissions()).toMatchObject([{ mail: 'sent', autoReply: 'sent' }]);
    expect((await searchMail(w, `to:"${w.salesInbox}"`)).messages_count).toBe(1);
  });

  it('shows validation errors next to the fields with aria-invalid, and converts nothing', async () => {
    const w = world as DemoWorld;
    const empty = { ...SAMPLE, company: '', name: '', email: 'broken', message: '', consent: false };
    const { page, collect } = await visitAndSubmit(context, w.urls[build], build, empty);
    for (const label of ['会社名', '氏名', 'メールアドレス', 'お問い合わせ内容', '個人情報の取扱いに同意']) {
      const control = page.getByLabel(label, { exact: true });
      expect(await control.getAttribute('aria-invalid'), label).toBe('true');
      const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent(), label).toMatch(
        /ください|ありません|必要です/,
      );
    }
    expect(await page.getByLabel('電話番号', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByText('メールアドレスの形式が正しくありません。').isVisible()).toBe(true);
    expect(await page.getByLabel('業種', { exact: true }).inputValue()).not.toBe('');
    await collect.settled();
    expect(eventsNamed(await collectedHits(w), 'generate_lead')).toEqual([]);
    expect(w.submissions()).toEqual([]);
  });

  it('accepts full-width digits and （株） and stores them normalised', async () => {
    const w = world as DemoWorld;
    const entry = { ...SAMPLE, phone: '０３－１２３４－５６７８', company: '（株）全角商事' };
    const { page } = await visitAndSubmit(context, w.urls[build], build, entry);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(FLOWS[build].success);
    await w.idle();
    expect((await crmContact(w, SAMPLE.email))?.properties).toMatchObject({
      phone: '03-1234-5678',
      company: '株式会社全角商事',
    });
  });

  it('finds each control by its exact label, and no label inside another', async () => {
    const w = world as DemoWorld;
    const page = await context.newPage();
    await page.goto(`${w.urls[build]}${FLOWS[build].path}`);
    for (const label of [...LABELS, '個人情報の取扱いに同意']) {
      expect(await page.getByLabel(label).count(), label).toBe(1);
    }
  });
});

describe('renewal confirmation screen in Chromium', () => {
  it('shows the values, and 戻る returns to the form with them kept', async () => {
    const w = await open();
    const page = await context.newPage();
    await page.goto(`${w.urls.renewal}/inquiry/${UTM_QUERY}`);
    await fillByLabel(page, SAMPLE);
    await page.getByRole('button', { name: '入力内容の確認', exact: true }).click();
    await page.getByRole('heading', { name: '入力内容の確認', exact: true }).waitFor();
    expect(await page.locator('table').textContent()).toContain('株式会社テスト商事');
    await page.getByRole('button', { name: '戻る', exact: true }).click();
    await page.getByRole('heading', { name: 'お問い合わせ', exact: true }).waitFor();
    expect(await page.getByLabel('会社名', { exact: true }).inputValue()).toBe('株式会社テスト商事');
    expect(await page.getByLabel('導入時期', { exact: true }).inputValue()).toBe('t1');
    expect(await page.getByLabel('個人情報の取扱いに同意', { exact: true }).isChecked()).toBe(true);
    await FLOWS.renewal.submit(page);
    expect(page.url()).toBe(`${w.urls.renewal}/inquiry/complete/${UTM_QUERY}`);
  });
});

describe('GA4 hits to https://www.google-analytics.com', () => {
  it.each(['legacy', 'renewal'] as const)(
    '%s: captured with page.route, never sent to Google',
    async (build) => {
      const w = await open({ defects: false, analyticsHost: 'https://www.google-analytics.com' });
      const intercepted: Request[] = [];
      const offMachine: string[] = [];
      context.on('request', (r) => {
        if (!new URL(r.url()).hostname.startsWith('127.0.0.1')) offMachine.push(r.url());
      });
      await context.route('https://www.google-analytics.com/**', async (route) => {
        intercepted.push(route.request());
        await route.fulfill({ status: 204 });
      });
      await visitAndSubmit(context, w.urls[build], build, SAMPLE);
      const lead = await waitFor('the generate_lead hit', () =>
        intercepted.flatMap((r) => parseGa4Hit(r.url(), r.postData())).find((e) => e.en === 'generate_lead'),
      );
      expect(lead).toMatchObject({ tid: DEMO_MEASUREMENT_ID, 'ep.form_id': 'contact', 'ep.currency': 'JPY' });
      expect(lead.dl).toBe(`${w.urls[build]}${FLOWS[build].thanksPath}${UTM_QUERY}`);
      expect(
        intercepted.every((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/g/collect'),
      ).toBe(true);
      expect(offMachine).toHaveLength(intercepted.length);
      expect(await collectedHits(w)).toEqual([]);
    },
  );
});

describe('analytics blocked', () => {
  it.each(['legacy', 'renewal'] as const)(
    '%s: no hit leaves the pages, dataLayer still gets the push',
    async (build) => {
      const w = await open({ defects: false, faults: { analyticsBlocked: true } });
      const { page, collect } = await visitAndSubmit(context, w.urls[build], build, SAMPLE);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(FLOWS[build].success);
      expect(collect.requests).toEqual([]);
      expect(await dataLayerEvents(page, 'generate_lead')).toHaveLength(1);
      await w.idle();
      expect((await searchMail(w, 'to:sales')).messages_count).toBe(1);
    },
  );

  it('counts page views on the form page alone (a hit without a conversion)', async () => {
    const w = await open();
    const collect = trackCollectRequests(context);
    const page = await context.newPage();
    await page.goto(`${w.urls.legacy}/contact/${UTM_QUERY}`);
    await collect.settled();
    const hits = await collectedHits(w);
    expect(hits.flatMap((h) => h.events.map((e) => e.en))).toEqual(['page_view']);
    expect(hits[0]?.events[0]).toMatchObject({ _fv: '1', _ss: '1', _s: '1', dt: await page.title() });
  });
});
