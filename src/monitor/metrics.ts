import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  type CaseResult,
  type CheckName,
  type CleanupEntry,
  checkKey,
  type Verdict,
} from '../scenario/case-result.ts';
import { checkFailure } from '../scenario/failure-kind.ts';
import { counterOf, gaugeOf, histogramOf, type LabelName } from './instrument.ts';

/**
 * The monitor's metrics: the contract with the alert rules and dashboards in monitors/ (and the
 * table in the README). Names, types, labels and buckets are fixed here once; a test compares
 * them with every metric the shipped rules and dashboard reference.
 */

/** Longest finding kept in cutover_check_failure_info's label; the case log has the whole reason. */
export const FINDING_LABEL_MAX = 200;

/** Delay buckets in seconds: SLAs from a second to half an hour. */
export const DELAY_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];
/**
 * First-response times in business seconds: 15 min to 5 business days of 8–9 hours. The `le`
 * nearest a calendar's SLA (1 business day = 9 h = 32400 with 09:00–18:00) is among them.
 */
export const FIRST_RESPONSE_BUCKETS = [
  900, 1800, 3600, 7200, 14400, 28800, 32400, 57600, 64800, 97200, 162000,
];
/** Ages of leads awaiting their first response, in business time (d = one business day). */
export const AWAITING_AGES = ['lt_1h', '1h_4h', '4h_1d', '1d_3d', 'gt_3d'] as const;

/** Page open → outcome shown, and one whole cycle: seconds to a few minutes. */
export const DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

export const SUBMIT_OUTCOMES = ['accepted', 'rejected', 'error'] as const;
export const CHECK_RESULTS = ['passed', 'failed', 'error'] as const;
const FAILURE_RESULTS = ['failed', 'error'] as const;
export const CLEANUP_SYSTEMS = ['notification', 'crm'] as const;
export const CLEANUP_RESULTS = ['deleted', 'left'] as const;

export interface MetricSpec {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: readonly string[];
  help: string;
  buckets?: readonly number[];
}

