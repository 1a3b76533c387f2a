import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SharedBrowser } from '../../../src/browser/index.ts';
import type { LoadedScenario, MonitorDefinition } from '../../../src/config/index.ts';
import { scenarioSchema } from '../../../src/config/scenario.schema.ts';
import { MonitorMetrics } from '../../../src/monitor/metrics.ts';
import { createMonitor, type MonitorPlan } from '../../../src/monitor/monitor.ts';
import type { CaseResult } from '../../../src/scenario/case-result.ts';
import type { CaseRequest, CaseRunner } from '../../../src/scenario/case-runner.ts';

afterEach(() => {
  vi.useRealTimers();
});

const definition: MonitorDefinition = {
  target: 'renewal',
  scenarios: ['AC-01'],
  interval: 60_000,
  sla: {},
  errorRatioWindow: 12,
  listen: '127.0.0.1:0',
  production: false,
};
const plan: MonitorPlan = {
  file: 'monitors/x.yaml',
  definition,
  scenarios: [
    {
      file: 'scenarios/ac-01.yaml',
      value: scenarioSchema.parse({
        id: 'AC-01',
        title: 't',
        form: 'contact',
        input: {},
        expect: { submit: { outcome: 'accepted' }, notification: { within: '30s' } },
      }),
    } as unknown as LoadedScenario,
  ],
};
/** The config's defaults: AC-01's case may take 4 × 30 s (submit) + 30 s + 30 s + 2 s (notification) + 15 s. */
const defaults = {
  within: 120_000,
  absence: 15_000,
  caseTimeout: 600_000,
  submitTimeout: 30_000,
  settle: 2_000,
  grace: 30_000,
  lateArrivals: 0,
};

function passed(request: CaseRequest): CaseResult {
  const at = new Date().toISOString();
  return {
    scenario: { id: request.scenario.id, title: 't', tags: [] },
    target: { name: request.target, url: 'http://127.0.0.1', production: false },
    marker: 'ct-20261201-aaaaaa',
    email: 'qa+ct-20261201-aaaaaa@example.com',
    verdict: 'passed',
    startedAt: at,
    endedAt: at,
    durationMs: 1,
    checks: [
      {
        check: 'submit',
        verdict: 'passed',
        reason: '',
        details: [],
        findings: [],
        startedAt: at,
        endedAt: at,
      },
    ],
    cleanup: [],
  };
}

function runner(run: (request: CaseRequest) => Promise<CaseResult>): CaseRunner {
  return {
    run,
    probesOf: () => ({ notifications: [], analytics: [] }),
    sweepLate: async () => [],
    drainLate: async () => [],
    close: async () => {},
  };
}

function browser(get: () => Promise<never> | Promise<unknown>): SharedBrowser {
  return { get: get as SharedBrowser['get'], launches: 0, close: async () => {} };
}

function monitorWith(caseRunner: CaseRunner, shared: SharedBrowser) {
  const registry = new Registry();
  const metrics = new MonitorMetrics(registry);
  const log = vi.fn();
  const monitor = createMonitor({
    plans: [plan],
    runner: caseRunner,
    browser: shared,
    metricsFor: () => metrics,
    log,
    shutdownGraceMs: 1000,
    defaults,
  });
  return { monitor, registry, log };
}

describe('the monitor’s health', () => {
  it('is unhealthy, with the reason, while the browser cannot start; cutover_monitor_up is 0', async () => {
    const { monitor, registry, log } = monitorWith(
      runner(async (request) => passed(request)),
      browser(() => Promise.reject(new Error('chromium: not found'))),
    );
    await monitor.runOnce();
    expect(monitor.health()).toEqual({ healthy: false, targets: { renewal: 'the browser cannot start' } });
    expect(await registry.metrics()).toContain('cutover_monitor_up{target="renewal"} 0');
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'browser', message: 'the browser cannot start: chromium: not found' }),
    );
  });

  it('is busy, not stuck, while a cycle outlasts the interval within its case’s deadline; stuck past it', async () => {
    vi.useFakeTimers({ now: 0 });
    const { monitor } = monitorWith(
      runner(() => new Promise<CaseResult>(() => {})),
      browser(async () => ({})),
    );
    monitor.start();
    // Two intervals and more into one case (cycles skipped meanwhile): still within its 197 s deadline.
    await vi.advanceTimersByTimeAsync(180_000);
    expect(monitor.health()).toEqual({ healthy: true, targets: { renewal: 'ok' } });
    // Past the deadline and the 45 s its final read and cleanup may take: no case may run that long.
    await vi.advanceTimersByTimeAsync(70_000);
    expect(monitor.health()).toEqual({
      healthy: false,
      targets: { renewal: 'stuck: case AC-01 has run 250 s, past the 242 s its deadline and cleanup allow' },
    });
    void monitor.stop();
  });

  it('records every case of a cycle and the cycle itself', async () => {
    const seen: string[] = [];
    const { monitor, registry } = monitorWith(
      runner(async (request) => {
        seen.push(`${request.target} ${request.scenario.id}`);
        return passed(request);
      }),
      browser(async () => ({})),
    );
    const results = await monitor.runOnce();
    expect(seen).toEqual(['renewal AC-01']);
    expect(results).toHaveLength(1);
    const text = await registry.metrics();
    expect(text).toContain(
      'cutover_checks_total{target="renewal",scenario="AC-01",check="submit",result="passed"} 1',
    );
    expect(text).toContain('cutover_run_duration_seconds_count{target="renewal"} 1');
    expect(text).toContain('cutover_monitor_up{target="renewal"} 1');
  });
});
