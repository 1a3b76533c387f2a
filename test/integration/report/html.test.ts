import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../src/browser/index.ts';
import { renderReportHtml, writeReport } from '../../../src/report/index.ts';
import { RUNS, reportDir, reportOf } from '../../report/helpers.ts';

/** The text as laid out (cells apart, hidden parts left out), which is what a reader sees. */
function shownText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's layout-aware text is the point here
  return locator.innerText();
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

let context: BrowserContext | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await context?.close();
  context = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Opens a written index.html over file:// and records every request and dialog the page makes. */
async function open(
  report = reportOf(RUNS.legacy, RUNS.renewalDefects),
): Promise<{ page: Page; requests: string[]; dialogs: string[]; sha256: string; json: string }> {
  const { dir, remove } = await reportDir();
  cleanups.push(remove);
  const written = await writeReport(dir, report);
  context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(written.html).href);
  return { page, requests, dialogs, sha256: written.sha256, json: written.json };
}

describe('index.html in Chromium', () => {
  it('shows the SHA-256 of the report.json bytes, the run metadata and the summary', async () => {
    const { page, requests, json, sha256 } = await open();
    const bytesHash = createHash('sha256')
      .update(await readFile(json))
      .digest('hex');
    expect(await page.locator('#report-sha256').textContent()).toBe(bytesHash);
    expect(sha256).toBe(bytesHash);

    const meta = await shownText(page.locator('header'));
    expect(meta).toContain('http://127.0.0.1:41001');
    expect(meta).toContain('http://127.0.0.1:41003');
    expect(meta).toContain('2026-11-26 01:00:00 UTC');
    expect(meta).toContain('cutover.config.ts');
    expect(meta).toMatch(/0\.1\.0/);

    const cell = (selector: string) => page.locator(selector).textContent();
    expect(await cell('.summary-cases [data-count="cases"]')).toBe('10');
    expect(await cell('.summary-cases [data-verdict="failed"]')).toBe('1');
    expect(await cell('.summary-cases [data-verdict="error"]')).toBe('1');
    expect(await cell('.summary-cases [data-verdict="skipped"]')).toBe('2');
    expect(await cell('.summary-checks [data-check="crm"] [data-verdict="error"]')).toBe('1');
    expect(await cell('.summary-checks [data-check="analytics"] [data-verdict="skipped"]')).toBe('4');
    // Nothing but the file itself and the inlined image: no CDN, no font, no script.
    expect(requests.every((url) => url.startsWith('file:') || url.startsWith('data:'))).toBe(true);
    expect(await page.locator('script').count()).toBe(0);
  });

  it('has one row per criterion × target with each check verdict (in words, not only colour), every finding and delay', async () => {
    const report = reportOf(RUNS.legacy, RUNS.renewalDefects);
    const { page } = await open(report);
    const rows = page.locator('tr.case');
    expect(await rows.count()).toBe(10);
    const row = page.locator('tr.case[data-scenario="AC-01"][data-target="renewal"]');
    await expect
      .poll(() => row.locator('.title').textContent())
      .toBe('対象内のお問い合わせ（UTM付き）が営業通知・CRM・GA4 にすべて届く');
    expect(await row.locator('[data-check="submit"] .badge').textContent()).toBe('✓ passed');
    expect(await row.locator('[data-check="crm"] .badge').textContent()).toBe('✗ failed');
    // Every finding named in the cell, one line each — none hidden behind "+2 more".
    const findings = await row.locator('[data-check="crm"] .findings li').allTextContents();
    expect(findings).toHaveLength(3);
    expect(findings[0]).toBe('utm_source: expected "newsletter", got no value');
    const crm = report.cases
      .find((c) => c.scenario.id === 'AC-01' && c.target.name === 'renewal')!
      .checks.find((k) => k.check === 'crm')!;
    expect(findings).toEqual(crm.details);
    expect(await row.locator('[data-check="notification"] .delay').textContent()).toBe('1.2 s / SLA 30 s');
    const ac04 = page.locator('tr.case[data-scenario="AC-04"][data-target="renewal"]');
    expect(await shownText(ac04.locator('[data-check="crm"]'))).toContain('! error');
    expect(await shownText(ac04.locator('[data-check="crm"]'))).toContain(
      'HubSpot answered 401: token rejected',
    );
    expect(await ac04.locator('[data-check="analytics"] .badge').textContent()).toBe('– skipped');
    // Legible without colour: each verdict has its own symbol and word, and its own border style.
    const styles = await page.evaluate(() =>
      ['passed', 'failed', 'error', 'skipped'].map((v) => {
        const el = document.querySelector(`.badge.v-${v}`)!;
        return getComputedStyle(el).borderTopStyle;
      }),
    );
    expect(new Set(styles.slice(1)).size).toBe(3);
    // Japanese text is drawn with a CJK font of the stack (the glyphs Chromium actually used), not tofu.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: 'tr.case .title',
    });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.find((f) => /CJK JP/.test(f.familyName))?.glyphCount).toBeGreaterThan(20);
  });

  it('inlines the outcome screenshot and shows the evidence: mail, CRM record, analytics hits, cleanup', async () => {
    const { page } = await open();
    const details = page.locator('details[data-case="case--AC-01--renewal"]');
    await details.locator('> summary').click();
    const img = details.locator('img.screenshot');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(360);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => img.isVisible()).toBe(true);

    const text = await shownText(details);
    expect(text).toContain('【お問い合わせ】株式会社テスト商事 様');
    expect(text).toContain('sales@demo.cutover.test');
    expect(text).toMatch(/会社名\s+株式会社テスト商事/);
    expect(text).toMatch(/utm_source\s+\(no value\)/);
    expect(text).toMatch(/lifecyclestage\s+marketingqualifiedlead/);
    expect(text).toContain('generate_lead');
    expect(text).toContain('form_id=contact');
    expect(text).toContain('campaign=ct-20261126-');
    expect(text).toMatch(/crm\s+hubspot\s+\d+\s+✓ deleted/);
    expect(text).toContain('utm_medium: expected "email", got no value');
    await details.locator('summary', { hasText: 'Mail excerpt' }).click();
    expect(await shownText(details.locator('pre'))).toContain('Webサイトのお問い合わせフォームから');
  });

  it('renders a <script> title and markup in a mail body as text: nothing runs', async () => {
    const hostile = reportOf({
      ...RUNS.legacy,
      title01: '<script>alert(1)</script>',
      excerpt01: '<img src=x onerror="alert(2)"><b>bold</b></pre><script>alert(3)</script>',
    });
    const { page, dialogs, requests } = await open(hostile);
    const row = page.locator('tr.case[data-scenario="AC-01"]');
    expect(await row.locator('.title').textContent()).toBe('<script>alert(1)</script>');
    const details = page.locator('details[data-case="case--AC-01--legacy"]');
    await details.locator('> summary').click();
    await details.locator('summary', { hasText: 'Mail excerpt' }).click();
    expect(await details.locator('pre').textContent()).toBe(
      '<img src=x onerror="alert(2)"><b>bold</b></pre><script>alert(3)</script>',
    );
    expect(await page.locator('script, b, img:not(.screenshot)').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.some((url) => url.endsWith('/x'))).toBe(false);
    expect(await page.title()).toContain('Acceptance report');
  });

  it('shows a mail’s HTML body in a sandboxed frame: its tables and styles, no script, no remote image, no escape', async () => {
    const mailHtml =
      '<html><head><meta http-equiv="refresh" content="0;url=https://tracker.example/refresh"><style>th { color: rgb(255, 0, 0); }</style></head>' +
      '<body><table><tr><th>フリガナ</th><td id="kana">ヤマダ タロウ</td></tr></table>' +
      '<img src="https://tracker.example/pixel.gif"><script>parent.document.title = "pwned"; alert(4)</script>' +
      '"quotes" &amp; \'apostrophes\' </iframe><b id="outside">escaped?</b></body></html>';
    const { page, dialogs, requests } = await open(reportOf({ ...RUNS.legacy, html01: mailHtml }));
    const details = page.locator('details[data-case="case--AC-01--legacy"]');
    await details.locator('> summary').click();
    const frame = details.locator('iframe.mail-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(srcdoc.endsWith(mailHtml)).toBe(true);
    const inside = page.frameLocator('details[data-case="case--AC-01--legacy"] iframe.mail-html');
    expect(await inside.locator('#kana').textContent()).toBe('ヤマダ タロウ');
    expect(await inside.locator('th').evaluate((th) => getComputedStyle(th).color)).toBe('rgb(255, 0, 0)');
    await page.waitForTimeout(500);
    // Nothing of the mail became markup of the report itself, ran, or fetched anything.
    expect(await page.locator('#outside').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.title()).toContain('Acceptance report');
    expect(requests.filter((url) => url.includes('tracker.example'))).toEqual([]);
    expect(page.frames().map((f) => f.url())).not.toContain('https://tracker.example/refresh');
  });

  it('prints the evidence open, with no interactive control needed', async () => {
    const { page } = await open();
    const mail = page.locator('details[data-case="case--AC-01--legacy"] .message h4').first();
    expect(await mail.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await mail.isVisible()).toBe(true);
  });

  it('notes a screenshot it cannot inline instead of pointing at a file outside the report', () => {
    const report = reportOf(RUNS.legacy);
    const page = renderReportHtml(report, { sha256: 'f'.repeat(64) });
    expect(page).toContain('Screenshot screenshots/AC-01-outcome.png was not found next to the report.');
    expect(page).not.toContain('<img');
  });
});
