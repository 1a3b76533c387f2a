import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeAllMonitors, type MonitorProcess, startMonitor } from '../../support/monitor-process.ts';
import {
  type MetricSample,
  type PromServer,
  parseMetrics,
  samplesOf,
  startPushgateway,
} from '../../support/prometheus-tools.ts';

/**
 * `cutover monitor --once --pushgateway`, the CronJob style: one cycle on the shipped config (the
 * command starts its own demo world) and the shipped monitor file, its metrics pushed to a real
 * Pushgateway and read back from the Pushgateway's own /metrics.
 */

let pushgateway: PromServer;

beforeAll(async () => {
  pushgateway = await startPushgateway();
});

afterEach(async () => {
  await disposeAllMonitors();
});

afterAll(async () => {
  await disposeAllMonitors();
  await pushgateway?.stop();
});

async function pushed(): Promise<MetricSample[]> {
  const response = await fetch(`${pushgateway.url}/metrics`);
  expect(response.status).toBe(200);
  return parseMetrics(await response.text());
}

describe('cutover monitor --once --pushgateway', () => {
  it('runs one cycle of the shipped monitor, pushes its metrics under job and target, exits 0', async () => {
    const monitor: MonitorProcess = startMonitor([
      'monitors/demo-renewal.yaml',
      '--once',
      '--pushgateway',
      pushgateway.url,
      '--json',
      '--external-url',
      'https://ops.example.com/cutover',
    ]);
    const exit = await monitor.exited;
    const report = monitor.summary();
    expect(exit, report).toEqual({ code: 0, signal: null });
    expect(monitor.strayLines, report).toEqual([]);
    const push = monitor.records.find((r) => r.event === 'pushed');
    expect(push, report).toBeDefined();
    expect(push?.target).toBe('renewal');
    expect(push?.url, report).toBe(`${pushgateway.url}/metrics/job/cutover/target/renewal`);
    const cases = monitor.records.filter((r) => r.event === 'case');
    expect(
      cases.map((c) => [c.scenario, c.verdict]),
      report,
    ).toEqual([
      ['AC-01', 'passed'],
      ['AC-03', 'passed'],
    ]);

    const samples = await pushed();
    const group = { job: 'cutover', target: 'renewal' };
    const one = (name: string, labels: Record<string, string>): number => {
      const found = samplesOf(samples, name, { ...group, ...labels });
      expect(found, `${name}${JSON.stringify(labels)} in the Pushgateway's /metrics`).toHaveLength(1);
      return found[0]!.value;
    };

    expect(one('cutover_submissions_total', { scenario: 'AC-01', outcome: 'accepted' })).toBe(1);
    expect(one('cutover_submissions_total', { scenario: 'AC-01', outcome: 'error' })).toBe(0);
    const main = { scenario: 'AC-01', check: 'notification', channel: '' };
    expect(one('cutover_checks_total', { ...main, result: 'passed' })).toBe(1);
    expect(one('cutover_checks_total', { ...main, result: 'failed' })).toBe(0);
    // The 自動返信 channel AC-01 checks too, under its own label.
    expect(one('cutover_checks_total', { ...main, channel: 'autoreply', result: 'passed' })).toBe(1);
    // Where the evidence of a failing run would be served, for alert links (the pages are elsewhere).
    expect(
      samplesOf(samples, 'cutover_monitor_info', {
        ...group,
        external_url: 'https://ops.example.com/cutover',
      }),
    ).toHaveLength(1);
    const lastRun = one('cutover_last_run_timestamp_seconds', {});
    expect(lastRun).toBeGreaterThan(0);
    expect(lastRun).toBeLessThanOrEqual(Date.now() / 1000 + 5);
    // The Pushgateway's own record of the push for this group.
    expect(one('push_time_seconds', {})).toBeGreaterThan(0);
    expect(samplesOf(samples, 'push_failure_time_seconds', group).map((s) => s.value)).toEqual([0]);
  }, 300_000);

  it('refuses --pushgateway without --once: exit 2, the message names --pushgateway, nothing starts', async () => {
    const before = await pushed();
    const monitor = startMonitor([
      'monitors/demo-renewal.yaml',
      '--pushgateway',
      pushgateway.url,
      '--listen',
      '127.0.0.1:0',
      '--json',
    ]);
    const exit = await monitor.exited;
    const report = monitor.summary();
    expect(exit, report).toEqual({ code: 2, signal: null });
    expect(monitor.stderr(), report).toContain('--pushgateway');
    // Nothing started: no monitor, no metrics server, no demo world, no case, no push.
    expect(
      monitor.records.map((r) => r.event),
      report,
    ).toEqual([]);
    const after = await pushed();
    expect(samplesOf(after, 'push_time_seconds')).toEqual(samplesOf(before, 'push_time_seconds'));
  }, 120_000);
});