export const METRICS = {
  submissions: {
    name: 'cutover_submissions_total',
    type: 'counter',
    labels: ['target', 'scenario', 'outcome'],
    help: 'Form submissions by the monitor, by outcome (accepted, rejected, error).',
  },
  checks: {
    name: 'cutover_checks_total',
    type: 'counter',
    labels: ['target', 'scenario', 'check', 'channel', 'result'],
    help: 'Check verdicts (passed, failed, error) per check: submit, notification, crm, analytics; channel names a further notification channel (expect.notifications), empty otherwise.',
  },
  consecutiveFailures: {
    name: 'cutover_check_consecutive_failures',
    type: 'gauge',
    labels: ['target', 'scenario', 'check', 'channel', 'result'],
    help: 'Runs of the check (channel: a further notification channel, empty otherwise) since it last passed, by result (failed, error); both 0 after a pass. The alert rules fire on 2 in a row, so one flaky cycle pages nobody.',
  },
  errorRatio: {
    name: 'cutover_error_ratio',
    type: 'gauge',
    labels: ['target', 'scenario'],
    help: 'Share of the last N case runs with a failed or errored check (N = errorRatioWindow).',
  },
  isolatedFailures: {
    name: 'cutover_isolated_failures',
    type: 'gauge',
    labels: ['target', 'scenario'],
    help: 'Among the last N case runs (N = errorRatioWindow), check failures (failed or errored) that lasted one run: the check passed in the run before and in the run after. A sustained fault (2+ runs in a row, which the per-check alerts page for), and a failure still going on, count 0.',
  },
  checkFailureInfo: {
    name: 'cutover_check_failure_info',
    type: 'gauge',
    labels: ['target', 'scenario', 'check', 'channel', 'kind', 'finding'],
    help: "Always 1, present while the check is failing: kind = missing, wrong, late, unexpected or duplicate (its last failed run; a pass removes it) or error (its last errored run); finding = that run's one-line finding (marker and synthetic email replaced by {marker} and {email}, at most 200 characters).",
  },
  notificationDelay: {
    name: 'cutover_notification_delay_seconds',
    type: 'histogram',
    labels: ['target', 'scenario', 'channel'],
    help: 'Final click to the notification received (upper bound of the measured interval); channel: a further notification channel (expect.notifications), empty for the main one.',
    buckets: DELAY_BUCKETS,
  },
  crmDelay: {
    name: 'cutover_crm_delay_seconds',
    type: 'histogram',
    labels: ['target', 'scenario'],
    help: 'Final click to the CRM record created (upper bound of the measured interval).',
    buckets: DELAY_BUCKETS,
  },
  submitDuration: {
    name: 'cutover_submit_duration_seconds',
    type: 'histogram',
    labels: ['target', 'scenario'],
    help: 'Form page opened to outcome shown.',
    buckets: DURATION_BUCKETS,
  },
  runDuration: {
    name: 'cutover_run_duration_seconds',
    type: 'histogram',
    labels: ['target'],
    help: 'One whole monitor cycle (every scenario of the target).',
    buckets: DURATION_BUCKETS,
  },
  lastRun: {
    name: 'cutover_last_run_timestamp_seconds',
    type: 'gauge',
    labels: ['target'],
    help: 'Unix time the last cycle ended.',
  },
  lastSuccess: {
    name: 'cutover_last_success_timestamp_seconds',
    type: 'gauge',
    labels: ['target', 'scenario'],
    help: 'Unix time of the last case run in which every check passed (0 = never since start).',
  },
  skippedRuns: {
    name: 'cutover_monitor_skipped_runs_total',
    type: 'counter',
    labels: ['target'],
    help: 'Cycles skipped because the previous cycle was still running.',
  },
  cleanup: {
    name: 'cutover_cleanup_total',
    type: 'counter',
    labels: ['target', 'system', 'result'],
    help: 'Synthetic items the monitor deleted or had to leave behind, by system.',
  },
  interval: {
    name: 'cutover_monitor_interval_seconds',
    type: 'gauge',
    labels: ['target'],
    help: 'The configured cycle interval (the staleness alert compares against it).',
  },
  up: {
    name: 'cutover_monitor_up',
    type: 'gauge',
    labels: ['target'],
    help: '1 while the monitor loop runs and the browser can start, 0 when it cannot.',
  },
  info: {
    name: 'cutover_monitor_info',
    type: 'gauge',
    labels: ['version', 'external_url'],
    help: 'Always 1: the cutover version and the address people reach this monitor by (--external-url), for alert links to its kept runs (external_url + /runs/latest?...).',
  },
  realInquiries: {
    name: 'cutover_real_inquiries_total',
    type: 'counter',
    labels: ['target', 'source'],
    help: 'Real (non-synthetic) inquiries counted in the CRM or the sales inbox, window by window.',
  },
  realInquiriesBaseline: {
    name: 'cutover_real_inquiries_baseline',
    type: 'gauge',
    labels: ['target', 'source'],
    help: 'Expected real inquiries per hour for this hour of the week: the median of the same hour over the last weeks.',
  },
  realInquiriesCountedUntil: {
    name: 'cutover_real_inquiries_counted_until_timestamp_seconds',
    type: 'gauge',
    labels: ['target', 'source'],
    help: 'Unix time up to which real inquiries are counted (the end of the last window counted); it falls behind while the system cannot be read.',
  },
  realInquiriesWindow: {
    name: 'cutover_real_inquiries_window_seconds',
    type: 'gauge',
    labels: ['target'],
    help: 'The watch’s window length (watch.every): a window is counted once it has closed and settled.',
  },
  firstResponse: {
    name: 'cutover_first_response_seconds',
    type: 'histogram',
    labels: ['target', 'source'],
    buckets: FIRST_RESPONSE_BUCKETS,
    help: 'Receipt to first response of in-scope real leads, in business seconds (the clock stops out of hours, on weekends, holidays and closed days); source is the CRM probe.',
  },
  firstResponseBreaches: {
    name: 'cutover_first_response_breaches_total',
    type: 'counter',
    labels: ['target', 'source'],
    help: 'In-scope real leads whose first-response deadline passed without a response, counted when the deadline passes.',
  },
  leadsAwaiting: {
    name: 'cutover_leads_awaiting_response',
    type: 'gauge',
    labels: ['target', 'age'],
    help: 'In-scope real leads without a first response, by business age (lt_1h, 1h_4h, 4h_1d, 1d_3d, gt_3d; d = one business day).',
  },
  leadsOverdue: {
    name: 'cutover_leads_overdue',
    type: 'gauge',
    labels: ['target'],
    help: 'In-scope real leads past their first-response deadline without a response.',
  },
  oldestUnworkedLead: {
    name: 'cutover_oldest_unworked_lead_business_seconds',
    type: 'gauge',
    labels: ['target'],
    help: 'Business age of the oldest in-scope real lead without a first response (0 when none waits).',
  },
  firstResponseSla: {
    name: 'cutover_first_response_sla_seconds',
    type: 'gauge',
    labels: ['target'],
    help: 'The first-response deadline (sla.firstResponse.within) in business seconds.',
  },
  validInquiryRatio: {
    name: 'cutover_valid_inquiry_ratio',
    type: 'gauge',
    labels: ['target'],
    help: 'Share of real leads in scope (有効問い合わせ率) over the last sla.window.',
  },
  validInquiryRatioBaseline: {
    name: 'cutover_valid_inquiry_ratio_baseline',
    type: 'gauge',
    labels: ['target'],
    help: 'The in-scope share of the same window of the week over the last weeks (median).',
  },
  slaWindowLeads: {
    name: 'cutover_sla_window_leads',
    type: 'gauge',
    labels: ['target'],
    help: 'Real leads in the last sla.window: the volume the valid share and completeness rest on.',
  },
  fieldCompleteness: {
    name: 'cutover_lead_field_completeness',
    type: 'gauge',
    labels: ['target', 'field'],
    help: 'Share of real leads in the last sla.window carrying a value in the field (sla.fields).',
  },
  fieldCompletenessBaseline: {
    name: 'cutover_lead_field_completeness_baseline',
    type: 'gauge',
    labels: ['target', 'field'],
    help: 'The field’s completeness in the same window of the week over the last weeks (median).',
  },
  slaReadUntil: {
    name: 'cutover_sla_read_until_timestamp_seconds',
    type: 'gauge',
    labels: ['target'],
    help: 'Unix time up to which the leads were read for the sales SLA; it falls behind while the CRM cannot be read.',
  },
} as const satisfies Record<string, MetricSpec>;

