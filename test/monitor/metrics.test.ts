import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counterOf, gaugeOf } from '../../src/monitor/instrument.ts';
import { METRICS, MonitorMetrics } from '../../src/monitor/metrics.ts';
import type { CaseResult, CheckName, Finding, Verdict } from '../../src/scenario/case-result.ts';

function caseResult(
  verdicts: Partial<Record<CheckName, Verdict>>,
  more: { outcome?: 'accepted' | 'rejected' | 'error'; delays?: Partial<Record<CheckName, number>> } = {},
): CaseResult {
  const at = '2026-12-01T10:00:00.000Z';
  const checks = (['submit', 'notification', 'crm', 'analytics'] as const).map((check) => ({
    check,
    verdict: verdicts[check] ?? 'passed',
    reason: '',
    details: [],
    findings: [],
    startedAt: at,
    endedAt: at,
    delayMs: more.delays?.[check],
    evidence:
      check === 'submit'
        ? {
            kind: 'submit' as const,
            outcome: more.outcome ?? 'accepted',
            url: 'http://127.0.0.1/thanks',
            fieldErrors: [],
            durationMs: 1500,
            submissions: 1,
          }
        : undefined,
  }));
  const bad = checks.some((c) => c.verdict === 'failed' || c.verdict === 'error');
  return {
    scenario: { id: 'AC-01', title: 't', tags: [] },
    target: { name: 'renewal', url: 'http://127.0.0.1', production: false },
    marker: 'ct-20261201-abcdef',
    email: 'qa+ct-20261201-abcdef@example.com',
    verdict: bad ? 'failed' : 'passed',
    startedAt: at,
    endedAt: at,
    durationMs: 5000,
    checks,
    cleanup: [
      { system: 'notification', probe: 'mailpit', id: 'm1', result: 'deleted' },
      { system: 'crm', probe: 'hubspot', id: 'c1', result: 'failed', reason: 'CRM down' },
    ],
  };
}

async function seriesValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  if (!found) throw new Error(`no series ${name}${JSON.stringify(labels)}`);
  return found.value;
}

function declared() {
  const registry = new Registry();
  const metrics = new MonitorMetrics(registry);
  metrics.declare({
    target: 'renewal',
    scenarios: ['AC-01', 'AC-03'],
    intervalSeconds: 300,
    errorRatioWindow: 4,
  });
  return { registry, metrics };
}

