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

beforeAll(async () => {
  const rules = parse(await readFile(join(REPO_ROOT, 'monitors/prometheus/alerts.rules.yml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert?: string }> }>;
  };
  alerts = [...new Set(rules.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : []))))];
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

  it('escape what they quote', () => {
    expect(renderRunbooks('## A\n\nx <b> & `y<z>`\n').html).toContain(
      '<p>x &lt;b&gt; &amp; <code>y&lt;z&gt;</code></p>',
    );
  });
});
