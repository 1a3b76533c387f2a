import { describe, expect, it, vi } from 'vitest';
import type { CrmRecord, NotificationMessage } from '../../src/probes/index.ts';
import type { CaseResult } from '../../src/scenario/case-result.ts';
import { createLateSweep } from '../../src/scenario/late-sweep.ts';
import type { TargetProbes } from '../../src/scenario/target-probes.ts';
import { crmProbe, EMAIL, MARKER, mail, mailProbe, record } from '../support/check-fixtures.ts';

/** A case that ended a moment ago, its final click `clickedAgoMs` before now. */
function ended(clickedAgoMs: number): CaseResult {
  const t0 = new Date(Date.now() - clickedAgoMs).toISOString();
  return {
    scenario: { id: 'AC-02', title: 'out of scope', tags: [] },
    target: { name: 'renewal', url: 'http://127.0.0.1', production: false },
    marker: MARKER,
    email: EMAIL,
    verdict: 'passed',
    startedAt: t0,
    t0,
    endedAt: t0,
    durationMs: 0,
    checks: [],
    cleanup: [],
  };
}

/** Probes whose systems hold what `arrived` returns at each read; deletes are recorded and remove items. */
function systems(arrive: { crm: () => CrmRecord[]; autoreply: () => NotificationMessage[] }) {
  const deleted: string[] = [];
  const gone = (id: string) => deleted.includes(id);
  const crm = {
    ...crmProbe([]),
    find: vi.fn(async () => arrive.crm().filter((r) => !gone(r.id))),
    delete: vi.fn(async (records: CrmRecord[]) => void deleted.push(...records.map((r) => r.id))),
  };
  const sales = mailProbe([]);
  const autoreply = {
    ...mailProbe([]),
    name: 'autoreply',
    find: vi.fn(async () => arrive.autoreply().filter((m) => !gone(m.id))),
    delete: vi.fn(async (messages: NotificationMessage[]) => void deleted.push(...messages.map((m) => m.id))),
  };
  const probes: TargetProbes = { notifications: [sales, autoreply], crm, analytics: [] };
  return { probes, deleted, crm };
}

describe('the late sweep: what a case caused after it ended is still cleaned up', () => {
  it('deletes a CRM record a queue wrote after the case ended, and a mail on a channel no check read', async () => {
    let queued = false;
    const { probes, deleted } = systems({
      crm: () => (queued ? [record({ message: `内容 ${MARKER}` }, 'late-1')] : []),
      autoreply: () => [mail(`ご確認ください ${MARKER}`, { id: 'auto-1' })],
    });
    const late = createLateSweep({ boundMs: 400, passMs: 50 });
    late.remember(ended(0), probes);
    setTimeout(() => {
      queued = true;
    }, 150);
    const cleanups = await late.drain(AbortSignal.timeout(5000));
    expect(deleted.sort()).toEqual(['auto-1', 'late-1']);
    expect(
      cleanups.flatMap((c) => c.entries.map((e) => `${e.system} ${e.probe} ${e.id} ${e.result}`)).sort(),
    ).toEqual(['crm hubspot late-1 deleted', 'notification autoreply auto-1 deleted']);
    expect(late.pending).toBe(0);
  });

  it('refuses what does not carry the case’s marker', async () => {
    const { probes, deleted } = systems({
      crm: () => [record({ email: 'customer@example.co.jp' }, 'real-1')],
      autoreply: () => [],
    });
    const late = createLateSweep({ boundMs: 0 });
    late.remember(ended(0), probes);
    const cleanups = await late.sweep(AbortSignal.timeout(5000));
    expect(deleted).toEqual([]);
    expect(cleanups[0]?.entries).toMatchObject([{ id: 'real-1', result: 'refused' }]);
  });

  it('with no bound, one pass at the end and the case is forgotten; a case past its bound is not waited for', async () => {
    const { probes, crm } = systems({ crm: () => [], autoreply: () => [] });
    const late = createLateSweep({ boundMs: 60_000 });
    late.remember(ended(120_000), probes);
    const started = Date.now();
    await late.drain(AbortSignal.timeout(5000));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(crm.find).toHaveBeenCalledOnce();
    expect(late.pending).toBe(0);
  });

  it('remembers nothing of a case that submitted nothing', () => {
    const { probes } = systems({ crm: () => [], autoreply: () => [] });
    const late = createLateSweep({ boundMs: 1000 });
    late.remember({ ...ended(0), t0: undefined }, probes);
    expect(late.pending).toBe(0);
  });
});