describe('the monitor metrics', () => {
  it('shows every target × scenario series at zero before anything ran', async () => {
    const { registry } = declared();
    const text = await registry.metrics();
    for (const scenario of ['AC-01', 'AC-03']) {
      for (const outcome of ['accepted', 'rejected', 'error']) {
        expect(text).toContain(
          `cutover_submissions_total{target="renewal",scenario="${scenario}",outcome="${outcome}"} 0`,
        );
      }
      expect(text).toContain(
        `cutover_checks_total{target="renewal",scenario="${scenario}",check="notification",result="failed"} 0`,
      );
      expect(text).toContain(`cutover_error_ratio{target="renewal",scenario="${scenario}"} 0`);
      expect(text).toContain(
        `cutover_notification_delay_seconds_count{target="renewal",scenario="${scenario}"} 0`,
      );
      expect(text).toContain(
        `cutover_last_success_timestamp_seconds{target="renewal",scenario="${scenario}"} 0`,
      );
    }
    expect(text).toContain('cutover_monitor_skipped_runs_total{target="renewal"} 0');
    expect(text).toContain('cutover_monitor_interval_seconds{target="renewal"} 300');
    expect(text).toContain('cutover_cleanup_total{target="renewal",system="crm",result="left"} 0');
  });

  it('counts a case run: submission outcome, every verdict, delays in seconds, cleanup deleted and left', async () => {
    const { registry, metrics } = declared();
    metrics.recordCase(caseResult({ crm: 'failed' }, { delays: { notification: 1200, crm: 61_000 } }));
    const labels = { target: 'renewal', scenario: 'AC-01' };
    expect(await seriesValue(registry, 'cutover_submissions_total', { ...labels, outcome: 'accepted' })).toBe(
      1,
    );
    expect(
      await seriesValue(registry, 'cutover_checks_total', { ...labels, check: 'crm', result: 'failed' }),
    ).toBe(1);
    expect(
      await seriesValue(registry, 'cutover_checks_total', {
        ...labels,
        check: 'notification',
        result: 'passed',
      }),
    ).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain(
      'cutover_notification_delay_seconds_bucket{le="1",target="renewal",scenario="AC-01"} 0',
    );
    expect(text).toContain(
      'cutover_notification_delay_seconds_bucket{le="2",target="renewal",scenario="AC-01"} 1',
    );
    expect(text).toContain('cutover_notification_delay_seconds_sum{target="renewal",scenario="AC-01"} 1.2');
    expect(text).toContain('cutover_crm_delay_seconds_bucket{le="60",target="renewal",scenario="AC-01"} 0');
    expect(text).toContain('cutover_crm_delay_seconds_bucket{le="120",target="renewal",scenario="AC-01"} 1');
    expect(text).toContain('cutover_submit_duration_seconds_sum{target="renewal",scenario="AC-01"} 1.5');
    expect(text).toContain(
      'cutover_cleanup_total{target="renewal",system="notification",result="deleted"} 1',
    );
    expect(text).toContain('cutover_cleanup_total{target="renewal",system="crm",result="left"} 1');
    // A failed case is no success.
    expect(text).toContain('cutover_last_success_timestamp_seconds{target="renewal",scenario="AC-01"} 0');
  });

  it('counts an expected rejection as a rejected submission, and a site error as an error', async () => {
    const { registry, metrics } = declared();
    metrics.recordCase(caseResult({}, { outcome: 'rejected' }));
    metrics.recordCase(caseResult({ submit: 'failed' }, { outcome: 'error' }));
    const labels = { target: 'renewal', scenario: 'AC-01' };
    expect(await seriesValue(registry, 'cutover_submissions_total', { ...labels, outcome: 'rejected' })).toBe(
      1,
    );
    expect(await seriesValue(registry, 'cutover_submissions_total', { ...labels, outcome: 'error' })).toBe(1);
  });

  it('counts failing runs of a check in a row, by result, back to 0 on a pass', async () => {
    const { registry, metrics } = declared();
    const run = (check: 'failed' | 'error') =>
      seriesValue(registry, 'cutover_check_consecutive_failures', {
        target: 'renewal',
        scenario: 'AC-01',
        check: 'notification',
        result: check,
      });
    expect(await run('failed')).toBe(0);
    metrics.recordCase(caseResult({ notification: 'failed' }));
    metrics.recordCase(caseResult({ notification: 'failed' }));
    metrics.recordCase(caseResult({ notification: 'error' }));
    expect([await run('failed'), await run('error')]).toEqual([2, 1]);
    metrics.recordCase(caseResult({ notification: 'skipped' }));
    expect([await run('failed'), await run('error')]).toEqual([2, 1]);
    metrics.recordCase(caseResult({}));
    expect([await run('failed'), await run('error')]).toEqual([0, 0]);
  });

  it('keeps the error ratio over the last N case runs only', async () => {
    const { registry, metrics } = declared();
    const ratio = () =>
      seriesValue(registry, 'cutover_error_ratio', { target: 'renewal', scenario: 'AC-01' });
    metrics.recordCase(caseResult({ notification: 'failed' }));
    expect(await ratio()).toBe(1);
    metrics.recordCase(caseResult({}));
    expect(await ratio()).toBe(0.5);
    metrics.recordCase(caseResult({ crm: 'error' }));
    metrics.recordCase(caseResult({}));
    expect(await ratio()).toBe(0.5);
    // Window of 4: the first failure drops out.
    metrics.recordCase(caseResult({}));
    expect(await ratio()).toBe(0.25);
  });

  it('sets the last success time only when every check passed', async () => {
    const { registry, metrics } = declared();
    metrics.recordCase(caseResult({}));
    expect(
      await seriesValue(registry, 'cutover_last_success_timestamp_seconds', {
        target: 'renewal',
        scenario: 'AC-01',
      }),
    ).toBe(Date.parse('2026-12-01T10:00:00.000Z') / 1000);
  });

  it('records cycles and skipped cycles per target', async () => {
    const { registry, metrics } = declared();
    metrics.recordCycle('renewal', 12_500, new Date('2026-12-01T10:05:00Z'));
    metrics.recordSkipped('renewal');
    expect(await seriesValue(registry, 'cutover_last_run_timestamp_seconds', { target: 'renewal' })).toBe(
      Date.parse('2026-12-01T10:05:00Z') / 1000,
    );
    expect(await seriesValue(registry, 'cutover_monitor_skipped_runs_total', { target: 'renewal' })).toBe(1);
    expect(await registry.metrics()).toContain('cutover_run_duration_seconds_sum{target="renewal"} 12.5');
  });
});

