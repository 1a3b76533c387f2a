/**
 * Benchmark B1 — overhead: the standard pack on the demo world's legacy build through cutover's
 * one case runner, against a minimal hand-written Playwright script that does the same visits,
 * fills and clicks and waits for the same downstream items by polling the same fakes directly
 * (Mailpit search, HubSpot contact by email — and, where a scenario counts records, HubSpot's
 * search until its indexing lag has passed, as catching a duplicate contact requires — the GA4
 * hits the page sent, window.dataLayer), with the same windows (SLA, absence window, settle) and
 * the same cleanup. Both share one browser and
 * one demo world; they alternate (order flipped each round), and the median of the per-round
 * ratios is reported, with the absence windows as the scenarios ask and with them set to 0.
 * Target: ratio ≤ 1.10.   Run alone: npm run bench -- --only B1   (rounds: --rounds 5)
 */
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../src/browser/index.ts';
import { type CutoverConfig, loadProject, resolveDemo, type Scenario } from '../src/config/index.ts';
import { startDemoWorld } from '../src/demo/index.ts';
import { createCaseRunner, DEFAULT_CONTEXT_OPTIONS } from '../src/scenario/case-runner.ts';

const TARGET = 'legacy';
const INBOX = 'sales@demo.cutover.test';

export interface OverheadResult {
  withAbsence: { cutover: number[]; handwritten: number[]; ratio: number };
  withoutAbsence: { cutover: number[]; handwritten: number[]; ratio: number };
  failures: string[];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function measureOverhead(rounds: number, log: (line: string) => void): Promise<OverheadResult> {
  const loaded = await loadProject({ cwd: new URL('..', import.meta.url).pathname, monitors: false });
  if (!loaded.ok) throw new Error('the shipped project is invalid; run cutover validate');
  const world = await startDemoWorld({ defects: false });
  const browser = await launchChromium();
  const failures: string[] = [];
  try {
    const base = resolveDemo(loaded.project.config.config, { urls: world.urls, crmToken: world.crmToken });
    const pack = loaded.project.scenarios.map((s) => s.value);
    const result = {} as OverheadResult;
    for (const absence of [true, false]) {
      const config = absence ? base : { ...base, defaults: { ...base.defaults, absence: 0 } };
      const scenarios = absence ? pack : pack.map(withoutAbsence);
      const cutover: number[] = [];
      const handwritten: number[] = [];
      const ratios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const sides = [
          async () => cutover.push(await viaCutover(config, browser, scenarios, failures)),
          async () => handwritten.push(await viaScript(config, world, browser, scenarios, failures)),
        ];
        for (const side of round % 2 ? sides.reverse() : sides) await side();
        ratios.push(cutover.at(-1)! / handwritten.at(-1)!);
        log(
          `  B1 round ${round + 1}/${rounds} (${absence ? 'with' : 'without'} absence windows): cutover ${(cutover.at(-1)! / 1000).toFixed(1)} s, hand-written ${(handwritten.at(-1)! / 1000).toFixed(1)} s`,
        );
      }
      result[absence ? 'withAbsence' : 'withoutAbsence'] = { cutover, handwritten, ratio: median(ratios) };
    }
    result.failures = failures;
    return result;
  } finally {
    await browser.close();
    await world.stop();
  }
}

/** The same scenario with every expected absence checked at once instead of waited out. */
function withoutAbsence(scenario: Scenario): Scenario {
  const e = scenario.expect;
  return {
    ...scenario,
    expect: {
      ...e,
      notification: e.notification?.none ? { ...e.notification, within: 0 } : e.notification,
      crm: e.crm?.none ? { ...e.crm, within: 0 } : e.crm,
      analytics: e.analytics?.none ? { ...e.analytics, within: 0 } : e.analytics,
    },
  };
}

async function viaCutover(
  config: CutoverConfig,
  browser: Browser,
  scenarios: Scenario[],
  failures: string[],
): Promise<number> {
  const runner = createCaseRunner({ config, browser: async () => browser });
  const t = performance.now();
  for (const scenario of scenarios) {
    const result = await runner.run({ target: TARGET, scenario });
    if (result.verdict !== 'passed')
      failures.push(
        `cutover ${scenario.id}: ${result.verdict} ${result.checks
          .filter((c) => c.verdict !== 'passed' && c.verdict !== 'skipped')
          .map((c) => `${c.check}: ${c.reason}`)
          .join('; ')}`,
      );
  }
  const ms = performance.now() - t;
  await runner.close();
  return ms;
}

