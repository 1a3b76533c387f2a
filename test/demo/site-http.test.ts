import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../src/demo/index.ts';
import { LEGACY_NAMES } from '../../src/demo/site/legacy-pages.ts';
import { RENEWAL_NAMES } from '../../src/demo/site/renewal-pages.ts';
import {
  confirmRenewal,
  crmContact,
  type Entry,
  mailText,
  SAMPLE,
  searchMail,
  submitLegacy,
  submitRenewal,
  UTM,
} from './helpers.ts';

type Build = 'legacy' | 'renewal';
const SUBMIT = { legacy: submitLegacy, renewal: submitRenewal };
const NAMES = { legacy: LEGACY_NAMES, renewal: RENEWAL_NAMES };
const FORM_PATH = { legacy: '/contact/', renewal: '/inquiry/' };
const THANKS = {
  legacy: { path: '/contact/thanks.html', text: 'お問い合わせありがとうございました' },
  renewal: { path: '/inquiry/complete/', text: '送信が完了しました' },
};
const UTM_QUERY = `?${new URLSearchParams(UTM)}`;

/** The canonical field keys whose controls carry aria-invalid="true", and the messages next to them. */
function invalidFields(build: Build, html: string): Record<string, string> {
  const byName = Object.fromEntries(Object.entries(NAMES[build]).map(([key, name]) => [name, key]));
  const out: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<(?:input|select|textarea)\b[^>]*aria-invalid="true"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1] ?? '';
    const describedBy = /aria-describedby="([^"]+)"/.exec(tag)?.[1] ?? '';
    const message =
      new RegExp(`id="${describedBy.replace(/[[\]]/g, '\\$&')}">([^<]+)<`).exec(html)?.[1] ?? '(no message)';
    out[byName[name] ?? name] = message;
  }
  return out;
}

let world: DemoWorld;
beforeEach(async () => {
  world = await startDemoWorld({ defects: false });
});
afterEach(async () => {
  await world.stop();
});