/** A run whose `check` failed with these findings (the reason as the check renders it). */
function failing(
  check: CheckName,
  findings: Finding[],
  reason: string,
  marker = 'ct-20261201-abcdef',
): CaseResult {
  const result = caseResult({ [check]: 'failed' });
  const email = `qa+${marker}@example.com`;
  return {
    ...result,
    marker,
    email,
    checks: result.checks.map((c) =>
      c.check === check ? { ...c, findings, reason: reason.replaceAll('{email}', email) } : c,
    ),
  };
}

const WRONG_COMPANY: Finding = {
  aspect: 'fields.company',
  kind: 'differs',
  expected: '株式会社サンプル',
  actual: '(株)サンプル',
};

async function failureInfo(registry: Registry) {
  const metric = registry.getSingleMetric('cutover_check_failure_info');
  return (await metric!.get()).values.map(
    (v): Record<string, string | number | undefined> => ({ ...v.labels, value: v.value }),
  );
}

describe('what a failing check reports to on-call', () => {
  it('one info series per failing check, naming its kind and its finding; gone when the check passes', async () => {
    const { registry, metrics } = declared();
    expect(await failureInfo(registry)).toEqual([]);
    metrics.recordCase(
      failing('crm', [WRONG_COMPANY], 'CRM company: expected "株式会社サンプル", got "(株)サンプル"'),
    );
    expect(await failureInfo(registry)).toEqual([
      {
        target: 'renewal',
        scenario: 'AC-01',
        check: 'crm',
        channel: '',
        kind: 'wrong',
        finding: 'CRM company: expected "株式会社サンプル", got "(株)サンプル"',
        value: 1,
      },
    ]);
    // The next run's marker and address do not make a new series: they are replaced.
    const missing: Finding = {
      aspect: 'records.count',
      kind: 'missing',
      expected: '1',
      actual: '0',
      withinMs: 120_000,
    };
    metrics.recordCase(
      failing('crm', [missing], 'no CRM record for {email} within 2 min', 'ct-20261201-999999'),
    );
    metrics.recordCase(
      failing('crm', [missing], 'no CRM record for {email} within 2 min', 'ct-20261201-777777'),
    );
    expect(await failureInfo(registry)).toEqual([
      expect.objectContaining({
        check: 'crm',
        kind: 'missing',
        finding: 'no CRM record for {email} within 2 min',
      }),
    ]);
    // An error says nothing of the site: the failure stays, the error is added.
    metrics.recordCase({
      ...caseResult({ crm: 'error' }),
      checks: caseResult({ crm: 'error' }).checks.map((c) =>
        c.check === 'crm' ? { ...c, reason: 'HubSpot answered 401 (token [secret HUBSPOT_TOKEN])' } : c,
      ),
    });
    expect((await failureInfo(registry)).map((s) => s.kind).sort()).toEqual(['error', 'missing']);
    metrics.recordCase(caseResult({}));
    expect(await failureInfo(registry)).toEqual([]);
  });

  it('keeps the finding one line, bounded, without secrets', async () => {
    const registry = new Registry();
    const metrics = new MonitorMetrics(registry, {
      redact: (text) => text.replaceAll('s3cr3t', '[secret T]'),
    });
    metrics.declare({ target: 'renewal', scenarios: ['AC-01'], intervalSeconds: 60 });
    const field: Finding = {
      aspect: `fields.${'長'.repeat(300)}`,
      kind: 'differs',
      expected: 'x',
      actual: 'y',
    };
    const secret: Finding = { aspect: 'body', kind: 'differs', expected: 'x', actual: 's3cr3t\nline two' };
    metrics.recordCase(failing('notification', [secret, field], ''));
    const [info] = await failureInfo(registry);
    // Every finding named (the reason's "and N more: …"), and still bounded.
    expect(info?.finding).toMatch(
      /^notification body: expected "x", got "\[secret T\]\\nline two"; and 1 more: 長+…$/,
    );
    metrics.recordCase(failing('notification', [field], ''));
    const [long] = await failureInfo(registry);
    expect(long?.finding).toMatch(/^notification 長+…$/);
    expect(String(long?.finding).length).toBe(200);
  });
});

