import type { Browser, BrowserContext, Page, Request } from 'playwright';
import { launchChromium as launchResolvedChromium } from '../../src/browser/index.ts';
import type { DemoWorld } from '../../src/demo/index.ts';
import { CHOICES, type SelectKey } from '../../src/demo/site/fields.ts';

/** Poll `probe` until it returns something other than undefined, or fail after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Chromium found by cutover's one resolver; with none, the error carries the install hint. */
export function launchChromium(): Promise<Browser> {
  return launchResolvedChromium();
}

/** Every `/g/collect` request the context sends, and a way to wait until each has been answered. */
export function trackCollectRequests(context: BrowserContext): {
  requests: Request[];
  settled(): Promise<void>;
} {
  const requests: Request[] = [];
  context.on('request', (r) => {
    if (new URL(r.url()).pathname === '/g/collect') requests.push(r);
  });
  return {
    requests,
    settled: async () => {
      await Promise.all(requests.map((r) => r.response().catch(() => null)));
    },
  };
}

/** The input of one inquiry; selects by visible label. */
export interface Entry {
  company: string;
  name: string;
  email: string;
  phone: string;
  industry: string;
  employees: string;
  timeline: string;
  message: string;
  consent: boolean;
}

export const SAMPLE: Entry = {
  company: '（株）テスト商事',
  name: '山田 太郎',
  email: 'qa+ct-demo@example.com',
  phone: '03-1234-5678',
  industry: '製造業',
  employees: '10-49名',
  timeline: '3か月以内',
  message: '製品の資料をお送りください。',
  consent: true,
};

export const UTM = { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'ct-20261126-abc123' };

export function choice(key: SelectKey, label: string) {
  const found = CHOICES[key].find((c) => c.label === label);
  if (!found && label !== '') throw new Error(`no ${key} option labelled ${label}`);
  return found;
}

/** Fill the form through the browser, addressing every control by its visible label. */
export async function fillByLabel(page: Page, entry: Entry): Promise<void> {
  await page.getByLabel('会社名', { exact: true }).fill(entry.company);
  await page.getByLabel('氏名', { exact: true }).fill(entry.name);
  await page.getByLabel('メールアドレス', { exact: true }).fill(entry.email);
  await page.getByLabel('電話番号', { exact: true }).fill(entry.phone);
  if (entry.industry) await page.getByLabel('業種', { exact: true }).selectOption({ label: entry.industry });
  if (entry.employees)
    await page.getByLabel('従業員規模', { exact: true }).selectOption({ label: entry.employees });
  if (entry.timeline)
    await page.getByLabel('導入時期', { exact: true }).selectOption({ label: entry.timeline });
  await page.getByLabel('お問い合わせ内容', { exact: true }).fill(entry.message);
  await page.getByLabel('個人情報の取扱いに同意', { exact: true }).setChecked(entry.consent);
}

export function hiddenInputs(html: string): Array<[string, string]> {
  return [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
    decodeEntities(m[1] ?? ''),
    decodeEntities(m[2] ?? ''),
  ]);
}

