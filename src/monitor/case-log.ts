import { formatDuration } from '../foundation/index.ts';
import { type CaseResult, checkLabel } from '../scenario/case-result.ts';

/**
 * One record per case run — verdicts, delays, reasons, cleanup — rendered as a line for people
 * or as a JSON line for Loki/Elastic. Both come from the same record: nothing parses the line.
 */
export interface CaseLogRecord {
  time: string;
  event: 'case';
  target: string;
  scenario: string;
  marker: string;
  verdict: CaseResult['verdict'];
  durationMs: number;
  checks: Array<{
    check: string;
    channel?: string;
    verdict: string;
    delayMs?: number;
    slaMs?: number;
    reason?: string;
  }>;
  cleanup: { deleted: number; left: Array<{ system: string; id: string; reason?: string }> };
  /** Of a failed or errored run whose evidence was kept: its id, and its page when the monitor serves it. */
  run?: string;
  url?: string;
}

export function caseLogRecord(result: CaseResult, kept?: { run: string; url?: string }): CaseLogRecord {
  return {
    time: result.endedAt,
    event: 'case',
    target: result.target.name,
    scenario: result.scenario.id,
    marker: result.marker,
    verdict: result.verdict,
    durationMs: result.durationMs,
    checks: result.checks.map((c) => ({
      check: c.check,
      ...(c.channel !== undefined ? { channel: c.channel } : {}),
      verdict: c.verdict,
      ...(c.delayMs !== undefined ? { delayMs: c.delayMs } : {}),
      ...(c.slaMs !== undefined ? { slaMs: c.slaMs } : {}),
      ...(c.verdict === 'failed' || c.verdict === 'error' ? { reason: c.reason } : {}),
    })),
    cleanup: {
      deleted: result.cleanup.filter((e) => e.result === 'deleted').length,
      left: result.cleanup
        .filter((e) => e.result !== 'deleted')
        .map((e) => ({ system: e.system, id: e.id, reason: e.reason })),
    },
    ...(kept ? { run: kept.run, ...(kept.url ? { url: kept.url } : {}) } : {}),
  };
}

/** e.g. `2026-12-01T14:00:05Z renewal AC-01 failed (8.1 s) submit passed · notification failed 1.2 s: … · cleanup 2 deleted · evidence http://…/runs/<id>/` */
export function formatCaseLine(record: CaseLogRecord): string {
  const checks = record.checks
    .map((c) => {
      const delay = c.delayMs !== undefined ? ` ${formatDuration(c.delayMs)}` : '';
      return `${checkLabel(c)} ${c.verdict}${delay}${c.reason ? `: ${c.reason}` : ''}`;
    })
    .join(' · ');
  const left = record.cleanup.left.map((e) => `${e.system} ${e.id} left${e.reason ? ` (${e.reason})` : ''}`);
  const cleanup = [`cleanup ${record.cleanup.deleted} deleted`, ...left].join(', ');
  const evidence = record.run ? ` · evidence ${record.url ?? record.run}` : '';
  return `${record.time} ${record.target} ${record.scenario} ${record.verdict} (${formatDuration(record.durationMs)}, ${record.marker || 'no marker'}) ${checks} · ${cleanup}${evidence}`;
}

/** Monitor events besides case runs: start, skipped cycle, browser trouble, shutdown. */
export interface EventLogRecord {
  time: string;
  event:
    | 'start'
    | 'listening'
    | 'demo-world'
    | 'cycle-skipped'
    | 'browser'
    | 'stopping'
    | 'stopped'
    | 'pushed'
    | 'late-cleanup'
    | 'evidence';
  target?: string;
  /** /metrics URL (listening), Pushgateway group URL (pushed), the demo world's fault switch (demo-world). */
  url?: string;
  message: string;
}

/** The real-inquiry watch: counts only — never a name, an address or a record id. */
export type WatchLogRecord =
  | {
      time: string;
      event: 'watch-count';
      target: string;
      source: string;
      from: string;
      to: string;
      count: number;
    }
  | { time: string; event: 'watch-baseline'; target: string; source: string; hour: string; perHour: number }
  | { time: string; event: 'watch-error'; target: string; source: string; message: string }
  | {
      time: string;
      event: 'watch-sla';
      target: string;
      to: string;
      /** Counts only: real leads read, in scope, answered in the windows, breaches, awaiting, overdue. */
      leads: number;
      firstResponses: number;
      breaches: number;
      awaiting: number;
      overdue: number;
    }
  | {
      time: string;
      event: 'watch-sla-baseline';
      target: string;
      from: string;
      validRatio: number | null;
    };

export type LogRecord = CaseLogRecord | EventLogRecord | WatchLogRecord;

function isWatchRecord(record: EventLogRecord | WatchLogRecord): record is WatchLogRecord {
  return record.event.startsWith('watch-');
}

/** e.g. `2026-12-01T14:05:02Z renewal real inquiries in crm 14:00–14:05 UTC: 3` */
function formatWatchLine(record: WatchLogRecord): string {
  const head = `${record.time} ${record.target}`;
  const hm = (iso: string) => iso.slice(11, 16);
  switch (record.event) {
    case 'watch-count':
      return `${head} real inquiries in ${record.source} ${hm(record.from)}–${hm(record.to)} UTC: ${record.count}`;
    case 'watch-baseline':
      return `${head} baseline for ${record.source}, hour from ${record.hour}: ${record.perHour} real inquiries per hour`;
    case 'watch-error':
      return `${head} cannot ${record.source === 'sla' ? 'read the sales SLA' : `count real inquiries in ${record.source}`}: ${record.message}`;
    case 'watch-sla':
      return `${head} sales SLA up to ${hm(record.to)} UTC: ${record.leads} real leads read, ${record.firstResponses} first responses, ${record.breaches} breaches, ${record.awaiting} awaiting (${record.overdue} overdue)`;
    case 'watch-sla-baseline':
      return `${head} sales SLA baseline for the window from ${record.from}: valid share ${record.validRatio === null ? 'unknown (no leads)' : record.validRatio.toFixed(2)}`;
  }
}

export function formatLogRecord(record: LogRecord): string {
  if (record.event === 'case') return formatCaseLine(record);
  if (isWatchRecord(record)) return formatWatchLine(record);
  return `${record.time}${record.target ? ` ${record.target}` : ''} ${record.message}`;
}