type World = Awaited<ReturnType<typeof startDemoWorld>>;

/** What a user would write by hand: Playwright calls and fetch, nothing of cutover's engine. */
async function viaScript(
  config: CutoverConfig,
  world: World,
  browser: Browser,
  scenarios: Scenario[],
  failures: string[],
): Promise<number> {
  const t = performance.now();
  for (const scenario of scenarios) {
    const problem = await handwrittenCase(config, world, browser, scenario);
    if (problem) failures.push(`hand-written ${scenario.id}: ${problem}`);
  }
  return performance.now() - t;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` or the deadline (epoch ms), then waits `settle` ms and reads once more. */
async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean, deadline: number, settle: number) {
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
    value = await read();
  }
  if (done(value) && settle > 0) {
    await sleep(settle);
    value = await read();
  }
  return value;
}

async function handwrittenCase(
  config: CutoverConfig,
  world: World,
  browser: Browser,
  scenario: Scenario,
): Promise<string | undefined> {
  const target = config.targets[TARGET]!;
  const form = target.forms[scenario.form]!;
  const labels = config.forms[scenario.form]!.fields;
  const { defaults } = config;
  const marker = `ct-${Date.now().toString(36)}${Math.random().toString(16).slice(2, 6)}`;
  const email = `qa+${marker}@example.com`;
  const render = (v: unknown) =>
    typeof v === 'string' ? v.replaceAll('{{marker}}', marker).replaceAll('{{email}}', email) : v;

  const context = await browser.newContext(DEFAULT_CONTEXT_OPTIONS);
  // One GA4 event per line of a /g/collect body (or the query string when the body is empty).
  const hits: string[] = [];
  context.on('request', (r) => {
    if (!r.url().includes('/g/collect')) return;
    const lines = (r.postData() ?? '').split(/\r\n/).filter(Boolean);
    for (const line of lines.length ? lines : [new URL(r.url()).search.slice(1)]) {
      const en = new URLSearchParams(line).get('en');
      if (en) hits.push(en);
    }
  });
  const page = await context.newPage();
  let t0 = Date.now();
  try {
    const query = new URLSearchParams(
      Object.entries(scenario.visit.query ?? {}).map(([k, v]) => [k, String(render(v))]),
    );
    const submissions: Array<Record<string, unknown>> =
      typeof scenario.submissions === 'number'
        ? Array.from({ length: scenario.submissions }, () => scenario.input)
        : (scenario.submissions as Array<Record<string, unknown>>).map((o) => ({ ...scenario.input, ...o }));
    for (const input of submissions) {
      await page.goto(`${target.url}${form.path}${query.size ? `?${query}` : ''}`);
      await fill(page, labels, input, render);
      if (form.confirm) await page.getByRole('button', { name: form.confirm }).click();
      t0 = Date.now();
      await page.getByRole('button', { name: form.submit }).click();
      const outcome = await Promise.race([
        page.waitForURL(new RegExp(form.success.url!), { timeout: 20_000 }).then(() => 'accepted'),
        page
          .locator('[aria-invalid="true"]')
          .first()
          .waitFor({ timeout: 20_000 })
          .then(() => 'rejected'),
      ]);
      if (outcome !== scenario.expect.submit.outcome) return `submit ${outcome}`;
    }
    const e = scenario.expect;
    const mailIds: string[] = [];
    let contactId: string | undefined;
    const checks: Array<Promise<string | undefined>> = [];
    if (e.notification) {
      const n = e.notification;
      const want = n.none ? 0 : (n.count ?? 1);
      const within = n.within ?? (n.none ? defaults.absence : defaults.within);
      checks.push(
        poll(
          async () => {
            const url = new URL(`${world.urls.mailpit}/api/v1/search`);
            url.searchParams.set('query', `to:"${INBOX}" "${marker}"`);
            const body = (await (await fetch(url)).json()) as { messages: Array<{ ID: string }> };
            return body.messages;
          },
          (m) => !n.none && m.length >= want,
          t0 + within + (n.none ? 0 : defaults.grace),
          n.none || n.count === undefined ? 0 : defaults.settle,
        ).then((m) => {
          mailIds.push(...m.map((x) => x.ID));
          return m.length === want || (!n.none && n.count === undefined && m.length > 0)
            ? undefined
            : `notification ${m.length}`;
        }),
      );
    }
    if (e.crm) {
      const c = e.crm;
      const within = c.within ?? (c.none ? defaults.absence : defaults.within);
      checks.push(
        poll(
          async () => {
            const response = await fetch(
              `${world.urls.crm}/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email`,
              { headers: { authorization: `Bearer ${world.crmToken}` } },
            );
            return response.ok ? ((await response.json()) as { id: string }) : undefined;
          },
          (record) => !c.none && record !== undefined,
          t0 + within + (c.none ? 0 : defaults.grace),
          c.none || c.count === undefined ? 0 : defaults.settle,
        ).then(async (record) => {
          contactId = record?.id;
          if (Boolean(record) !== !c.none) return `crm ${record ? 'found' : 'missing'}`;
          if (c.count === undefined || !record) return undefined;
          // Counting records (a duplicate contact) needs HubSpot's search, which lags writes:
          // a careful script searches until the lag has passed since the last submission.
          const crm = target.probes.crm;
          const lag = crm?.use === 'hubspot' ? (crm.searchLag ?? 10_000) : 0;
          const found = await poll(
            () => searchContacts(world, email),
            () => false,
            Math.min(t0 + lag, t0 + within + defaults.grace),
            0,
          );
          return found === c.count ? undefined : `crm records ${found}`;
        }),
      );
    }
    if (e.analytics) {
      const a = e.analytics;
      // Loaded scenarios spell an expected absence one way: none (count: 0 in the YAML).
      const absent = a.none === true;
      const expected = a.events.map((ev) => (ev.none ? 0 : ev.count));
      const within = a.within ?? (absent ? defaults.absence : defaults.within);
      const counts = async () =>
        Promise.all(
          a.events.map(async (ev) =>
            ev.source === 'datalayer'
              ? ((await page
                  .evaluate(
                    (name) =>
                      (
                        (window as unknown as { dataLayer?: Array<{ event?: string }> }).dataLayer ?? []
                      ).filter((d) => d.event === name).length,
                    ev.name,
                  )
                  .catch(() => 0)) as number)
              : hits.filter((en) => en === ev.name).length,
          ),
        );
      checks.push(
        poll(
          counts,
          (seen) => !absent && seen.every((n, i) => n >= (expected[i] ?? 1)),
          t0 + within,
          absent ? 0 : defaults.settle,
        ).then((seen) =>
          seen.every((n, i) => (expected[i] === undefined ? n > 0 : n === expected[i]))
            ? undefined
            : `analytics ${seen.join(',')}`,
        ),
      );
    }
    const problems = (await Promise.all(checks)).filter(Boolean);
    // Clean up what this case created, by id.
    if (mailIds.length > 0) {
      await fetch(`${world.urls.mailpit}/api/v1/messages`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ IDs: mailIds }),
      });
    }
    if (contactId) {
      await fetch(`${world.urls.crm}/crm/v3/objects/contacts/${contactId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${world.crmToken}` },
      });
    }
    return problems.length ? problems.join('; ') : undefined;
  } finally {
    await context.close();
  }
}

/** How many contacts HubSpot's search API finds for the email (the index lags writes). */
async function searchContacts(world: World, email: string): Promise<number> {
  const response = await fetch(`${world.urls.crm}/crm/v3/objects/contacts/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.crmToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
      limit: 100,
    }),
  });
  return response.ok ? ((await response.json()) as { total: number }).total : -1;
}

async function fill(
  page: Page,
  labels: Record<string, string | { label: string; exact?: boolean }>,
  input: Record<string, unknown>,
  render: (v: unknown) => unknown,
): Promise<void> {
  for (const [key, raw] of Object.entries(input)) {
    const label = labels[key] ?? key;
    const field =
      typeof label === 'string'
        ? page.getByLabel(label, { exact: true })
        : page.getByLabel(label.label, { exact: label.exact ?? true });
    const value = render(raw);
    const kind = await field.evaluate((el) =>
      el instanceof HTMLSelectElement ? 'select' : el instanceof HTMLInputElement ? el.type : 'text',
    );
    if (kind === 'select') await field.selectOption({ label: String(value) });
    else if (kind === 'checkbox') await field.setChecked(value === true);
    else await field.fill(String(value));
  }
}