function decodeEntities(s: string): string {
  return s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export interface Submitted {
  /** Status of the submitting POST (303 when accepted). */
  status: number;
  location: string | null;
  /** The session cookie the 303 set (`name=value`), '' when none. */
  cookie: string;
  /** The page the visitor ends on (thank-you page, or the form with errors). */
  html: string;
}

function query(params: Record<string, string>): string {
  const q = new URLSearchParams(params).toString();
  return q ? `?${q}` : '';
}

async function finish(origin: string, res: Response): Promise<Submitted> {
  if (res.status !== 303) return { status: res.status, location: null, cookie: '', html: await res.text() };
  const location = res.headers.get('location');
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const thanks = await fetch(`${origin}${location}`, { headers: { cookie } });
  return { status: 303, location, cookie, html: await thanks.text() };
}

/** Submit the legacy form over plain HTTP, as a browser without JavaScript would. */
export async function submitLegacy(
  world: DemoWorld,
  entry: Entry,
  params: Record<string, string> = {},
): Promise<Submitted> {
  const origin = world.urls.legacy;
  const formPage = await (await fetch(`${origin}/contact/${query(params)}`)).text();
  const body = new URLSearchParams(hiddenInputs(formPage));
  body.set('company', entry.company);
  body.set('name', entry.name);
  body.set('email', entry.email);
  body.set('tel', entry.phone);
  body.set('industry', choice('industry', entry.industry)?.crm ?? '');
  body.set('employees', choice('employees', entry.employees)?.crm ?? '');
  body.set('timeline', choice('timeline', entry.timeline)?.crm ?? '');
  body.set('message', entry.message);
  if (entry.consent) body.set('consent', '1');
  return finish(origin, await fetch(`${origin}/contact/`, { method: 'POST', body, redirect: 'manual' }));
}

/** The renewal's first step: form page, then `POST /inquiry/confirm/`. */
export async function confirmRenewal(world: DemoWorld, entry: Entry, params: Record<string, string> = {}) {
  const origin = world.urls.renewal;
  const formPage = await (await fetch(`${origin}/inquiry/${query(params)}`)).text();
  const body = new URLSearchParams(hiddenInputs(formPage));
  body.set('entry[corp]', entry.company);
  body.set('entry[person]', entry.name);
  body.set('entry[mail]', entry.email);
  body.set('entry[tel]', entry.phone);
  body.set('entry[biz]', choice('industry', entry.industry)?.renewal ?? '');
  body.set('entry[scale]', choice('employees', entry.employees)?.renewal ?? '');
  body.set('entry[timing]', choice('timeline', entry.timeline)?.renewal ?? '');
  body.set('entry[body]', entry.message);
  if (entry.consent) body.set('entry[agree]', 'on');
  const res = await fetch(`${origin}/inquiry/confirm/`, { method: 'POST', body });
  return { status: res.status, html: await res.text() };
}

/** Submit the renewal form over plain HTTP: form → confirmation → 送信する. */
export async function submitRenewal(
  world: DemoWorld,
  entry: Entry,
  params: Record<string, string> = {},
): Promise<Submitted> {
  const confirm = await confirmRenewal(world, entry, params);
  if (!confirm.html.includes('<h1>入力内容の確認</h1>'))
    return { status: confirm.status, location: null, cookie: '', html: confirm.html };
  const body = new URLSearchParams(hiddenInputs(confirm.html));
  const origin = world.urls.renewal;
  return finish(origin, await fetch(`${origin}/inquiry/send/`, { method: 'POST', body, redirect: 'manual' }));
}

export interface MailSummary {
  ID: string;
  Subject: string;
  Created: string;
  To: Array<{ Name: string; Address: string }>;
}

export async function searchMail(
  world: DemoWorld,
  q: string,
): Promise<{ messages: MailSummary[]; messages_count: number }> {
  const res = await fetch(`${world.urls.mailpit}/api/v1/search?query=${encodeURIComponent(q)}`);
  return (await res.json()) as { messages: MailSummary[]; messages_count: number };
}

export async function mailText(world: DemoWorld, id: string): Promise<string> {
  const res = await fetch(`${world.urls.mailpit}/api/v1/message/${id}`);
  return ((await res.json()) as { Text: string }).Text;
}

export interface CrmContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
}

export const CRM_PROPERTIES = [
  'email',
  'company',
  'lastname',
  'firstname',
  'phone',
  'industry',
  'numemployees',
  'purchase_timeline',
  'message',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'lifecyclestage',
  'hs_lead_status',
];

/** GET the contact by email (bypasses the search lag); undefined on 404. */
export async function crmContact(world: DemoWorld, email: string): Promise<CrmContact | undefined> {
  const url = `${world.urls.crm}/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email&properties=${CRM_PROPERTIES.join(',')}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${world.crmToken}` } });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`CRM answered ${res.status}`);
  return (await res.json()) as CrmContact;
}

export interface Hit {
  url: string;
  body: string | null;
  receivedAt: string;
  events: Array<Record<string, string>>;
}

export async function collectedHits(world: DemoWorld): Promise<Hit[]> {
  return ((await (await fetch(`${world.urls.analytics}/hits`)).json()) as { hits: Hit[] }).hits;
}

export function eventsNamed(hits: Hit[], name: string): Array<Record<string, string>> {
  return hits.flatMap((h) => h.events).filter((e) => e.en === name);
}

/** How a visitor goes through each build in the browser. */
export const FLOWS = {
  legacy: {
    path: '/contact/',
    thanksPath: '/contact/thanks.html',
    success: 'お問い合わせありがとうございました',
    /** From the filled form to the page the submission leads to. */
    submit: async (page: Page): Promise<void> => {
      await page.getByRole('button', { name: '送信', exact: true }).click();
      await page.waitForLoadState('load');
    },
  },
  renewal: {
    path: '/inquiry/',
    thanksPath: '/inquiry/complete/',
    success: '送信が完了しました',
    submit: async (page: Page): Promise<void> => {
      await page.getByRole('button', { name: '入力内容の確認', exact: true }).click();
      await page.waitForLoadState('load');
      const confirm = page.getByRole('heading', { name: '入力内容の確認', exact: true });
      if ((await confirm.count()) === 0) return; // validation errors: still on the form
      await page.getByRole('button', { name: '送信する', exact: true }).click();
      await page.waitForLoadState('load');
    },
  },
} as const;

/** Open the form with a query, fill it by label and submit it; returns the tracker of GA4 requests. */
export async function visitAndSubmit(
  context: BrowserContext,
  origin: string,
  build: keyof typeof FLOWS,
  entry: Entry,
  params: Record<string, string> = UTM,
): Promise<{ page: Page; collect: ReturnType<typeof trackCollectRequests> }> {
  const collect = trackCollectRequests(context);
  const page = await context.newPage();
  await page.goto(`${origin}${FLOWS[build].path}?${new URLSearchParams(params)}`);
  await fillByLabel(page, entry);
  await FLOWS[build].submit(page);
  return { page, collect };
}

export async function dataLayerEvents(page: Page, event: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    (name) =>
      ((window as unknown as { dataLayer?: Array<Record<string, unknown>> }).dataLayer ?? []).filter(
        (e) => e.event === name,
      ),
    event,
  );
}
