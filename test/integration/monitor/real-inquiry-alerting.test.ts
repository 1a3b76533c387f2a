import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANIES, FAMILY_NAMES, GIVEN_NAMES } from '../../../src/demo/index.ts';
import { type MonitorProcess, REPO_ROOT, startMonitor } from '../../support/monitor-process.ts';
import {
  type PromServer,
  prometheusConfig,
  query,
  startPrometheus,
  waitFor,
} from '../../support/prometheus-tools.ts';

/**
 * The real-inquiry watch under a real Prometheus with the shipped rules: `cutover monitor` on the
 * demo world's renewal build, its background visitors posting the campaign landing page at 1800
 * an hour (history seeded at the same rate). Then the campaign form breaks for real visitors
 * only: "real inquiries dropped" fires for the CRM and the inbox while every synthetic case keeps
 * passing — and nothing the monitor printed or exposed names any of the people.
 *
 * Time is compressed for the test: the rules' 2 h window becomes 40 s and their 15 m `for` 0 s
 * (at 1800 an hour, 40 s hold 20 inquiries: as many as 2 h at 10 an hour). Thresholds and
 * expressions are the shipped ones.
 */

const RULES_FILE = join(REPO_ROOT, 'monitors/prometheus/alerts.rules.yml');
const DROPPED = 'CutoverRealInquiriesDropped';

let dir: string;
let monitor: MonitorProcess;
let prometheus: PromServer;
let faults: string;
let metricsUrl: string;
let rulesText: string;

function compressed(rules: string): string {
  const [before, after] = rules.split(`alert: ${DROPPED}`);
  return `${before!.replaceAll('[2h]', '[40s]')}alert: ${DROPPED}${after!.replace('for: 15m', 'for: 0s')}`;
}

beforeAll(async () => {
  rulesText = await readFile(RULES_FILE, 'utf8');
  dir = await mkdtemp(join(tmpdir(), 'cutover-real-inquiries-'));
  const monitorFile = join(dir, 'renewal.yaml');
  await writeFile(
    monitorFile,
    [
      'target: renewal',
      'scenarios: [AC-01]',
      'interval: 8s',
      'sla: { submit: 10s, notification: 4s, crm: 10s }',
      'listen: 127.0.0.1:0',
      'watch: { count: [crm, notification], every: 2s, weeks: 2 }',
      '',
    ].join('\n'),
  );
  monitor = startMonitor([monitorFile, '--grace', '5s', '--real-traffic', '1800']);
  const listening = await monitor.waitForRecord((r) => r.event === 'listening', 120_000);
  const world = await monitor.waitForRecord((r) => r.event === 'demo-world', 120_000);
  faults = world.url!;
  metricsUrl = listening.url!;
  prometheus = await startPrometheus({
    configYaml: prometheusConfig({ ruleFiles: ['alerts.rules.yml'], scrape: new URL(metricsUrl).host }),
    extraFiles: { 'alerts.rules.yml': compressed(rulesText) },
  });
}, 180_000);

