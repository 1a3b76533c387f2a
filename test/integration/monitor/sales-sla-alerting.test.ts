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
 * The sales SLA under a real Prometheus with the shipped sales-sla rules: `cutover monitor` on the
 * demo world's renewal build, real visitors posting the campaign page at 1800 an hour, and the
 * demo's sales team answering each lead it hears of from the sales inbox.
 *
 * Time is simulated by the calendar, not by a fake clock: the monitor file's business calendar is
 * open around the clock (every day 00:00–24:00, no holidays), so business time is wall time, and
 * the SLA is "1 business minute" — the sales team then answers within 6 s on average (a tenth of
 * the SLA, at most half of it), as a real team would within a tenth of "1 business day". The
 * rules' windows shrink with it: the breach rule's 2 h becomes 40 s, the `for:` clauses 0 s.
 * Weeks of history are a week's worth of seeded leads around this hour (the baseline's window).
 * Then `salesNotificationLost` pages the SLA breach, and `utmDroppedForRealVisitors` the
 * completeness of utm_source — and nothing any output shows names a visitor.
 */

const RULES_FILE = join(REPO_ROOT, 'monitors/prometheus/sales-sla.rules.yml');
const BREACHED = 'CutoverFirstResponseSlaBreached';
const COMPLETENESS = 'CutoverLeadFieldCompletenessCollapsed';

let dir: string;
let monitor: MonitorProcess;
let prometheus: PromServer;
let faults: string;
let metricsUrl: string;

function compressed(rules: string): string {
  return rules.replaceAll('[2h]', '[40s]').replace(/for: \d+m/g, 'for: 0s');
}