/** The label names of one METRICS entry: its instrument accepts these and no others. */
export type MetricLabels<K extends keyof typeof METRICS> = LabelName<(typeof METRICS)[K]>;

export interface MonitorSeries {
  target: string;
  scenarios: string[];
  intervalSeconds: number;
  /** Case runs behind cutover_error_ratio (default 12). */
  errorRatioWindow?: number;
}

/** The monitor's instruments on a registry of its own (never prom-client's global one). */
export class MonitorMetrics {
  readonly registry: Registry;
  private readonly submissions: Counter<MetricLabels<'submissions'>>;
  private readonly checks: Counter<MetricLabels<'checks'>>;
  private readonly consecutiveFailures: Gauge<MetricLabels<'consecutiveFailures'>>;
  private readonly errorRatio: Gauge<MetricLabels<'errorRatio'>>;
  private readonly isolatedFailures: Gauge<MetricLabels<'isolatedFailures'>>;
  private readonly checkFailureInfo: Gauge<MetricLabels<'checkFailureInfo'>>;
  private readonly notificationDelay: Histogram<MetricLabels<'notificationDelay'>>;
  private readonly crmDelay: Histogram<MetricLabels<'crmDelay'>>;
  private readonly submitDuration: Histogram<MetricLabels<'submitDuration'>>;
  private readonly runDuration: Histogram<MetricLabels<'runDuration'>>;
  private readonly lastRun: Gauge<MetricLabels<'lastRun'>>;
  private readonly lastSuccess: Gauge<MetricLabels<'lastSuccess'>>;
  private readonly skippedRuns: Counter<MetricLabels<'skippedRuns'>>;
  private readonly cleanup: Counter<MetricLabels<'cleanup'>>;
  private readonly interval: Gauge<MetricLabels<'interval'>>;
  private readonly up: Gauge<MetricLabels<'up'>>;
  private readonly recent = new Map<string, boolean[]>();
  /** Per target × scenario, the keys of the checks that failed or errored in each recent run (one run more than the window). */
  private readonly recentBadChecks = new Map<string, Array<Set<string>>>();
  /** Per check (and failed / error), the labels of its cutover_check_failure_info series now. */
  private readonly failureInfoNow = new Map<string, Record<MetricLabels<'checkFailureInfo'>, string>>();
  private readonly windows = new Map<string, number>();
  private readonly redact: (text: string) => string;