afterAll(async () => {
  await monitor?.dispose();
  await prometheus?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function value(expr: string): Promise<number> {
  const [sample] = await query(prometheus.url, expr);
  return sample?.value ?? 0;
}

async function firing(): Promise<Array<{ labels: Record<string, string>; state: string }>> {
  const response = await fetch(`${prometheus.url}/api/v1/alerts`);
  const body = (await response.json()) as {
    data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
  };
  return body.data.alerts.filter((a) => a.state === 'firing');
}

const syntheticCases = (since = 0) =>
  monitor.records.filter((r) => r.event === 'case' && Date.parse(String(r.time)) >= since);

describe('real inquiries under a real Prometheus, with the shipped rules', () => {
  it('usual traffic: counted in both systems, near the baseline, and the drop alert stays quiet', async () => {
    await waitFor(
      async () =>
        (await value('min(cutover_real_inquiries_total)')) >= 10 &&
        (await value('count(cutover_real_inquiries_baseline > 0)')) === 2,
      { what: '10 real inquiries counted in each system', timeoutMs: 150_000, intervalMs: 1000 },
    );
    // A full (compressed) window of counts before judging the rate.
    await new Promise((resolve) => setTimeout(resolve, 40_000));
    for (const source of ['crm', 'notification']) {
      const perHour = await value(`cutover:real_inquiries:per_hour_2h{source="${source}"}`);
      const baseline = await value(`cutover:real_inquiries_baseline:avg_2h{source="${source}"}`);
      expect({ source, near: perHour > 0.5 * baseline && baseline > 1000 }).toEqual({ source, near: true });
    }
    const rule = /alert: CutoverRealInquiriesDropped\n\s+expr: \|\n([\s\S]*?)\n\s+for:/.exec(
      compressed(rulesText),
    )![1]!;
    expect(await query(prometheus.url, rule)).toEqual([]);
    expect((await firing()).map((a) => a.labels.alertname)).not.toContain(DROPPED);
    expect(syntheticCases().length).toBeGreaterThanOrEqual(2);
    expect(syntheticCases().every((r) => r.verdict === 'passed')).toBe(true);
  }, 300_000);

  it('campaign form broken for real visitors: the drop alert fires for both systems while every synthetic case passes', async () => {
    const brokenAt = Date.now();
    const on = await fetch(faults, { method: 'POST', body: JSON.stringify({ campaignFormBroken: true }) });
    expect(on.status).toBe(200);
    const alerts = await waitFor(
      async () => {
        const dropped = (await firing()).filter((a) => a.labels.alertname === DROPPED);
        return dropped.length === 2 ? dropped : undefined;
      },
      { what: `${DROPPED} firing for crm and notification`, timeoutMs: 180_000, intervalMs: 1000 },
    );
    expect(alerts.map((a) => a.labels.source).sort()).toEqual(['crm', 'notification']);
    expect(alerts.every((a) => a.labels.target === 'renewal' && a.labels.severity === 'critical')).toBe(true);
    // The synthetic monitor walks /inquiry/, which still works: no synthetic alert, every case passed.
    await monitor.waitForRecord((r) => r.event === 'case' && Date.parse(String(r.time)) > brokenAt, 60_000);
    const since = syntheticCases(brokenAt);
    expect(since.length).toBeGreaterThanOrEqual(1);
    expect(since.every((r) => r.verdict === 'passed')).toBe(true);
    const names = (await firing()).map((a) => a.labels.alertname);
    expect(names).not.toContain('CutoverNotificationMissing');
    expect(names).not.toContain('CutoverCrmRecordMissing');
    expect(names).not.toContain('CutoverFormSubmitFailing');
  }, 300_000);

  it('nothing personal leaves the process: no name, company or address of the visitors in any output', async () => {
    const metrics = await (await fetch(metricsUrl)).text();
    const alerts = await (await fetch(`${prometheus.url}/api/v1/alerts`)).text();
    const outputs = {
      log: monitor.records.map((r) => JSON.stringify(r)).join('\n'),
      stray: monitor.strayLines.join('\n'),
      stderr: monitor.stderr(),
      metrics,
      alerts,
    };
    // The visitors' own words: names in kanji (JSON escapes none), companies, their mail domains.
    const personal = [
      ...FAMILY_NAMES,
      ...GIVEN_NAMES,
      ...COMPANIES.flatMap((c) => [c.name, c.domain]),
      '.example',
    ];
    const found = Object.entries(outputs).flatMap(([where, text]) =>
      personal.filter((word) => text.includes(word)).map((word) => `${where}: ${word}`),
    );
    expect(found).toEqual([]);
    // The outputs were really there to search: counts were logged and exposed.
    expect(outputs.log).toContain('"event":"watch-count"');
    expect(outputs.metrics).toContain('cutover_real_inquiries_total{target="renewal",source="crm"}');
  });
});
