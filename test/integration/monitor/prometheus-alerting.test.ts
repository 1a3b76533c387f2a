import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type MonitorProcess, REPO_ROOT, startMonitor } from '../../support/monitor-process.ts';
import {
  type PromServer,
  prometheusConfig,
  query,
  startAlertmanager,
  startPrometheus,
  waitFor,
} from '../../support/prometheus-tools.ts';

/**
 * The whole on-call path, with real servers on 127.0.0.1: `cutover monitor` on the demo world's
 * renewal build, a real Prometheus scraping it every second with the shipped rules loaded, and a
 * real Alertmanager receiving what fires. Healthy world: no alert expression returns anything.
 * SMTP refused: the notification-missing alert fires and reaches Alertmanager. Fault off: it
 * resolves.
 */

const RULES_FILE = join(REPO_ROOT, 'monitors/prometheus/alerts.rules.yml');

interface RuleFile {
  groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

let dir: string;
let monitor: MonitorProcess;
let prometheus: PromServer;
let alertmanager: PromServer;
let faults: string;
let alertRules: Array<{ alert: string; expr: string }>;

beforeAll(async () => {
  const rulesText = await readFile(RULES_FILE, 'utf8');
  alertRules = (parse(rulesText) as RuleFile).groups
    .flatMap((g) => g.rules)
    .filter((r): r is { alert: string; expr: string } => typeof r.alert === 'string');

  dir = await mkdtemp(join(tmpdir(), 'cutover-prometheus-'));
  const monitorFile = join(dir, 'renewal.yaml');
  await writeFile(
    monitorFile,
    [
      'target: renewal',
      'scenarios: [AC-01]',
      // Longer than a passing cycle (~5 s): a healthy monitor skips nothing.
      'interval: 8s',
      'sla: { submit: 10s, notification: 4s, crm: 10s }',
      'listen: 127.0.0.1:0',
      '',
    ].join('\n'),
  );
  monitor = startMonitor([monitorFile, '--grace', '5s']);
  const listening = await monitor.waitForRecord((r) => r.event === 'listening', 90_000);
  const world = await monitor.waitForRecord((r) => r.event === 'demo-world', 90_000);
  faults = world.url!;
  const metrics = new URL(listening.url!);

  alertmanager = await startAlertmanager({
    configYaml: [
      'route:',
      '  receiver: on-call',
      '  group_by: [alertname, target, scenario]',
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: on-call',
      '',
    ].join('\n'),
  });
  prometheus = await startPrometheus({
    configYaml: prometheusConfig({
      ruleFiles: ['alerts.rules.yml'],
      scrape: metrics.host,
      alertmanager: new URL(alertmanager.url).host,
    }),
    extraFiles: { 'alerts.rules.yml': rulesText },
  });
}, 180_000);

afterAll(async () => {
  await monitor?.dispose();
  await prometheus?.stop();
  await alertmanager?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function firing(): Promise<Array<{ labels: Record<string, string>; state: string }>> {
  const response = await fetch(`${prometheus.url}/api/v1/alerts`);
  const body = (await response.json()) as {
    data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
  };
  return body.data.alerts;
}

async function inAlertmanager(): Promise<
  Array<{ labels: Record<string, string>; status: { state: string } }>
> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`);
  return (await response.json()) as Array<{ labels: Record<string, string>; status: { state: string } }>;
}

async function value(expr: string): Promise<number> {
  const [sample] = await query(prometheus.url, expr);
  return sample?.value ?? 0;
}

const NOTIFICATION_MISSING = 'CutoverNotificationMissing';

describe('the monitor under a real Prometheus and Alertmanager, with the shipped rules', () => {
  it('healthy world: cases pass, counters and histograms move, and no alert expression returns anything', async () => {
    await waitFor(
      async () =>
        (await value('sum(cutover_checks_total{check="notification",channel="",result="passed"})')) >= 2,
      { what: 'two passed notification checks scraped by Prometheus', timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(await value('up{job="cutover"}')).toBe(1);
    expect(
      await value('cutover_submissions_total{target="renewal",scenario="AC-01",outcome="accepted"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(await value('cutover_notification_delay_seconds_count{target="renewal"}')).toBeGreaterThanOrEqual(
      2,
    );
    expect(await value('cutover_crm_delay_seconds_count{target="renewal"}')).toBeGreaterThanOrEqual(2);
    expect(
      await value('cutover_last_success_timestamp_seconds{target="renewal",scenario="AC-01"}'),
    ).toBeGreaterThan(Date.now() / 1000 - 120);
    // Every alert's expression, evaluated now by Prometheus itself: nothing would fire.
    for (const rule of alertRules) {
      expect({ alert: rule.alert, result: await query(prometheus.url, rule.expr) }).toEqual({
        alert: rule.alert,
        result: [],
      });
    }
    expect(await firing()).toEqual([]);
    const cases = monitor.records.filter((r) => r.event === 'case');
    expect(cases.length).toBeGreaterThanOrEqual(2);
    expect(cases.every((r) => r.verdict === 'passed')).toBe(true);
  }, 180_000);

  it('SMTP refused: the notification-missing alert fires and reaches Alertmanager; fault off: it resolves', async () => {
    const on = await fetch(faults, { method: 'POST', body: JSON.stringify({ smtpRefused: true }) });
    expect(on.status).toBe(200);

    const alert = await waitFor(
      async () =>
        (await inAlertmanager()).find(
          (a) => a.labels.alertname === NOTIFICATION_MISSING && a.labels.target === 'renewal',
        ),
      { what: `${NOTIFICATION_MISSING} to reach Alertmanager`, timeoutMs: 150_000, intervalMs: 1000 },
    );
    expect(alert.labels).toMatchObject({ scenario: 'AC-01', severity: 'critical' });
    expect(alert.status.state).toBe('active');
    expect(
      await value('sum(cutover_checks_total{check="notification",result="failed"})'),
    ).toBeGreaterThanOrEqual(2);
    // The rest of the path still works: no CRM or analytics alert fires with the mail down.
    const names = (await firing()).filter((a) => a.state === 'firing').map((a) => a.labels.alertname);
    expect(names).toContain(NOTIFICATION_MISSING);
    expect(names).not.toContain('CutoverCrmRecordMissing');
    expect(names).not.toContain('CutoverAnalyticsEventMissing');
    const failed = monitor.records.filter(
      (r) =>
        r.event === 'case' && r.checks?.some((c) => c.check === 'notification' && c.verdict === 'failed'),
    );
    expect(failed.length).toBeGreaterThanOrEqual(2);

    const off = await fetch(faults, { method: 'DELETE' });
    expect(off.status).toBe(200);
    await waitFor(async () => !(await firing()).some((a) => a.labels.alertname === NOTIFICATION_MISSING), {
      what: `${NOTIFICATION_MISSING} to resolve in Prometheus`,
      timeoutMs: 120_000,
      intervalMs: 1000,
    });
    await waitFor(
      async () => !(await inAlertmanager()).some((a) => a.labels.alertname === NOTIFICATION_MISSING),
      { what: `${NOTIFICATION_MISSING} to resolve in Alertmanager`, timeoutMs: 60_000, intervalMs: 1000 },
    );
  }, 400_000);
});