describe('isolated failures: what flaky looks like, and what it does not', () => {
  const run = (failed: CheckName[]) =>
    caseResult(Object.fromEntries(failed.map((c) => [c, 'failed' as const])));
  async function isolatedAfter(sequence: CheckName[][]): Promise<number> {
    const registry = new Registry();
    const metrics = new MonitorMetrics(registry);
    metrics.declare({ target: 'renewal', scenarios: ['AC-01'], intervalSeconds: 60, errorRatioWindow: 12 });
    for (const failed of sequence) metrics.recordCase(run(failed));
    return seriesValue(registry, 'cutover_isolated_failures', { target: 'renewal', scenario: 'AC-01' });
  }
  const ok: CheckName[] = [];
  const mail: CheckName[] = ['notification'];
  const crm: CheckName[] = ['crm'];

  it('a sustained fault that was fixed counts nothing', async () => {
    expect(await isolatedAfter([ok, ok, mail, mail, mail, mail, ok, ok])).toBe(0);
  });

  it('a fix, then the first failures of a new fault, count nothing', async () => {
    expect(await isolatedAfter([ok, mail, mail, mail, ok, ok, crm])).toBe(0);
    expect(await isolatedAfter([ok, mail, mail, mail, ok, crm, crm])).toBe(0);
  });

  it('failures that come and go count, one per failing check and run, within the window', async () => {
    expect(await isolatedAfter([ok, mail, ok, mail, ok, mail, ok])).toBe(3);
    // A different check failing each run: no check ever fails twice in a row.
    expect(await isolatedAfter([ok, mail, crm, mail, crm, ok])).toBe(4);
    // The last run cannot be told yet: a failure still going on.
    expect(await isolatedAfter([ok, mail, ok, mail])).toBe(1);
    // Window of 12: failures older than the last 12 runs drop out.
    expect(await isolatedAfter([ok, mail, ok, mail, ok, ...Array(11).fill(ok)])).toBe(0);
  });
});

describe('instruments built from METRICS', () => {
  // tsc checks the @ts-expect-error lines (npm run typecheck covers test/): were a wrong label name
  // or a wrong kind of entry accepted, the unused directive would itself fail the typecheck.
  it('take only the label names the table gives: another fails to compile, and prom-client refuses it', () => {
    const submissions = counterOf(METRICS.submissions, new Registry());
    // @ts-expect-error targte is no label of cutover_submissions_total
    expect(() => submissions.inc({ targte: 'x' })).toThrow(/targte/);
  });

  it('are built only from their own kind of entry, which prom-client alone would not notice', () => {
    // @ts-expect-error cutover_submissions_total is a counter, not a gauge
    expect(() => gaugeOf(METRICS.submissions, new Registry())).not.toThrow();
  });
});
