/**
 * Three bugs of the engine, each pinned by a test that failed before it was fixed: an expected
 * absence written as a count of 0, what a stopped case still waits for in the CRM, and a check
 * whose settle time has passed re-reading without pause until its deadline.
 */
import { describe, expect, it } from 'vitest';
import { type ScenarioInput, scenarioSchema } from '../../src/config/scenario.schema.ts';
import type { AnalyticsCapture, AnalyticsEvent } from '../../src/probes/index.ts';
import { checkAnalytics } from '../../src/scenario/checks/analytics-check.ts';
import { checkCrm } from '../../src/scenario/checks/crm-check.ts';
import { checkNotification } from '../../src/scenario/checks/notification-check.ts';
import { stillExpected } from '../../src/scenario/final-read.ts';
import { checkContext, crmProbe, EMAIL, MARKER, mail, mailProbe, record } from '../support/check-fixtures.ts';

/** A scenario as the loader gives it to the engine. */
function loaded(expectations: Omit<ScenarioInput['expect'], 'submit'>) {
  return scenarioSchema.parse({
    id: 'AC-99',
    title: 'expected absence',
    form: 'contact',
    input: { email: EMAIL },
    expect: { submit: { outcome: 'accepted' }, ...expectations },
  });
}

const context = (settle = 0) => checkContext({ within: 1_000, absence: 30, settle });

describe('an expected absence written as a count of 0', () => {
  it('notification: { count: 0 } passes when no mail comes, and fails on one that does', async () => {
    const scenario = loaded({ notification: { count: 0, within: '30ms' } });
    const quiet = await checkNotification(mailProbe([]), scenario.expect.notification, context());
    expect(quiet.result.verdict).toBe('passed');
    expect(quiet.result.reason).toBe('no notification within 30 ms, as expected');

    const sent = await checkNotification(mailProbe([mail(MARKER)]), scenario.expect.notification, context());
    expect(sent.result.verdict).toBe('failed');
    expect(sent.result.findings).toEqual([
      { aspect: 'messages.count', kind: 'unexpected', expected: '0', actual: '1', withinMs: 30 },
    ]);
  });

  it('crm: { records: 0 } passes when no record appears, and fails on one that does', async () => {
    const scenario = loaded({ crm: { records: 0, within: '30ms' } });
    const quiet = await checkCrm(crmProbe([]), scenario.expect.crm, context());
    expect(quiet.result.verdict).toBe('passed');
    expect(quiet.result.reason).toBe('no CRM record within 30 ms, as expected');

    const created = await checkCrm(crmProbe([record({})]), scenario.expect.crm, context());
    expect(created.result.verdict).toBe('failed');
    expect(created.result.findings).toEqual([
      { aspect: 'records.count', kind: 'unexpected', expected: '0', actual: '1', withinMs: 30 },
    ]);
  });
});

describe('what a stopped case still waits for before its cleanup', () => {
  const probes = { notifications: [mailProbe([]), { ...mailProbe([]), name: 'autoreply' }], analytics: [] };

  it('waits for every CRM record the scenario expects (records: 2), not for one', () => {
    const scenario = loaded({ crm: { records: 2 }, notification: { count: 2 } });
    const seen = { notification: { mailpit: [mail(MARKER)] }, crm: [record({})] };
    expect(stillExpected(scenario, probes, seen)).toEqual({ notification: { mailpit: 2 }, crm: 2 });
  });

  it('waits on each notification channel for what the scenario expects there', () => {
    const scenario = loaded({ notification: {}, notifications: { autoreply: { count: 1 } } });
    const seen = { notification: { mailpit: [mail(MARKER)] }, crm: [] };
    expect(stillExpected(scenario, probes, seen)).toEqual({
      notification: { mailpit: 0, autoreply: 1 },
      crm: 0,
    });
  });

  it('waits for nothing where the scenario expects an absence', () => {
    const scenario = loaded({ crm: { records: 0 }, notification: { count: 0 } });
    expect(stillExpected(scenario, probes, { notification: {}, crm: [] })).toEqual({
      notification: { mailpit: 0 },
      crm: 0,
    });
  });
});

describe('a check whose settle time has passed', () => {
  it('keeps reading at its back-off pace while another expected event never comes: no busy loop', async () => {
    let reads = 0;
    const lead: AnalyticsEvent = {
      name: 'generate_lead',
      params: {},
      utm: {},
      at: new Date(),
      source: 'ga4',
      raw: '',
    };
    const capture: AnalyticsCapture = {
      events: () => {
        reads++;
        return [lead];
      },
      changed: ({ signal }) =>
        new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      detach: async () => {},
    };
    const started = Date.now();
    const result = await checkAnalytics(
      new Map([['ga4', capture]]),
      // generate_lead settles after 50 ms; sign_up never fires: the check waits until its deadline.
      { within: 1_500, events: [{ name: 'generate_lead', count: 1 }, { name: 'sign_up' }] },
      context(50),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(result.verdict).toBe('failed');
    // The back-off (250 ms growing to 3 s) reads a handful of times in 1.5 s; a spinning wait
    // read tens of thousands of times. Each read looks at the capture once per expected event.
    expect(reads / seconds).toBeLessThan(40);
  });
});