describe.each(['legacy', 'renewal'] as const)('%s build over HTTP', (build) => {
  const submit = (entry: Entry, params: Record<string, string> = UTM) => SUBMIT[build](world, entry, params);
  const origin = () => world.urls[build];

  it('carries the UTM query of the form page in hidden inputs', async () => {
    const html = await (await fetch(`${origin()}${FORM_PATH[build]}${UTM_QUERY}`)).text();
    expect(html).toMatch(/<html lang="ja">/);
    expect(html).toMatch(/<meta charset="utf-8">/);
    for (const value of Object.values(UTM)) expect(html).toContain(`value="${value}"`);
  });

  it('accepts a complete inquiry: 303 to the thank-you page with the UTM query', async () => {
    const result = await submit(SAMPLE);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`${THANKS[build].path}${UTM_QUERY}`);
    expect(result.html).toContain(`<h1>${THANKS[build].text}</h1>`);
    expect(result.html).toContain('en=generate_lead');
  });

  it('fires the conversion once per submission: a reload of the thank-you page has no generate_lead', async () => {
    const result = await submit(SAMPLE);
    expect(result.html).toContain('en=generate_lead');
    expect(result.cookie).toMatch(/^\w+=[0-9a-f]+$/);
    const again = await (
      await fetch(`${origin()}${result.location}`, { headers: { cookie: result.cookie } })
    ).text();
    expect(again).toContain(THANKS[build].text);
    expect(again).not.toContain('generate_lead');
  });

  it('redirects the path without its trailing slash to the form', async () => {
    const res = await fetch(`${origin()}${FORM_PATH[build].slice(0, -1)}`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(FORM_PATH[build]);
  });

  it('mails the sales inbox: subject names the company, Reply-To the inquirer, every field by label', async () => {
    await submit(SAMPLE);
    await world.idle();
    const found = await searchMail(world, `to:${world.salesInbox}`);
    expect(found.messages_count).toBe(1);
    const [summary] = found.messages;
    expect(summary?.Subject).toBe('【お問い合わせ】株式会社テスト商事 様');
    const message = (await (await fetch(`${world.urls.mailpit}/api/v1/message/${summary?.ID}`)).json()) as {
      ReplyTo: unknown;
      From: unknown;
      Text: string;
    };
    expect(message.ReplyTo).toEqual([{ Name: '山田 太郎', Address: 'qa+ct-demo@example.com' }]);
    expect(message.From).toEqual({ Name: 'デモ商事 Webサイト', Address: 'noreply@demo.cutover.test' });
    const lines = message.Text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '会社名: 株式会社テスト商事',
        '氏名: 山田 太郎',
        'メールアドレス: qa+ct-demo@example.com',
        '電話番号: 03-1234-5678',
        '業種: 製造業',
        '従業員規模: 10-49名',
        '導入時期: 3か月以内',
        '個人情報の取扱いに同意: 同意する',
        'お問い合わせ内容: 製品の資料をお送りください。',
        'utm_source: newsletter',
        'utm_medium: email',
        'utm_campaign: ct-20261126-abc123',
        `ページURL: ${origin()}${FORM_PATH[build]}${UTM_QUERY}`,
      ]),
    );
  });

  it('upserts the CRM contact with every property, lifecycle MQL and lead status NEW', async () => {
    const t0 = Date.now();
    await submit(SAMPLE);
    await world.idle();
    const contact = await crmContact(world, SAMPLE.email);
    expect(contact?.properties).toMatchObject({
      email: 'qa+ct-demo@example.com',
      company: '株式会社テスト商事',
      lastname: '山田',
      firstname: '太郎',
      phone: '03-1234-5678',
      industry: 'manufacturing',
      numemployees: '10-49',
      purchase_timeline: 'within_3_months',
      message: '製品の資料をお送りください。',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'ct-20261126-abc123',
      lifecyclestage: 'marketingqualifiedlead',
      hs_lead_status: 'NEW',
    });
    expect(Date.parse(contact?.createdAt ?? '')).toBeGreaterThanOrEqual(t0);
  });

  it.each([
    ['０３－１２３４－５６７８', '（株）テスト商事', '03-1234-5678', '株式会社テスト商事'],
    ['０９０ー１２３４ー５６７８', 'テスト商事(株)', '090-1234-5678', 'テスト商事株式会社'],
    ['03-1234-5678', '（有）テスト', '03-1234-5678', '有限会社テスト'],
    ['03-1234-5678', '㈱テスト', '03-1234-5678', '株式会社テスト'],
  ])(
    'normalises 電話番号 %s and 会社名 %s for mail and CRM',
    async (phone, company, cleanPhone, cleanCompany) => {
      expect((await submit({ ...SAMPLE, phone, company })).status).toBe(303);
      await world.idle();
      expect((await crmContact(world, SAMPLE.email))?.properties).toMatchObject({
        phone: cleanPhone,
        company: cleanCompany,
      });
      const [mail] = (await searchMail(world, `to:${world.salesInbox}`)).messages;
      expect(mail?.Subject).toBe(`【お問い合わせ】${cleanCompany} 様`);
      expect(await mailText(world, mail?.ID ?? '')).toContain(`電話番号: ${cleanPhone}\n`);
    },
  );

  it.each([
    ['company', { company: '' }, '会社名を入力してください。'],
    ['name', { name: '  ' }, '氏名を入力してください。'],
    ['email', { email: '' }, 'メールアドレスを入力してください。'],
    ['email', { email: 'qa-at-example.com' }, 'メールアドレスの形式が正しくありません。'],
    ['phone', { phone: '03-12' }, '電話番号の形式が正しくありません。'],
    ['message', { message: '' }, 'お問い合わせ内容を入力してください。'],
    ['consent', { consent: false }, '個人情報の取扱いへの同意が必要です。'],
  ] as const)(
    'rejects a bad %s with a Japanese error next to it and aria-invalid; nothing leaves',
    async (field, change, message) => {
      const result = await submit({ ...SAMPLE, ...change });
      expect(result.status).toBe(200);
      expect(result.html).toContain('role="alert"');
      expect(invalidFields(build, result.html)).toEqual({ [field]: message });
      await world.idle();
      expect(world.submissions()).toEqual([]);
      expect((await searchMail(world, 'to:sales')).messages_count).toBe(0);
      expect(await crmContact(world, SAMPLE.email)).toBeUndefined();
    },
  );

  it('marks every missing required field at once, and keeps what was typed', async () => {
    const empty: Entry = {
      ...SAMPLE,
      company: '',
      name: '',
      email: '',
      message: '',
      consent: false,
      phone: '０３',
    };
    const result = await submit(empty);
    expect(Object.keys(invalidFields(build, result.html)).sort()).toEqual(
      ['company', 'consent', 'email', 'message', 'name', 'phone'].sort(),
    );
    expect(result.html).toContain('value="０３"');
  });

  it.each([
    ['業種 学生', { industry: '学生' }],
    ['業種 求職者', { industry: '求職者' }],
    ['a sales pitch (ご提案させて)', { message: '貴社のWebサイトについてご提案させてください。' }],
    ['a sales pitch (ＳＥＯ対策, full-width)', { message: 'ＳＥＯ対策のご案内です。' }],
    ['a sales pitch (営業のご案内)', { message: '営業のご案内です' }],
    ['a sales pitch (広告掲載)', { message: '広告掲載のお願い' }],
  ])(
    'treats %s as 対象外: thank-you page, no mail, CRM other/UNQUALIFIED, no generate_lead',
    async (_what, change) => {
      const result = await submit({ ...SAMPLE, ...change });
      expect(result.status).toBe(303);
      expect(result.html).toContain(THANKS[build].text);
      expect(result.html).not.toContain('generate_lead');
      await world.idle();
      expect(world.submissions()).toMatchObject([{ inScope: false, mail: 'skipped', crm: 'created' }]);
      expect((await searchMail(world, 'to:sales')).messages_count).toBe(0);
      expect((await crmContact(world, SAMPLE.email))?.properties).toMatchObject({
        lifecyclestage: 'other',
        hs_lead_status: 'UNQUALIFIED',
      });
    },
  );

  it('updates the same contact on a second submission instead of creating another', async () => {
    await submit(SAMPLE);
    await world.idle();
    const first = await crmContact(world, SAMPLE.email);
    await submit({ ...SAMPLE, message: '二回目です', email: 'QA+ct-demo@example.com' });
    await world.idle();
    const second = await crmContact(world, SAMPLE.email);
    expect(second?.id).toBe(first?.id);
    expect(second?.properties.message).toBe('二回目です');
    expect(world.submissions().map((s) => s.crm)).toEqual(['created', 'updated']);
    expect((await searchMail(world, 'to:sales')).messages_count).toBe(2);
  });

  describe('faults', () => {
    it('form 500: the submit answers 500 and nothing leaves the site', async () => {
      world.faults.set({ formError: true });
      const result = await submit(SAMPLE);
      expect(result.status).toBe(500);
      await world.idle();
      expect(world.submissions()).toEqual([]);
      expect(await crmContact(world, SAMPLE.email)).toBeUndefined();
    });

    it('slow form: every page of the build is held', async () => {
      world.faults.set({ formDelayMs: 300 });
      const t0 = performance.now();
      expect((await fetch(`${origin()}${FORM_PATH[build]}`)).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    });

    it('SMTP refused: the visitor still sees thanks, the CRM is written, no mail arrives', async () => {
      world.faults.set({ smtpRefused: true });
      const result = await submit(SAMPLE);
      expect(result.html).toContain(THANKS[build].text);
      await world.idle();
      const [record] = world.submissions();
      expect(record).toMatchObject({ mail: 'failed', crm: 'created' });
      expect(record?.errors.join()).toMatch(/421/);
      expect((await searchMail(world, 'to:sales')).messages_count).toBe(0);
    });

    it('mail delayed: the notification is received no sooner than the delay', async () => {
      world.faults.set({ mailDelayMs: 400 });
      const t0 = Date.now();
      await submit(SAMPLE);
      await world.idle();
      const [mail] = (await searchMail(world, 'to:sales')).messages;
      expect(Date.parse(mail?.Created ?? '') - t0).toBeGreaterThanOrEqual(400);
    });

    it.each([401, 429, 500] as const)(
      'CRM %s: thanks still shown, mail still sent, no contact',
      async (status) => {
        world.faults.set({ crmError: status });
        const result = await submit(SAMPLE);
        expect(result.html).toContain(THANKS[build].text);
        await world.idle();
        expect(world.submissions()).toMatchObject([{ mail: 'sent', crm: 'failed' }]);
        world.faults.clear();
        expect(await crmContact(world, SAMPLE.email)).toBeUndefined();
      },
    );

    it('slow CRM: the thank-you page does not wait for the CRM', async () => {
      world.faults.set({ crmDelayMs: 60_000 });
      const result = await submit(SAMPLE);
      expect(result.html).toContain(THANKS[build].text);
      expect(world.submissions()).toMatchObject([{ crm: 'pending' }]);
    });

    it('analytics blocked: the pages carry no GA4 hit', async () => {
      world.faults.set({ analyticsBlocked: true });
      const html = await (await fetch(`${origin()}${FORM_PATH[build]}`)).text();
      expect(html).toContain('"host":null');
    });
  });
});

