import { type SweepReport, type SweptProbe, sweepTargets } from '../../cleanup/sweep.ts';
import { type CutoverConfig, loadConfig, resolveDemo, usesDemo } from '../../config/index.ts';
import { type DemoWorld, startDemoWorld } from '../../demo/index.ts';
import { parsePeriod } from '../../foundation/index.ts';
import { createHttpClient } from '../../http/index.ts';
import type { ProbeDeps } from '../../probes/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, paint, printProblems } from '../output.ts';

export interface CleanupOptions {
  config?: string;
  target?: string[];
  /** How far back to look: "7d", "36h", "90m", or an ISO date/time. */
  since: string;
  yes?: boolean;
  json?: boolean;
  production?: boolean;
  /** The clock (tests). */
  now?: Date;
  /** Probe dependencies besides the HTTP client (tests: instant retry waits). */
  probeDeps?: Omit<ProbeDeps, 'http'>;
}

/**
 * `cutover cleanup`: finds what cutover runs left behind (items carrying a marker of this
 * project) on each target's notification and CRM systems, and with --yes deletes them by id.
 * A dry run unless told otherwise; production targets only with --production.
 *
 * Exit: 0 nothing is left (a dry run: 0 and the count); 1 something could not be deleted;
 * 2 bad usage or config; 3 a probe could not be read (unreachable, auth refused).
 */
export async function cleanupCommand(options: CleanupOptions, output: Output): Promise<ExitCode> {
  const now = options.now ?? new Date();
  const since = parseSince(options.since, now);
  if (!since) {
    output.err(
      `cutover cleanup: --since: expected a period like "7d", "36h" or "90m", or a date like 2026-11-20, got ${JSON.stringify(options.since)}`,
    );
    return EXIT.invalid;
  }
  const loaded = await loadConfig(options.config ?? 'cutover.config.ts');
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return EXIT.invalid;
  }
  const { config: configured, secrets } = loaded.value;
  const chosen = chooseTargets(configured, options);
  if (typeof chosen === 'string') {
    output.err(`cutover cleanup: ${chosen}`);
    return EXIT.invalid;
  }
  if (chosen.length === 0) {
    output.err(
      'cutover cleanup: no target to sweep (every target is production: name one with --target and add --production)',
    );
    return EXIT.invalid;
  }

  let world: DemoWorld | undefined;
  let config: CutoverConfig = configured;
  const http = createHttpClient({ secrets });
  try {
    if (usesDemo(configured)) {
      world = await startDemoWorld();
      config = resolveDemo(configured, { urls: world.urls, crmToken: world.crmToken });
      if (!options.json) {
        output.out(
          'The config points at the demo world: cutover started one of its own, which holds nothing of earlier runs.',
        );
      }
    }
    const production = chosen.filter((name) => config.targets[name]?.production);
    if (!options.json) {
      output.out(
        `Sweeping ${chosen.join(', ')} for items carrying a ${config.synthetic.marker}- marker since ${since.toISOString()}` +
          (options.yes ? ' — deleting them by id' : ' — dry run: nothing is deleted (--yes deletes)') +
          (production.length > 0
            ? ` — PRODUCTION target ${production.join(', ')}, on purpose (--production)`
            : ''),
      );
    }
    const report = await sweepTargets({
      config,
      targets: chosen,
      since,
      delete: options.yes === true,
      deps: { ...options.probeDeps, http },
      signal: new AbortController().signal,
      onProbe: options.json ? undefined : (probe) => output.out(`  ${probeLine(probe, output)}`),
    });
    const code = exitCodeOf(report);
    if (options.json) {
      output.out(JSON.stringify({ ...report, left: left(report), exitCode: code }, null, 2));
    } else {
      printReport(report, output);
    }
    return code;
  } finally {
    await http.close();
    await world?.stop();
  }
}

