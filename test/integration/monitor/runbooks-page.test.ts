import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type MetricsServer, startMetricsServer } from '../../../src/monitor/metrics-server.ts';
import { renderRunbooks } from '../../../src/monitor/runbooks-page.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * The runbook every alert links to: a section of docs/runbooks.md (shipped in the package), served
 * by the monitor at /runbooks, each alert's at /runbooks/<AlertName> — the runbook_url the rules
 * build from the monitor's external URL.
 */

let server: MetricsServer;
let alerts: string[];
let runbookUrls: (readonly [string, string])[];

beforeAll(async () => {
  const files = ['alerts.rules.yml', 'sales-sla.rules.yml'];
  const rules = await Promise.all(
    files.map(
      async (file) =>
        parse(await readFile(join(REPO_ROOT, 'monitors/prometheus', file), 'utf8')) as {
          groups: Array<{ rules: Array<{ alert?: string; annotations?: Record<string, string> }> }>;
        },
    ),
  );
  const all = rules.flatMap((r) => r.groups.flatMap((g) => g.rules));
  alerts = [...new Set(all.flatMap((r) => (r.alert ? [r.alert] : [])))];
  runbookUrls = all.flatMap((r) => (r.alert ? [[r.alert, r.annotations?.runbook_url ?? ''] as const] : []));
  server = await startMetricsServer('127.0.0.1:0', {
    registry: new Registry(),
    health: () => ({ healthy: true, targets: {} }),
    token: 'a-token-the-runbooks-do-not-need',
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the runbooks', () => {
  it('have one section for every alert of the shipped rules, and none for an alert that is not there', async () => {
    const { alerts: sections } = renderRunbooks(await readFile(join(REPO_ROOT, 'docs/runbooks.md'), 'utf8'));
    expect([...sections].sort()).toEqual([...alerts].sort());
  });

  it('are linked from every alert of both shipped rule files by its own name', () => {
    for (const [alert, url] of runbookUrls) expect(url, alert).toContain(`/runbooks/${alert}{{`);
  });

  it('are served at /runbooks as one page, each section anchored by its alert name, without a token', async () => {
    const response = await fetch(`${server.url}/runbooks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    for (const alert of alerts) expect(html).toContain(`<h2 id="${alert}">${alert}</h2>`);
    expect(html).toContain('<code>npx cutover doctor</code>');
  });

  it('send /runbooks/<AlertName> to its section, and say which exist for an unknown one', async () => {
    const found = await fetch(`${server.url}/runbooks/CutoverCrmRecordWrong`, { redirect: 'manual' });
    expect(found.status).toBe(302);
    expect(found.headers.get('location')).toBe('/runbooks#CutoverCrmRecordWrong');
    const unknown = await fetch(`${server.url}/runbooks/CutoverNope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(
      /^no runbook for CutoverNope; the runbooks: \/runbooks \(CutoverFormSubmitFailing, /,
    );
  });

  it('exist in Japanese too (docs/runbooks.ja.md): exactly one section for every alert of both rule files, in Japanese', async () => {
    const markdown = await readFile(join(REPO_ROOT, 'docs/runbooks.ja.md'), 'utf8');
    const { alerts: sections, html } = renderRunbooks(markdown, 'ja');
    expect([...sections].sort()).toEqual([...alerts].sort());
    expect(new Set(sections).size).toBe(sections.length);
    expect(html).toContain('<html lang="ja">');
    // Every section says something in Japanese, not a copy of the English one.
    for (const part of markdown.split(/^## /m).slice(1)) {
      expect(part, part.split('\n')[0]).toMatch(/[\u3040-\u30ff]{4}/u);
    }
  });

  it('are served in Japanese for ?lang=ja and for a browser that prefers ja, and the section link keeps the language', async () => {
    const asked = await fetch(`${server.url}/runbooks?lang=ja`);
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain('<title>cutover 手順書</title>');
    expect(html).toContain('<h2 id="CutoverCrmRecordWrong">CutoverCrmRecordWrong</h2>');
    // A wrapped Japanese line joins without a space.
    expect(html).toContain(
      'CRM レコードは作成されましたが、内容が違います: プロパティ（会社名、UTM の値、電話番号）、または再送信で既存レコードが更新されなかった。',
    );

    const browser = await fetch(`${server.url}/runbooks`, {
      headers: { 'accept-language': 'ja,en-US;q=0.8' },
    });
    expect(await browser.text()).toContain('<html lang="ja">');
    const english = await fetch(`${server.url}/runbooks`, {
      headers: { 'accept-language': 'en-US,ja;q=0.5' },
    });
    expect(await english.text()).toContain('<html lang="en">');
    const forced = await fetch(`${server.url}/runbooks?lang=en`, { headers: { 'accept-language': 'ja' } });
    expect(await forced.text()).toContain('<html lang="en">');

    // What the Japanese Alertmanager templates link to: runbook_url + ?lang=ja.
    const section = await fetch(`${server.url}/runbooks/CutoverCrmRecordWrong?lang=ja`, {
      redirect: 'manual',
    });
    expect(section.status).toBe(302);
    expect(section.headers.get('location')).toBe('/runbooks?lang=ja#CutoverCrmRecordWrong');
  });

  it('ship in the package, in both languages', async () => {
    const files = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')).files as string[];
    expect(files).toEqual(expect.arrayContaining(['docs/runbooks.md', 'docs/runbooks.ja.md']));
  });

  it('escape what they quote', () => {
    expect(renderRunbooks('## A\n\nx <b> & `y<z>`\n').html).toContain(
      '<p>x &lt;b&gt; &amp; <code>y&lt;z&gt;</code></p>',
    );
  });
});