  /** `redact`: removes secret values from the text of a finding before it becomes a label. */
  constructor(registry: Registry, options: { redact?: (text: string) => string } = {}) {
    this.registry = registry;
    this.redact = options.redact ?? ((text) => text);
    this.submissions = counterOf(METRICS.submissions, registry);
    this.checks = counterOf(METRICS.checks, registry);
    this.consecutiveFailures = gaugeOf(METRICS.consecutiveFailures, registry);
    this.errorRatio = gaugeOf(METRICS.errorRatio, registry);
    this.isolatedFailures = gaugeOf(METRICS.isolatedFailures, registry);
    this.checkFailureInfo = gaugeOf(METRICS.checkFailureInfo, registry);
    this.notificationDelay = histogramOf(METRICS.notificationDelay, registry);
    this.crmDelay = histogramOf(METRICS.crmDelay, registry);
    this.submitDuration = histogramOf(METRICS.submitDuration, registry);
    this.runDuration = histogramOf(METRICS.runDuration, registry);
    this.lastRun = gaugeOf(METRICS.lastRun, registry);
    this.lastSuccess = gaugeOf(METRICS.lastSuccess, registry);
    this.skippedRuns = counterOf(METRICS.skippedRuns, registry);
    this.cleanup = counterOf(METRICS.cleanup, registry);
    this.interval = gaugeOf(METRICS.interval, registry);
    this.up = gaugeOf(METRICS.up, registry);
  }

  /**
   * Every known target × scenario series at zero, so a scenario that never ran is visible (and
   * `rate()` has a starting point) instead of absent.
   */
  declare(series: MonitorSeries): void {
    const { target } = series;
    this.windows.set(target, series.errorRatioWindow ?? 12);
    this.interval.set({ target }, series.intervalSeconds);
    this.up.set({ target }, 1);
    this.lastRun.set({ target }, 0);
    this.skippedRuns.inc({ target }, 0);
    this.runDuration.zero({ target });
    for (const system of CLEANUP_SYSTEMS) {
      for (const result of CLEANUP_RESULTS) this.cleanup.inc({ target, system, result }, 0);
    }
    for (const scenario of series.scenarios) {
      const labels = { target, scenario };
      for (const outcome of SUBMIT_OUTCOMES) this.submissions.inc({ ...labels, outcome }, 0);
      for (const check of ['submit', 'notification', 'crm', 'analytics'] satisfies CheckName[]) {
        const series = { ...labels, check };
        for (const result of CHECK_RESULTS) this.checks.inc({ ...series, result }, 0);
        for (const result of FAILURE_RESULTS) this.consecutiveFailures.set({ ...series, result }, 0);
      }
      this.errorRatio.set(labels, 0);
      this.isolatedFailures.set(labels, 0);
      this.lastSuccess.set(labels, 0);
      this.notificationDelay.zero(labels);
      this.crmDelay.zero(labels);
      this.submitDuration.zero(labels);
    }
  }

  /** What a case's cleanup, or the late sweep after it, deleted or left. */
  recordCleanup(target: string, entries: readonly CleanupEntry[]): void {
    for (const entry of entries) {
      this.cleanup.inc({
        target,
        system: entry.system,
        result: entry.result === 'deleted' ? 'deleted' : 'left',
      });
    }
  }

  /** One case run's verdicts, delays and cleanup. */
  recordCase(result: CaseResult): void {
    const target = result.target.name;
    const scenario = result.scenario.id;
    const labels = { target, scenario };
    const submit = result.checks.find((c) => c.check === 'submit');
    const outcome = submitOutcome(submit?.evidence?.kind === 'submit' ? submit.evidence.outcome : undefined);
    if (outcome) this.submissions.inc({ ...labels, outcome });
    if (submit?.evidence?.kind === 'submit' && submit.evidence.durationMs > 0) {
      this.submitDuration.observe(labels, submit.evidence.durationMs / 1000);
    }
    for (const check of result.checks) {
      // The main notification and the other checks have no channel label (Prometheus: the same as empty).
      const channel = check.channel === undefined ? {} : { channel: check.channel };
      const series = { ...labels, check: check.check, ...channel };
      const counted = countedResult(check.verdict);
      if (counted) this.checks.inc({ ...series, result: counted });
      // A pass resets both runs; an error does not reset the failed run (it says nothing of the site).
      if (check.verdict === 'passed') {
        for (const result of FAILURE_RESULTS) this.consecutiveFailures.set({ ...series, result }, 0);
      } else if (check.verdict === 'failed' || check.verdict === 'error') {
        this.consecutiveFailures.inc({ ...series, result: check.verdict });
      }
      this.recordFailureInfo(result, check);
      const delay = check.delayMs;
      if (delay !== undefined && check.verdict !== 'error') {
        if (check.check === 'notification')
          this.notificationDelay.observe({ ...labels, ...channel }, delay / 1000);
        if (check.check === 'crm') this.crmDelay.observe(labels, delay / 1000);
      }
    }
    this.recordCleanup(target, result.cleanup);
    const bad = result.checks.some((c) => c.verdict === 'failed' || c.verdict === 'error');
    const key = `${target}\u0000${scenario}`;
    const window = [...(this.recent.get(key) ?? []), bad].slice(-(this.windows.get(target) ?? 12));
    this.recent.set(key, window);
    this.errorRatio.set(labels, window.filter(Boolean).length / window.length);
    this.recordIsolatedFailures(key, labels, result);
    if (!bad && result.verdict === 'passed') this.lastSuccess.set(labels, Date.parse(result.endedAt) / 1000);
  }