describe('renewal confirmation step', () => {
  it('shows 入力内容の確認 with the normalised values, 送信する and 戻る, and sends nothing yet', async () => {
    const confirm = await confirmRenewal(world, { ...SAMPLE, phone: '０３－１２３４－５６７８' }, UTM);
    expect(confirm.html).toContain('<h1>入力内容の確認</h1>');
    for (const shown of [
      '株式会社テスト商事',
      '03-1234-5678',
      '製造業',
      '10-49名',
      '3か月以内',
      '同意する',
    ]) {
      expect(confirm.html).toContain(`<td>${shown}</td>`);
    }
    expect(confirm.html).toContain('>送信する</button>');
    expect(confirm.html).toContain('>戻る</button>');
    expect(world.submissions()).toEqual([]);
  });

  it('戻る (POST /inquiry/) shows the form again with the values kept', async () => {
    const body = new URLSearchParams({
      'entry[corp]': '株式会社テスト商事',
      'entry[biz]': '01',
      'entry[agree]': 'on',
      back: '1',
    });
    const html = await (await fetch(`${world.urls.renewal}/inquiry/`, { method: 'POST', body })).text();
    expect(html).toContain('value="株式会社テスト商事"');
    expect(html).toContain('<option value="01" selected>製造業</option>');
    expect(html).toMatch(/name="entry\[agree\]" value="on" checked/);
    expect(html).toContain('>入力内容の確認</button>');
  });
});

describe('legacy markup', () => {
  it('labels every control with <label for> and marks required fields with 必須 outside the label', async () => {
    const html = await (await fetch(`${world.urls.legacy}/contact/`)).text();
    for (const [key, label] of Object.entries({
      company: '会社名',
      name: '氏名',
      email: 'メールアドレス',
      tel: '電話番号',
      industry: '業種',
      employees: '従業員規模',
      timeline: '導入時期',
      message: 'お問い合わせ内容',
      consent: '個人情報の取扱いに同意',
    })) {
      expect(html).toContain(`<label for="${key}">${label}</label>`);
      expect(html).toMatch(new RegExp(`id="${key}"`));
    }
    expect(html).toContain('>送信</button>');
  });
});
