import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type CutoverConfig,
  loadProject,
  reportSettings,
  resolveDemo,
  usesDemo,
} from '../../config/index.ts';
import { type DemoWorld, startDemoWorld } from '../../demo/index.ts';
import { startOfLocalDay } from '../../foundation/business-time.ts';
import type { Lang } from '../../foundation/i18n/index.ts';
import { createHttpClient } from '../../http/index.ts';
import { leadQuery } from '../../monitor/inquiry-watch/index.ts';
import {
  capabilityGap,
  createProbe,
  type LeadFacts,
  type ProbeDeps,
  ProbeError,
} from '../../probes/index.ts';
import { renderSlaHtml } from '../../report/sla/sla-html.ts';
import { summarizeSla } from '../../report/sla/sla-summary.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, printProblems } from '../output.ts';
import { parseSince } from './cleanup.ts';
import { salesTeamWithin } from './monitor/demo-world.ts';

export interface ReportSlaOptions {
  config?: string;
  monitors?: string;
  target?: string;
  /** How far back: "2w", "14d", "36h", or a date like 2026-11-20 (default 2w). */
  since?: string;
  /** The cutover date: the numbers before and after it. */
  cutover?: string;
  out?: string;
  json?: boolean;
  /** The page's language (default: the config's report.lang, then LC_ALL/LANG, then English). */
  lang?: Lang;
  /** The clock (tests). */
  now?: Date;
  probeDeps?: Omit<ProbeDeps, 'http'>;
}

const DAY_MS = 86_400_000;
export const DEFAULT_SLA_REPORT_DIR = 'reports/sla';

/**
 * `cutover report sla`: the sales side of real inquiries over a span — first response p50/p90 in
 * business hours, breaches, valid share, completeness — before and after the cutover date, as
 * JSON and one HTML page, from the target's CRM and the `watch.sla` of its monitor file.
 *
 * Exit: 0 written; 2 bad usage or config (no monitor file with watch.sla for the target); 3 the
 * CRM could not be read.
 */
export async function reportSlaCommand(options: ReportSlaOptions, output: Output): Promise<ExitCode> {
  const now = options.now ?? new Date();
  const usage = (message: string): ExitCode => {
    output.err(`cutover report sla: ${message}`);
    return EXIT.invalid;
  };
  const sinceText = options.since ?? '2w';
  const weeks = /^(\d+)w$/.exec(sinceText);
  const since = weeks ? new Date(now.getTime() - Number(weeks[1]) * 7 * DAY_MS) : parseSince(sinceText, now);
  if (!since)
    return usage(
      `--since: expected "2w", "14d", "36h" or a date like 2026-11-20, got ${JSON.stringify(sinceText)}`,
    );
  const cutoverAt = options.cutover === undefined ? undefined : parseSince(options.cutover, now);
  if (options.cutover !== undefined && (!cutoverAt || !/^\d{4}-/.test(options.cutover)))
    return usage(`--cutover: expected a past date like 2026-12-01, got ${JSON.stringify(options.cutover)}`);

  const loaded = await loadProject({ config: options.config, monitors: options.monitors });
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return EXIT.invalid;
  }
  const { config: configured, secrets } = loaded.project.config;
  const watched = loaded.project.monitors.filter(
    (m) => m.value.watch?.sla && (!options.target || m.value.target === options.target),
  );
  const chosen = watched[0];
  if (!chosen) {
    return usage(
      `no monitor file has watch.sla${options.target ? ` for target "${options.target}"` : ''}: add an sla: block to the watch of one (README, "The sales SLA")`,
    );
  }
  const target = chosen.value.target;
  const watch = chosen.value.watch!;
  const sla = watch.sla!;
  // A bare date is a day of the team's calendar (2026-12-01 in Tokyo begins at 15:00 UTC the day before).
  const cutover =
    cutoverAt === undefined
      ? undefined
      : /^\d{4}-\d{2}-\d{2}$/.test(options.cutover!)
        ? startOfLocalDay(options.cutover!, sla.calendar.timeZone)
        : cutoverAt.getTime();
  const http = createHttpClient({ secrets });
  let world: DemoWorld | undefined;
  try {
    let config: CutoverConfig = configured;
    if (usesDemo(configured)) {
      world = await startDemoWorld({
        realTraffic: {
          historyWeeks: Math.ceil((now.getTime() - since.getTime()) / (7 * DAY_MS)),
          live: false,
          salesTeam: salesTeamWithin(sla),
        },
      });
      config = resolveDemo(configured, { urls: world.urls, crmToken: world.crmToken });
      if (!options.json)
        output.out(
          'The config points at the demo world: cutover started one of its own, with weeks of fictional history.',
        );
    }
    const crm = config.targets[target]?.probes?.crm;
    if (!crm) return usage(`target "${target}" has no crm probe to read leads from`);
    const gap = capabilityGap('crm', crm, 'readLeads');
    if (gap) return usage(gap);
    const probe = createProbe('crm', crm, { ...options.probeDeps, http });
    // The demo's history was written a moment ago: its search index shows it after its lag.
    if (world) await delay(probe.searchLagMs ?? 0);
    const leads: LeadFacts[] = [];
    const query = leadQuery(watch, config, target);
    const days = Math.ceil((now.getTime() - since.getTime()) / DAY_MS);
    try {
      for (let day = 0; day < days; day++) {
        const from = since.getTime() + day * DAY_MS;
        const to = Math.min(from + DAY_MS, now.getTime());
        if (!options.json)
          output.out(`  reading the real leads of ${target} in ${probe.name}: day ${day + 1}/${days}`);
        leads.push(
          ...(await probe.readLeads!({
            ...query,
            from: new Date(from),
            to: new Date(to),
            signal: new AbortController().signal,
          })),
        );
      }
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      output.err(`cutover report sla: cannot read ${probe.name} of target "${target}": ${error.message}`);
      return EXIT.broken;
    } finally {
      await probe.close?.();
    }
    const summary = summarizeSla(sla, leads, {
      target,
      since: since.getTime(),
      until: now.getTime(),
      ...(cutover === undefined ? {} : { cutover }),
    });
    const dir = options.out ?? DEFAULT_SLA_REPORT_DIR;
    await mkdir(dir, { recursive: true });
    const json = join(dir, `sla-${target}.json`);
    const page = join(dir, `sla-${target}.html`);
    await writeFile(json, `${JSON.stringify(summary, null, 2)}\n`);
    const { messages } = reportSettings(configured, options.lang);
    await writeFile(page, renderSlaHtml(summary, messages));
    if (options.json) output.out(JSON.stringify(summary, null, 2));
    else output.out(messages.slaReport.written(target, leads.length, page, json));
    return EXIT.ok;
  } finally {
    await http.close();
    await world?.stop();
  }
}
