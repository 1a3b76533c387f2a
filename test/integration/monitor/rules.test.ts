import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRICS, type MetricSpec } from '../../../src/monitor/metrics.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * The shipped Prometheus rules, Alertmanager config and Grafana dashboard (monitors/) against
 * promtool and against the metric contract in src/monitor/metrics.ts.
 */

const ROOT = REPO_ROOT;
const RULES = 'monitors/prometheus/alerts.rules.yml';
/** At the shipped 30 s evaluation interval, and a 1 s monitor evaluated every second. */
const RULE_TESTS = ['monitors/prometheus/alerts.test.yml', 'monitors/prometheus/alerts-1s.test.yml'];
const PROMETHEUS_CONFIG = 'monitors/prometheus/prometheus.yml';
const ALERTMANAGER_CONFIG = 'monitors/alertmanager/alertmanager.yml';
const DASHBOARD = 'monitors/grafana/cutover-dashboard.json';
const INSTALL_HINT =
  'apt-get install --no-install-recommends prometheus (or run npx cutover doctor --install --tests)';

const REQUIRED_ALERTS = [
  'CutoverFormSubmitFailing',
  'CutoverNotificationMissing',
  'CutoverNotificationWrong',
  'CutoverNotificationLate',
  'CutoverNotificationUnexpected',
  'CutoverNotificationDuplicate',
  'CutoverNotificationSlow',
  'CutoverCrmRecordMissing',
  'CutoverCrmRecordWrong',
  'CutoverCrmRecordLate',
  'CutoverCrmRecordUnexpected',
  'CutoverCrmRecordDuplicate',
  'CutoverAnalyticsEventMissing',
  'CutoverAnalyticsEventWrong',
  'CutoverAnalyticsEventUnexpected',
  'CutoverAnalyticsEventDuplicate',
  'CutoverScenarioFlaky',
  'CutoverProbeErrors',
  'CutoverMonitorStale',
  'CutoverMonitorDown',
  'CutoverRealInquiriesDropped',
];

const DELAY_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];
const DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

/** The metric contract of the design: what the rules, the dashboard and the README rely on. */
const CONTRACT: Array<Pick<MetricSpec, 'name' | 'type' | 'labels' | 'buckets'>> = [
  { name: 'cutover_submissions_total', type: 'counter', labels: ['target', 'scenario', 'outcome'] },
  {
    name: 'cutover_checks_total',
    type: 'counter',
    labels: ['target', 'scenario', 'check', 'channel', 'result'],
  },
  { name: 'cutover_error_ratio', type: 'gauge', labels: ['target', 'scenario'] },
  { name: 'cutover_isolated_failures', type: 'gauge', labels: ['target', 'scenario'] },
  {
    name: 'cutover_check_failure_info',
    type: 'gauge',
    labels: ['target', 'scenario', 'check', 'channel', 'kind', 'finding'],
  },
  {
    name: 'cutover_check_consecutive_failures',
    type: 'gauge',
    labels: ['target', 'scenario', 'check', 'channel', 'result'],
  },
  {
    name: 'cutover_notification_delay_seconds',
    type: 'histogram',
    labels: ['target', 'scenario', 'channel'],
    buckets: DELAY_BUCKETS,
  },
  {
    name: 'cutover_crm_delay_seconds',
    type: 'histogram',
    labels: ['target', 'scenario'],
    buckets: DELAY_BUCKETS,
  },
  {
    name: 'cutover_submit_duration_seconds',
    type: 'histogram',
    labels: ['target', 'scenario'],
    buckets: DURATION_BUCKETS,
  },
  { name: 'cutover_run_duration_seconds', type: 'histogram', labels: ['target'], buckets: DURATION_BUCKETS },
  { name: 'cutover_last_run_timestamp_seconds', type: 'gauge', labels: ['target'] },
  { name: 'cutover_last_success_timestamp_seconds', type: 'gauge', labels: ['target', 'scenario'] },
  { name: 'cutover_monitor_skipped_runs_total', type: 'counter', labels: ['target'] },
  { name: 'cutover_cleanup_total', type: 'counter', labels: ['target', 'system', 'result'] },
  { name: 'cutover_monitor_interval_seconds', type: 'gauge', labels: ['target'] },
  { name: 'cutover_monitor_up', type: 'gauge', labels: ['target'] },
  { name: 'cutover_monitor_info', type: 'gauge', labels: ['version', 'external_url'] },
  { name: 'cutover_real_inquiries_total', type: 'counter', labels: ['target', 'source'] },
  { name: 'cutover_real_inquiries_baseline', type: 'gauge', labels: ['target', 'source'] },
  {
    name: 'cutover_real_inquiries_counted_until_timestamp_seconds',
    type: 'gauge',
    labels: ['target', 'source'],
  },
  { name: 'cutover_real_inquiries_window_seconds', type: 'gauge', labels: ['target'] },
  // The sales SLA watch (watch.sla): monitors/prometheus/sales-sla.rules.yml.
  {
    name: 'cutover_first_response_seconds',
    type: 'histogram',
    labels: ['target', 'source'],
    buckets: [900, 1800, 3600, 7200, 14400, 28800, 32400, 57600, 64800, 97200, 162000],
  },
  { name: 'cutover_first_response_breaches_total', type: 'counter', labels: ['target', 'source'] },
  { name: 'cutover_leads_awaiting_response', type: 'gauge', labels: ['target', 'age'] },
  { name: 'cutover_leads_overdue', type: 'gauge', labels: ['target'] },
  { name: 'cutover_oldest_unworked_lead_business_seconds', type: 'gauge', labels: ['target'] },
  { name: 'cutover_first_response_sla_seconds', type: 'gauge', labels: ['target'] },
  { name: 'cutover_valid_inquiry_ratio', type: 'gauge', labels: ['target'] },
  { name: 'cutover_valid_inquiry_ratio_baseline', type: 'gauge', labels: ['target'] },
  { name: 'cutover_sla_window_leads', type: 'gauge', labels: ['target'] },
  { name: 'cutover_lead_field_completeness', type: 'gauge', labels: ['target', 'field'] },
  { name: 'cutover_lead_field_completeness_baseline', type: 'gauge', labels: ['target', 'field'] },
  { name: 'cutover_sla_read_until_timestamp_seconds', type: 'gauge', labels: ['target'] },
];

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