beforeAll(async () => {
  const rulesText = await readFile(RULES_FILE, 'utf8');
  dir = await mkdtemp(join(tmpdir(), 'cutover-sales-sla-'));
  const monitorFile = join(dir, 'renewal.yaml');
  await writeFile(
    monitorFile,
    [
      'target: renewal',
      'scenarios: [AC-01]',
      'interval: 8s',
      'sla: { submit: 10s, notification: 4s, crm: 10s }',
      'listen: 127.0.0.1:0',
      'watch:',
      '  count: [crm]',
      '  every: 2s',
      '  weeks: 1',
      '  sla:',
      '    firstResponse: { status: { field: hs_lead_status, initial: [NEW] }, within: 1 business minute }',
      '    scope: { field: lifecyclestage, outOfScope: [other] }',
      '    fields: [utm_source, phone]',
      '    calendar: { days: [mon, tue, wed, thu, fri, sat, sun], hours: "00:00-24:00", holidays: none, closed: [] }',
      '    every: 2s',
      '    window: 40s',
      '    lookbackDays: 1',
      '',
    ].join('\n'),
  );
  monitor = startMonitor([monitorFile, '--grace', '5s', '--real-traffic', '1800']);
  const listening = await monitor.waitForRecord((r) => r.event === 'listening', 120_000);
  const world = await monitor.waitForRecord((r) => r.event === 'demo-world', 120_000);
  faults = world.url!;
  metricsUrl = listening.url!;
  prometheus = await startPrometheus({
    configYaml: prometheusConfig({ ruleFiles: ['sales-sla.rules.yml'], scrape: new URL(metricsUrl).host }),
    extraFiles: { 'sales-sla.rules.yml': compressed(rulesText) },
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

/** Case runs that started at or after `since` (a record's time is its end). */
const casesSince = (since: number) =>
  monitor.records.filter(
    (r) => r.event === 'case' && Date.parse(String(r.time)) - Number(r.durationMs ?? 0) >= since,
  );

async function setFaults(patch: Record<string, boolean>): Promise<void> {
  const response = await fetch(faults, { method: 'POST', body: JSON.stringify(patch) });
  expect(response.status).toBe(200);
}

describe('the sales SLA under a real Prometheus, with the shipped rules', () => {
  it('usual work: leads answered within the SLA, utm_source complete, no SLA alert', async () => {
    await waitFor(
      async () =>
        (await value('sum(cutover_first_response_seconds_count)')) >= 10 &&
        (await value('cutover_lead_field_completeness_baseline{field="utm_source"}')) > 0.9,
      {
        what: '10 first responses observed and a completeness baseline',
        timeoutMs: 150_000,
        intervalMs: 1000,
      },
    );
    expect(await value('sum(cutover_first_response_breaches_total)')).toBe(0);
    expect(await value('cutover_lead_field_completeness{field="utm_source"}')).toBeGreaterThan(0.9);
    expect(await value('cutover_valid_inquiry_ratio')).toBeGreaterThan(0.5);
    const names = (await firing()).map((a) => a.labels.alertname);
    expect(names).not.toContain(BREACHED);
    expect(names).not.toContain(COMPLETENESS);
  }, 240_000);

  it('salesNotificationLost: first responses stop and the SLA breach pages, while the CRM check keeps passing', async () => {
    const lostAt = Date.now();
    await setFaults({ salesNotificationLost: true });
    const [alert] = await waitFor(
      async () => {
        const found = (await firing()).filter((a) => a.labels.alertname === BREACHED);
        return found.length > 0 ? found : undefined;
      },
      { what: `${BREACHED} firing`, timeoutMs: 180_000, intervalMs: 1000 },
    );
    expect(alert!.labels).toMatchObject({ target: 'renewal', severity: 'critical' });
    // The synthetic case: the form and the CRM fine, only the sales mail missing.
    const [after] = await waitFor(() => (casesSince(lostAt).length > 0 ? casesSince(lostAt) : undefined), {
      what: 'a synthetic case started after the fault',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const verdicts = Object.fromEntries(
      (after!.checks as Array<{ check: string; channel?: string; verdict: string }>)
        .filter((c) => c.channel === undefined)
        .map((c) => [c.check, c.verdict]),
    );
    expect(verdicts).toMatchObject({ submit: 'passed', crm: 'passed', notification: 'failed' });
    await fetch(faults, { method: 'DELETE' });
    // The next test starts on a clean slate: no case still running under this fault.
    const cleared = Date.now();
    await waitFor(() => casesSince(cleared).length > 0 || undefined, {
      what: 'a synthetic case after the fault cleared',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  }, 300_000);

  it('utmDroppedForRealVisitors: the completeness alert names utm_source while every synthetic case passes', async () => {
    const droppedAt = Date.now();
    await setFaults({ utmDroppedForRealVisitors: true });
    const [alert] = await waitFor(
      async () => {
        const found = (await firing()).filter((a) => a.labels.alertname === COMPLETENESS);
        return found.length > 0 ? found : undefined;
      },
      { what: `${COMPLETENESS} firing`, timeoutMs: 180_000, intervalMs: 1000 },
    );
    expect(alert!.labels).toMatchObject({ target: 'renewal', field: 'utm_source' });
    expect(
      (await firing()).filter((a) => a.labels.alertname === COMPLETENESS).map((a) => a.labels.field),
    ).toEqual(['utm_source']);
    await monitor.waitForRecord(
      (r) => r.event === 'case' && Date.parse(String(r.time)) > droppedAt + 2000,
      60_000,
    );
    const since = casesSince(droppedAt + 2000);
    expect(since.length).toBeGreaterThanOrEqual(1);
    expect(since.every((r) => r.verdict === 'passed')).toBe(true);
  }, 300_000);

  it('nothing personal leaves the process: no name, company, address, phone or record id in any output', async () => {
    const metrics = await (await fetch(metricsUrl)).text();
    const alerts = await (await fetch(`${prometheus.url}/api/v1/alerts`)).text();
    const watchLog = monitor.records
      .filter((r) => String(r.event).startsWith('watch'))
      .map((r) => JSON.stringify(r))
      .join('\n');
    const outputs = {
      log: monitor.records.map((r) => JSON.stringify(r)).join('\n'),
      stray: monitor.strayLines.join('\n'),
      stderr: monitor.stderr(),
      metrics,
      alerts,
    };
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
    // The visitors' phone numbers (03-XXXX-XXXX) and record ids appear in no watch output either
    // (the case lines are the synthetic cases' own, with their own ids).
    for (const [where, text] of Object.entries({ watchLog, metrics, alerts })) {
      expect(text, where).not.toMatch(/\b03-\d{4}-\d{4}\b/);
      expect(text, where).not.toMatch(/hs_object_id|"id":"?\d+/);
    }
    expect(watchLog).toContain('"event":"watch-sla"');
    expect(outputs.metrics).toContain('cutover_first_response_seconds_bucket{');
  });
});