  /**
   * The check's cutover_check_failure_info series: its last failed run's kind and finding until a
   * pass (an error leaves it: it says nothing of the site), and its last error until a pass.
   */
  private recordFailureInfo(result: CaseResult, check: CaseResult['checks'][number]): void {
    const series = {
      target: result.target.name,
      scenario: result.scenario.id,
      check: check.check,
      channel: check.channel ?? '',
    };
    const key = (group: 'failed' | 'error') =>
      [series.target, series.scenario, checkKey(check), group].join('\u0000');
    const replace = (group: 'failed' | 'error', next?: { kind: string; finding: string }) => {
      const now = this.failureInfoNow.get(key(group));
      if (now) this.checkFailureInfo.remove(now);
      this.failureInfoNow.delete(key(group));
      if (!next) return;
      const labels = { ...series, kind: next.kind, finding: this.findingLabel(next.finding, result) };
      this.checkFailureInfo.set(labels, 1);
      this.failureInfoNow.set(key(group), labels);
    };
    if (check.verdict === 'passed') {
      replace('failed');
      replace('error');
    } else if (check.verdict === 'failed') {
      const failure = checkFailure(check, result.email);
      replace('failed', failure ?? { kind: 'missing', finding: check.reason });
    } else if (check.verdict === 'error') {
      replace('error', { kind: 'error', finding: check.reason });
    }
  }

  /** One line, without the run's own marker and address (a new series each run otherwise), no secret, bounded. */
  private findingLabel(text: string, result: CaseResult): string {
    let line = this.redact(text).replace(/\s+/gu, ' ').trim();
    if (result.email) line = line.split(result.email).join('{email}');
    if (result.marker) line = line.split(result.marker).join('{marker}');
    return line.length > FINDING_LABEL_MAX ? `${line.slice(0, FINDING_LABEL_MAX - 1)}…` : line;
  }

  /**
   * Check failures of one run that passed in the runs before and after: what failing now and then
   * looks like. A streak of 2+ runs is a sustained fault (its own alert pages), and the last run
   * cannot be told yet, so neither counts.
   */
  private recordIsolatedFailures(
    key: string,
    labels: { target: string; scenario: string },
    result: CaseResult,
  ) {
    const size = this.windows.get(labels.target) ?? 12;
    const bad = new Set(
      result.checks.filter((c) => c.verdict === 'failed' || c.verdict === 'error').map((c) => checkKey(c)),
    );
    const runs = [...(this.recentBadChecks.get(key) ?? []), bad].slice(-(size + 1));
    this.recentBadChecks.set(key, runs);
    let isolated = 0;
    // Runs within the last `size` that have a run before and after them.
    for (let i = Math.max(1, runs.length - size); i < runs.length - 1; i++) {
      for (const check of runs[i]!) if (!runs[i - 1]!.has(check) && !runs[i + 1]!.has(check)) isolated++;
    }
    this.isolatedFailures.set(labels, isolated);
  }

  recordCycle(target: string, durationMs: number, endedAt: Date): void {
    this.runDuration.observe({ target }, durationMs / 1000);
    this.lastRun.set({ target }, endedAt.getTime() / 1000);
  }

  recordSkipped(target: string): void {
    this.skippedRuns.inc({ target });
  }

  setUp(target: string, up: boolean): void {
    this.up.set({ target }, up ? 1 : 0);
  }
}

function submitOutcome(outcome: string | undefined): (typeof SUBMIT_OUTCOMES)[number] | undefined {
  if (outcome === undefined) return undefined;
  if (outcome === 'accepted' || outcome === 'rejected') return outcome;
  return 'error';
}

function countedResult(verdict: Verdict): (typeof CHECK_RESULTS)[number] | undefined {
  return verdict === 'skipped' ? undefined : verdict;
}