interface RuleTestFile {
  rule_files: string[];
  tests: Array<{
    name?: string;
    promql_expr_test?: Array<{ expr: string }>;
    alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }>;
  }>;
}

const specs: MetricSpec[] = Object.values(METRICS);
const byName = new Map(specs.map((spec) => [spec.name, spec]));

function read(file: string): string {
  return readFileSync(resolve(ROOT, file), 'utf8');
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `$ ${command} ${args.join(' ')}\n${stdout}${stderr}`;
      if (!error) return done({ code: 0, output });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return fail(new Error(`${command} is not installed (not on PATH). Install it: ${INSTALL_HINT}`));
      }
      done({ code: typeof error.code === 'number' ? error.code : 1, output });
    });
  });
}

/**
 * Metric names an expression reads: identifiers starting with cutover_ (recording rules, with a
 * colon, are not metrics), outside string literals, with a histogram's _bucket/_sum/_count
 * suffix mapped to the histogram.
 */
function metricsIn(expr: string): string[] {
  const bare = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const [token] of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    if (token.includes(':') || !/^cutover_[a-z_]+$/.test(token)) continue;
    const base = /^(.*)_(bucket|sum|count)$/.exec(token)?.[1];
    names.add(base && byName.get(base)?.type === 'histogram' ? base : token);
  }
  return [...names];
}

function rules(file = RULES): Rule[] {
  return (parse(read(file)) as RuleFile).groups.flatMap((group) => group.rules);
}

/** Every PromQL expression of the dashboard: panel targets and template-variable queries. */
function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(read(DASHBOARD)) as {
    panels: Array<{ targets?: Array<{ expr?: string }> }>;
    templating: { list: Array<{ type: string; query?: string | { query?: string } }> };
  };
  const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr ?? ''));
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (query) exprs.push(query);
  }
  return exprs.filter((expr) => expr.length > 0);
}

