import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isChromium,
  type MonitorProcess,
  type MonitorRecord,
  processInfo,
  startMonitor,
} from '../../support/monitor-process.ts';
import { waitFor } from '../../support/prometheus-tools.ts';

/**
 * What a production site and its vendors can throw at a long-running monitor: a throttling CRM,
 * a form answering 500, the browser killed under it. Each becomes a verdict; the loop keeps its
 * rhythm and the next cases pass again.
 */
let dir: string;
let monitor: MonitorProcess;
let faults: string;
let metricsUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-resilience-'));
  const file = join(dir, 'renewal.yaml');
  await writeFile(
    file,
    'target: renewal\nscenarios: [AC-01]\ninterval: 3s\nsla: { submit: 10s, notification: 10s, crm: 10s }\nlisten: 127.0.0.1:0\n',
  );
  monitor = startMonitor([file, '--grace', '5s']);
  metricsUrl = (await monitor.waitForRecord((r) => r.event === 'listening', 90_000)).url!;
  faults = (await monitor.waitForRecord((r) => r.event === 'demo-world', 90_000)).url!;
}, 120_000);

afterAll(async () => {
  await monitor?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cases = () => monitor.records.filter((r) => r.event === 'case');

async function nextCase(after: number, timeoutMs = 120_000): Promise<MonitorRecord> {
  return monitor.waitForRecord((r) => r.event === 'case' && cases().indexOf(r) >= after, timeoutMs);
}

async function passedAgain(): Promise<void> {
  const from = cases().length;
  await waitFor(
    () =>
      cases()
        .slice(from)
        .some((r) => r.verdict === 'passed'),
    {
      what: 'a passing case after the fault',
      timeoutMs: 120_000,
      intervalMs: 500,
    },
  );
}

describe('the monitor keeps going whatever the site and its vendors do', () => {
  it('a form that answers 500 is a failed submit, then the next cases pass again', async () => {
    await monitor.waitForRecord((r) => r.event === 'case' && r.verdict === 'passed', 120_000);
    await fetch(faults, { method: 'POST', body: JSON.stringify({ formError: true }) });
    const broken = await monitor.waitForRecord(
      (r) => r.event === 'case' && r.checks?.[0]?.verdict !== 'passed',
      120_000,
    );
    expect(broken.checks?.[0]).toMatchObject({ check: 'submit', verdict: 'failed' });
    await fetch(faults, { method: 'DELETE' });
    await passedAgain();
  }, 300_000);

  it('a CRM that throttles (429) is a verdict on the crm check, never a crash', async () => {
    const from = cases().length;
    await fetch(faults, { method: 'POST', body: JSON.stringify({ crmError: 429, crmErrorCount: 3 }) });
    const during = await nextCase(from);
    // The site may lose the record to the throttle (failed), the probe may wait it out (passed) or
    // give up reading (error): each is an answer, and the submit itself is untouched.
    expect(during.checks?.find((c) => c.check === 'submit')?.verdict).toBe('passed');
    expect(['passed', 'failed', 'error']).toContain(during.checks?.find((c) => c.check === 'crm')?.verdict);
    await fetch(faults, { method: 'DELETE' });
    await passedAgain();
  }, 300_000);

  it('the browser killed under it is relaunched and the next cases pass', async () => {
    const before = monitor.descendants().filter((p) => isChromium(p) && p.ppid === monitor.pid);
    expect(before.length).toBeGreaterThan(0);
    for (const browser of before) process.kill(browser.pid, 'SIGKILL');
    await passedAgain();
    const after = monitor.descendants().filter((p) => isChromium(p) && p.ppid === monitor.pid);
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((p) => before.some((b) => b.pid === p.pid && processInfo(p.pid)))).toBe(false);
    // The loop never stopped: /healthz is fine and cycles kept being counted.
    const health = await fetch(metricsUrl.replace(/metrics$/, 'healthz'));
    expect(health.status).toBe(200);
  }, 300_000);
});
