import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { slaSchema } from '../../src/config/sla.schema.ts';
import type { WatchLogRecord } from '../../src/monitor/case-log.ts';
import {
  type CountWindow,
  createSlaWatch,
  SlaMetrics,
  WEEK_MS,
} from '../../src/monitor/inquiry-watch/index.ts';
import type { LeadFacts } from '../../src/probes/probe.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const jst = (text: string) => Date.parse(`${text}+09:00`);

const sla = slaSchema.parse({
  firstResponse: { status: { field: 'hs_lead_status', initial: ['NEW'] }, within: '4 business hours' },
  scope: { field: 'lifecyclestage', outOfScope: ['other'] },
  fields: ['utm_source'],
  every: '15m',
  window: '4h',
});

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };
/** One sample of a metric (a histogram's `_count` and `_sum` by those names). */
async function value(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const base = name.replace(/_(count|sum)$/, '');
  const metrics = await registry.getMetricsAsJSON();
  const values = (metrics.find((m) => m.name === name || m.name === base)?.values ?? []) as Sample[];
  return values.find(
    (s) =>
      (s.metricName === undefined || s.metricName === name) &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

/** A CRM holding these leads; `readLeads` answers those created in the window, like a probe. */
function crm(leads: LeadFacts[]) {
  const reads: CountWindow[] = [];
  return {
    reads,
    readLeads: async (window: CountWindow) => {
      reads.push(window);
      return leads.filter((l) => l.createdAt >= window.from.getTime() && l.createdAt < window.to.getTime());
    },
  };
}

function watchOn(leads: LeadFacts[], clock: { now: number }, registry = new Registry()) {
  const log: WatchLogRecord[] = [];
  const system = crm(leads);
  const watch = createSlaWatch({
    target: 'renewal',
    source: 'hubspot',
    sla,
    weeks: 4,
    readLeads: system.readLeads,
    settleMs: 0,
    metrics: new SlaMetrics(registry),
    log: (r) => log.push(r),
    now: () => clock.now,
  });
  return { watch, registry, log, system };
}

const lead = (createdAt: number, patch: Partial<LeadFacts> = {}): LeadFacts => ({
  createdAt,
  firstResponseAt: undefined,
  scopeValue: 'lead',
  carries: { utm_source: true },
  ...patch,
});

describe('the sales SLA watch', () => {
  it('a Friday-evening lead breaches no SLA over the weekend; its deadline passes Monday in business hours', async () => {
    const friday = jst('2026-12-04T17:30:00');
    const clock = { now: jst('2026-12-04T18:00:00') };
    const { watch, registry } = watchOn([lead(friday)], clock);
    await watch.tick();
    expect(await value(registry, 'cutover_first_response_sla_seconds')).toBe(4 * 3600);
    // Through the weekend, 15 minutes at a time: nothing is due, the lead does not age.
    for (
      clock.now = jst('2026-12-04T18:15:00');
      clock.now <= jst('2026-12-07T09:00:00');
      clock.now += 15 * MIN
    ) {
      await watch.tick();
    }
    expect(await value(registry, 'cutover_first_response_breaches_total')).toBe(0);
    expect(await value(registry, 'cutover_oldest_unworked_lead_business_seconds')).toBe(30 * 60);
    expect(await value(registry, 'cutover_leads_awaiting_response', { age: 'lt_1h' })).toBe(1);
    expect(await value(registry, 'cutover_leads_overdue')).toBe(0);
    // Monday: 30 min on Friday + 3 h 30 → due 12:30 JST.
    for (; clock.now <= jst('2026-12-07T13:00:00'); clock.now += 15 * MIN) await watch.tick();
    expect(await value(registry, 'cutover_first_response_breaches_total')).toBe(1);
    expect(await value(registry, 'cutover_leads_overdue')).toBe(1);
    expect(await value(registry, 'cutover_leads_awaiting_response', { age: '4h_1d' })).toBe(1);
  });

  it('observes each first response once, in business seconds, and ignores out-of-scope leads', async () => {
    const monday = jst('2026-12-07T10:00:00');
    const leads = [
      lead(monday, { firstResponseAt: monday + 2 * HOUR }),
      lead(monday + 5 * MIN, { scopeValue: 'other' }), // out of scope: never due
      lead(jst('2026-12-04T17:00:00'), { firstResponseAt: jst('2026-12-07T09:30:00') }), // Friday → Monday
    ];
    const clock = { now: jst('2026-12-07T09:00:00') };
    const { watch, registry } = watchOn(leads, clock);
    await watch.tick();
    for (clock.now += 15 * MIN; clock.now <= jst('2026-12-07T18:00:00'); clock.now += 15 * MIN) {
      await watch.tick();
      await watch.tick(); // a second round in the same quarter counts nothing again
    }
    expect(await value(registry, 'cutover_first_response_seconds_count', { target: 'renewal' })).toBe(2);
    expect(await value(registry, 'cutover_first_response_seconds_sum', { target: 'renewal' })).toBe(
      2 * 3600 + 1.5 * 3600,
    );
    expect(await value(registry, 'cutover_first_response_breaches_total')).toBe(0);
    expect(await value(registry, 'cutover_leads_overdue')).toBe(0);
  });

  it('a restarted watch counts nothing twice', async () => {
    const monday = jst('2026-12-07T10:00:00');
    const leads = [lead(monday, { firstResponseAt: monday + 100 * MIN })]; // 11:40
    const clock = { now: jst('2026-12-07T11:20:00') };
    const first = watchOn(leads, clock);
    for (; clock.now <= jst('2026-12-07T12:00:00'); clock.now += 15 * MIN) await first.watch.tick();
    const second = watchOn(leads, clock);
    for (; clock.now <= jst('2026-12-07T13:00:00'); clock.now += 15 * MIN) await second.watch.tick();
    expect(await value(first.registry, 'cutover_first_response_seconds_count', { target: 'renewal' })).toBe(
      1,
    );
    expect(await value(second.registry, 'cutover_first_response_seconds_count', { target: 'renewal' })).toBe(
      0,
    );
  });

  it('sets the valid share and completeness of the window against the same window of past weeks', async () => {
    const now = jst('2026-12-08T15:00:00');
    const past = [1, 2, 3, 4].flatMap((k) =>
      Array.from({ length: 10 }, (_, i) =>
        lead(now - k * WEEK_MS - (i + 1) * 20 * MIN, { scopeValue: i < 8 ? 'lead' : 'other' }),
      ),
    );
    const today = Array.from({ length: 10 }, (_, i) =>
      lead(now - (i + 1) * 20 * MIN, {
        scopeValue: i < 3 ? 'lead' : 'other',
        carries: { utm_source: i < 2 },
      }),
    );
    const clock = { now };
    const { watch, registry, log } = watchOn([...past, ...today], clock);
    await watch.tick();
    expect(await value(registry, 'cutover_sla_window_leads')).toBe(10);
    expect(await value(registry, 'cutover_valid_inquiry_ratio')).toBeCloseTo(0.3);
    expect(await value(registry, 'cutover_valid_inquiry_ratio_baseline')).toBeCloseTo(0.8);
    expect(await value(registry, 'cutover_lead_field_completeness', { field: 'utm_source' })).toBeCloseTo(
      0.2,
    );
    expect(await value(registry, 'cutover_lead_field_completeness_baseline', { field: 'utm_source' })).toBe(
      1,
    );
    expect(log.map((r) => r.event)).toEqual(['watch-sla', 'watch-sla-baseline']);
  });

  it('a CRM that cannot be read is logged, and its windows are caught up later', async () => {
    const monday = jst('2026-12-07T10:00:00');
    const leads = [lead(monday, { firstResponseAt: monday + 30 * MIN })];
    const clock = { now: jst('2026-12-07T10:00:00') };
    const registry = new Registry();
    const log: WatchLogRecord[] = [];
    let down = false;
    const system = crm(leads);
    const watch = createSlaWatch({
      target: 'renewal',
      source: 'hubspot',
      sla,
      weeks: 1,
      readLeads: async (window) => {
        if (down) throw new Error('HubSpot answered 500');
        return system.readLeads(window);
      },
      settleMs: 0,
      metrics: new SlaMetrics(registry),
      log: (r) => log.push(r),
      now: () => clock.now,
    });
    await watch.tick();
    down = true;
    clock.now = jst('2026-12-07T11:00:00');
    await watch.tick();
    expect(log.some((r) => r.event === 'watch-error' && r.message === 'HubSpot answered 500')).toBe(true);
    down = false;
    clock.now = jst('2026-12-07T11:30:00');
    await watch.tick();
    expect(await value(registry, 'cutover_first_response_seconds_count', { target: 'renewal' })).toBe(1);
  });
});