describe('promtool', () => {
  it('accepts the rules', async () => {
    const result = await run('promtool', ['check', 'rules', RULES]);
    expect(result.code, result.output).toBe(0);
  });

  it('passes the rule unit tests', async () => {
    const result = await run('promtool', ['test', 'rules', ...RULE_TESTS]);
    expect(result.code, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(RULE_TESTS.length);
  });

  it('accepts the example Prometheus config and the rule files it names', async () => {
    const result = await run('promtool', ['check', 'config', PROMETHEUS_CONFIG]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('2 rule files found');
  });
});

describe('the alert rules', () => {
  it('only read metrics that src/monitor/metrics.ts exports', () => {
    const unknown = rules().flatMap((rule) =>
      metricsIn(rule.expr)
        .filter((name) => !byName.has(name))
        .map((name) => `${rule.alert ?? rule.record}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('read the metric contract at all (the extraction works)', () => {
    const used = new Set(rules().flatMap((rule) => metricsIn(rule.expr)));
    expect(used).toContain('cutover_check_consecutive_failures');
    expect(used).toContain('cutover_notification_delay_seconds');
    expect(used).toContain('cutover_run_duration_seconds');
    expect(metricsIn('rate(cutover_crm_delay_seconds_bucket{le="+Inf"}[5m]) > cutover:x:y')).toEqual([
      'cutover_crm_delay_seconds',
    ]);
  });

  it('has the two groups and every required alert', () => {
    const file = parse(read(RULES)) as RuleFile;
    expect(file.groups.map((group) => group.name)).toEqual(['cutover.rules', 'cutover.alerts']);
    expect(file.groups[0]!.rules.every((rule) => rule.record !== undefined)).toBe(true);
    expect(file.groups[1]!.rules.every((rule) => rule.alert !== undefined)).toBe(true);
    const alerts = new Set(rules().map((rule) => rule.alert));
    for (const name of REQUIRED_ALERTS) expect(alerts, name).toContain(name);
  });

  it('give every alert a severity, a summary naming the target, a description and a one-line runbook', () => {
    for (const rule of rules().filter((r) => r.alert)) {
      const where = `${rule.alert} (${rule.expr.trim().split('\n')[0]})`;
      expect(['critical', 'warning'], where).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, where).toMatch(/\{\{[^}]*\$labels\.target\b[^}]*\}\}/);
      expect(rule.annotations?.description?.trim(), where).toBeTruthy();
      expect(rule.annotations?.runbook?.trim(), where).toBeTruthy();
      expect(rule.annotations?.runbook, where).not.toContain('\n');
      if (/scenario/.test(rule.expr) || /cutover_check_consecutive_failures/.test(rule.expr)) {
        expect(rule.annotations?.summary, where).toMatch(/\{\{[^}]*\$labels\.scenario\b[^}]*\}\}/);
        // The way to what the monitor saw: its last failing run of the scenario.
        expect(rule.annotations?.evidence_url, where).toContain(
          '/runs/latest?target={{ $labels.target | urlquery }}&scenario={{ $labels.scenario | urlquery }}&verdict=failed',
        );
      }
      // The runbook from the monitor's own /runbooks page (the package's docs/runbooks.md), not a repo path.
      expect(rule.annotations?.runbook_url, where).toContain(`/runbooks/${rule.alert}{{`);
      expect(rule.annotations?.runbook_url, where).toContain('cutover_monitor_info');
    }
  });

  it('page per check and kind: the summary says the kind, the finding comes with it', () => {
    const checkAlerts = rules().filter((r) => r.alert && /cutover_check_consecutive_failures/.test(r.expr));
    for (const rule of checkAlerts.filter((r) => r.labels?.kind)) {
      const kind = rule.labels!.kind!;
      expect(rule.alert!.toLowerCase(), rule.alert).toContain(kind);
      expect(rule.annotations?.summary, rule.alert).toContain(` ${kind} for `);
      expect(rule.annotations?.finding, rule.alert).toContain('cutover_check_failure_info');
    }
    const kinds = (check: string) =>
      checkAlerts.filter((r) => r.expr.includes(`check="${check}"`)).map((r) => r.labels?.kind);
    expect(kinds('notification')).toEqual(['missing', 'wrong', 'late', 'unexpected', 'duplicate']);
    expect(kinds('crm')).toEqual(['missing', 'wrong', 'late', 'unexpected', 'duplicate']);
    expect(kinds('analytics')).toEqual(['missing', 'wrong', 'unexpected', 'duplicate']);
  });

  it('are all exercised by the rule tests: each recording rule evaluated, each alert firing and quiet', () => {
    const files = RULE_TESTS.map((file) => parse(read(file)) as RuleTestFile);
    for (const file of files) expect(file.rule_files).toEqual(['alerts.rules.yml']);
    const groups = files.flatMap((file) => file.tests);
    const exprs = groups.flatMap((t) => (t.promql_expr_test ?? []).map((c) => c.expr));
    const alertCases = groups.flatMap((t) => t.alert_rule_test ?? []);
    for (const rule of rules()) {
      if (rule.record) {
        const recorded = rule.record;
        expect(
          exprs.some((expr) => expr.includes(recorded)),
          `${recorded} has no promql_expr_test`,
        ).toBe(true);
      }
      if (rule.alert) {
        const cases = alertCases.filter((c) => c.alertname === rule.alert);
        expect(
          cases.some((c) => (c.exp_alerts ?? []).length > 0),
          `${rule.alert} is never tested firing`,
        ).toBe(true);
        expect(
          cases.some((c) => (c.exp_alerts ?? []).length === 0),
          `${rule.alert} is never tested quiet`,
        ).toBe(true);
      }
    }
  });
});

describe('the Alertmanager example', () => {
  it('routes critical and warning, groups by target and scenario, and inhibits only known alerts', () => {
    const config = parse(read(ALERTMANAGER_CONFIG)) as {
      route: { group_by: string[]; routes: Array<{ matchers: string[]; receiver: string }> };
      receivers: Array<{ name: string; email_configs?: unknown[]; slack_configs?: unknown[] }>;
      inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[] }>;
    };
    expect(config.route.group_by).toEqual(['alertname', 'target', 'scenario']);
    const receiver = (severity: string) => {
      const route = config.route.routes.find((r) => r.matchers.includes(`severity="${severity}"`));
      return config.receivers.find((r) => r.name === route?.receiver);
    };
    expect(receiver('critical')?.email_configs?.length).toBeGreaterThan(0);
    expect(receiver('critical')?.slack_configs?.length).toBeGreaterThan(0);
    expect(receiver('warning')?.slack_configs?.length).toBeGreaterThan(0);
    expect(receiver('warning')?.email_configs).toBeUndefined();
    const alerts = new Set(rules().map((rule) => rule.alert));
    const named = config.inhibit_rules
      .flatMap((rule) => [...rule.source_matchers, ...rule.target_matchers])
      .flatMap((matcher) => matcher.match(/Cutover[A-Za-z]+/g) ?? []);
    expect(named.filter((name) => !alerts.has(name))).toEqual([]);
    // Every check alert, whatever its kind, is explained by a form that cannot be submitted and
    // explains "flaky" (one inhibit rule each).
    for (const rule of rules().filter((r) => r.labels?.kind)) {
      expect(named.filter((name) => name === rule.alert).length, rule.alert).toBe(2);
    }
  });
});

describe('the Grafana dashboard', () => {
  it('only reads metrics that src/monitor/metrics.ts exports', () => {
    const exprs = dashboardExpressions();
    expect(exprs.length).toBeGreaterThan(10);
    const unknown = exprs.flatMap((expr) => metricsIn(expr).filter((name) => !byName.has(name)));
    expect(unknown).toEqual([]);
  });

  it('takes its data source from the DS_PROMETHEUS variable and filters by target and scenario', () => {
    const dashboard = JSON.parse(read(DASHBOARD)) as {
      schemaVersion: number;
      panels: Array<{ type: string; datasource?: { uid?: string }; targets?: Array<{ expr?: string }> }>;
      templating: { list: Array<{ name: string; type: string }> };
    };
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(
      expect.arrayContaining(['DS_PROMETHEUS', 'target', 'scenario']),
    );
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
      expect(panel.datasource?.uid).toBe('${DS_PROMETHEUS}');
      for (const t of panel.targets ?? []) expect(t.expr).toContain('$target');
    }
  });
});

describe('the metric contract', () => {
  it('is exactly what src/monitor/metrics.ts exports: names, types, labels, buckets', () => {
    const actual = specs.map(({ name, type, labels, buckets }) => ({
      name,
      type,
      labels: [...labels],
      ...(buckets ? { buckets: [...buckets] } : {}),
    }));
    const sort = <T extends { name: string }>(list: T[]) =>
      [...list].sort((a, b) => a.name.localeCompare(b.name));
    expect(sort(actual)).toEqual(sort(CONTRACT));
  });
});

describe('the Japanese annotations (summary_ja, description_ja, runbook_ja)', () => {
  /** The template actions of a text: {{ $labels.x }}, {{ $value | humanizeDuration }} … */
  const actions = (text = '') => [...text.matchAll(/\{\{[^}]*\}\}/g)].map(([action]) => action).sort();
  const TEST_FILES = [...RULE_TESTS, 'monitors/prometheus/sales-sla.test.yml'];

  it('every alert of both rule files has them, in Japanese, with the same templated values as the English', () => {
    const all = [...rules(), ...rules('monitors/prometheus/sales-sla.rules.yml')].filter(
      (rule) => rule.alert,
    );
    expect(all.length).toBeGreaterThan(25);
    for (const rule of all) {
      const a = rule.annotations ?? {};
      for (const key of ['summary', 'description', 'runbook'] as const) {
        const where = `${rule.alert} ${key}_ja`;
        const ja = a[`${key}_ja`];
        expect(ja, where).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
        expect(ja, where).not.toContain('\n');
        // The same labels and values, in whatever order Japanese puts them.
        const labelsOf = (text = '') => [...new Set(text.match(/\$labels\.\w+|\$value/g) ?? [])].sort();
        expect(labelsOf(ja), where).toEqual(labelsOf(a[key]));
      }
    }
  });

  it('are asserted with their rendered values by the promtool unit tests', () => {
    let asserted = 0;
    for (const file of TEST_FILES) {
      const text = read(file);
      for (const [, value] of text.matchAll(/summary_ja: '([^']*)'/g)) {
        expect(actions(value), `${file}: ${value}`).toEqual([]);
        asserted += 1;
      }
    }
    expect(asserted).toBeGreaterThanOrEqual(40);
    expect(read('monitors/prometheus/alerts.test.yml')).toContain(
      "summary_ja: '通知メール（autoreply）未着: renewal（AC-01）'",
    );
    expect(read('monitors/prometheus/alerts.test.yml')).toContain(
      "summary_ja: 'CRM レコードの内容相違: renewal（crm-wrong）'",
    );
  });
});

describe('the sales SLA rules (sales-sla.rules.yml)', () => {
  const SLA_RULES = 'monitors/prometheus/sales-sla.rules.yml';
  const SLA_TESTS = 'monitors/prometheus/sales-sla.test.yml';

  it('pass promtool and their unit tests (weekends and nights quiet included)', async () => {
    const checked = await run('promtool', ['check', 'rules', SLA_RULES]);
    expect(checked.code, checked.output).toBe(0);
    const tested = await run('promtool', ['test', 'rules', SLA_TESTS]);
    expect(tested.code, tested.output).toBe(0);
    expect(tested.output).toContain('SUCCESS');
  });

  it('read only exported metrics, and each alert has a runbook line and is tested firing and quiet', () => {
    const slaRules = rules(SLA_RULES);
    expect(slaRules.map((rule) => rule.alert)).toEqual([
      'CutoverFirstResponseSlaBreached',
      'CutoverOldestLeadUnworked',
      'CutoverValidInquiryShareCollapsed',
      'CutoverLeadFieldCompletenessCollapsed',
      'CutoverSalesSlaNotRead',
    ]);
    const tests = parse(read(SLA_TESTS)) as RuleTestFile;
    expect(tests.rule_files).toEqual(['sales-sla.rules.yml']);
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const rule of slaRules) {
      const where = rule.alert!;
      expect(
        metricsIn(rule.expr).filter((name) => !byName.has(name)),
        where,
      ).toEqual([]);
      expect(rule.annotations?.summary, where).toMatch(/\{\{[^}]*\$labels\.target\b[^}]*\}\}/);
      expect(rule.annotations?.runbook?.trim(), where).toBeTruthy();
      expect(rule.annotations?.runbook, where).not.toContain('\n');
      const mine = cases.filter((c) => c.alertname === rule.alert);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length > 0),
        `${where} firing`,
      ).toBe(true);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length === 0),
        `${where} quiet`,
      ).toBe(true);
    }
  });
});