/** 3 when a probe could not be read, else 1 when something could not be deleted, else 0. */
export function exitCodeOf(report: SweepReport): ExitCode {
  if (report.probes.some((p) => p.status === 'unreachable' || p.status === 'error')) return EXIT.broken;
  if (report.items.some((item) => item.result === 'failed')) return EXIT.failed;
  return EXIT.ok;
}

/** "7d", "36h", "90m", "1h30m" before now, or an ISO date/time; undefined when unreadable. */
export function parseSince(text: string, now: Date): Date | undefined {
  const ms = parsePeriod(text);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || date.getTime() > now.getTime() ? undefined : date;
}

function chooseTargets(config: CutoverConfig, options: CleanupOptions): string[] | string {
  const all = Object.keys(config.targets);
  if (!options.target || options.target.length === 0) {
    return all.filter((name) => options.production || !config.targets[name]!.production);
  }
  for (const name of options.target) {
    const target = config.targets[name];
    if (!target) return `no target "${name}" (targets: ${all.join(', ')})`;
    if (target.production && !options.production) {
      return `"${name}" is a production target; sweep it on purpose with --production`;
    }
  }
  return [...new Set(options.target)];
}

function left(report: SweepReport): number {
  return report.items.filter((item) => item.result !== 'deleted').length;
}

function probeLine(probe: SweptProbe, output: Output): string {
  const where = `${probe.probe} (${probe.system}: ${probe.targets.join(', ')})`;
  switch (probe.status) {
    case 'swept':
      return `${where}: ${probe.found} ${probe.found === 1 ? 'item carries' : 'items carry'} a marker`;
    case 'cannot-sweep':
      return `${where}: ${paint(output, 'yellow', 'cannot sweep')} — ${probe.reason}`;
    default:
      return `${where}: ${paint(output, 'red', probe.status === 'unreachable' ? 'unreachable' : 'could not be read')} — ${probe.reason}`;
  }
}

function printReport(report: SweepReport, output: Output): void {
  if (report.items.length > 0) {
    const result = (item: SweepReport['items'][number]) =>
      item.result === 'failed' ? `FAILED: ${item.reason ?? ''}` : item.result;
    const rows = report.items.map((item) => [
      item.system,
      item.probe,
      item.id,
      item.marker,
      item.createdAt,
      ...(report.dryRun ? [] : [result(item)]),
      item.label,
    ]);
    const header = [
      'system',
      'probe',
      'id',
      'marker',
      'created',
      ...(report.dryRun ? [] : ['result']),
      'item',
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
    output.out('');
    output.out(line(header));
    for (const row of rows) output.out(line(row));
    output.out('');
  }
  const count = report.items.length;
  const unread = report.probes.filter((p) => p.status === 'unreachable' || p.status === 'error');
  const cannot = report.probes.filter((p) => p.status === 'cannot-sweep');
  if (report.dryRun) {
    output.out(
      count === 0
        ? `${paint(output, 'green', '✓')} nothing carries a marker: nothing to delete`
        : `${count} ${count === 1 ? 'item carries' : 'items carry'} a marker. Run again with --yes to delete ${count === 1 ? 'it' : 'them'} by id.`,
    );
  } else {
    const deleted = report.items.filter((item) => item.result === 'deleted').length;
    const failed = count - deleted;
    output.out(
      failed === 0
        ? `${paint(output, 'green', '✓')} deleted ${deleted} item${deleted === 1 ? '' : 's'}; nothing marked is left`
        : `${paint(output, 'red', '✗')} deleted ${deleted} of ${count}; ${failed} could not be deleted and ${failed === 1 ? 'is' : 'are'} still there`,
    );
  }
  if (cannot.length > 0) {
    output.out(
      `Not swept: ${cannot.map((p) => `${p.probe} (${p.targets.join(', ')})`).join(', ')} — see above.`,
    );
  }
  if (unread.length > 0) {
    output.err(
      `Could not read ${unread.map((p) => `${p.probe} (${p.targets.join(', ')})`).join(', ')}: what it holds is unknown.`,
    );
  }
}
