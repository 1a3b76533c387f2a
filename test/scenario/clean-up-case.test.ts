import { describe, expect, it, vi } from 'vitest';
import { cleanUpCase } from '../../src/cleanup/clean-up-case.ts';
import {
  type CrmProbe,
  type CrmRecord,
  type NotificationMessage,
  type NotificationProbe,
  ProbeError,
} from '../../src/probes/probe.ts';

const MARKER = 'ct-20261126-7f3a9c';
const OTHER_MARKER = 'ct-20261126-000000';
const signal = new AbortController().signal;

function mail(id: string, text: string): NotificationMessage {
  return {
    id,
    receivedAt: new Date(),
    to: ['sales@demo.cutover.test'],
    subject: '【お問い合わせ】株式会社テスト商事 様',
    text,
  };
}

function record(id: string, email: string): CrmRecord {
  return { id, createdAt: new Date(), fields: { email, company: '株式会社テスト商事' } };
}

/** Probes whose delete is a spy: what reached it is exactly what would have been deleted. */
function spyProbes(options: { failWith?: Error } = {}) {
  const notificationDelete = vi.fn(async (_items: NotificationMessage[]) => {
    if (options.failWith) throw options.failWith;
  });
  const crmDelete = vi.fn(async (_items: CrmRecord[]) => {
    if (options.failWith) throw options.failWith;
  });
  const notification: NotificationProbe = {
    name: 'mailpit',
    timestamps: { source: 'Mailpit Created', resolutionMs: 1, clock: 'system' },
    find: async () => [],
    delete: (items) => notificationDelete(items),
  };
  const crm: CrmProbe = {
    name: 'hubspot',
    timestamps: { source: 'HubSpot createdAt', resolutionMs: 1, clock: 'system' },
    find: async () => [],
    delete: (items) => crmDelete(items),
  };
  return { notification, crm, notificationDelete, crmDelete };
}

describe('cleanUpCase: deletes exactly what this case created', () => {
  it('deletes marked items by id and reports each', async () => {
    const probes = spyProbes();
    const entries = await cleanUpCase({
      marker: MARKER,
      notification: [{ probe: probes.notification, items: [mail('m1', `utm_campaign: ${MARKER}`)] }],
      crm: { probe: probes.crm, items: [record('101', `qa+${MARKER}@example.com`)] },
      signal,
    });
    expect(probes.notificationDelete).toHaveBeenCalledOnce();
    expect(probes.notificationDelete.mock.calls[0]![0].map((m) => m.id)).toEqual(['m1']);
    expect(probes.crmDelete.mock.calls[0]![0].map((r) => r.id)).toEqual(['101']);
    expect(entries).toEqual([
      { system: 'notification', probe: 'mailpit', id: 'm1', result: 'deleted' },
      { system: 'crm', probe: 'hubspot', id: '101', result: 'deleted' },
    ]);
  });

  it('refuses an unmarked item or one carrying another run’s marker, reports it, and still deletes the marked ones', async () => {
    const probes = spyProbes();
    const entries = await cleanUpCase({
      marker: MARKER,
      notification: [
        {
          probe: probes.notification,
          items: [
            mail('real-customer', 'お問い合わせ内容: 本物のお客様です'),
            mail('ours', `お問い合わせ内容: 確認です（${MARKER}）`),
            mail('other-run', `お問い合わせ内容: 別の実行です（${OTHER_MARKER}）`),
          ],
        },
      ],
      crm: {
        probe: probes.crm,
        items: [record('201', 'customer@example.co.jp'), record('202', `qa+${OTHER_MARKER}@example.com`)],
      },
      signal,
    });
    expect(probes.notificationDelete.mock.calls.flatMap(([items]) => items.map((m) => m.id))).toEqual([
      'ours',
    ]);
    expect(entries).toEqual([
      expect.objectContaining({ system: 'notification', id: 'real-customer', result: 'refused' }),
      expect.objectContaining({ system: 'notification', id: 'other-run', result: 'refused' }),
      { system: 'notification', probe: 'mailpit', id: 'ours', result: 'deleted' },
      expect.objectContaining({ system: 'crm', id: '201', result: 'refused' }),
      expect.objectContaining({ system: 'crm', id: '202', result: 'refused' }),
    ]);
    for (const refused of entries.filter((e) => e.result === 'refused')) {
      expect(refused.reason).toBe(`does not carry the marker ${MARKER}; left in place`);
    }
    // Nothing of the CRM was this case's: no delete call at all.
    expect(probes.crmDelete).not.toHaveBeenCalled();
  });

  it('never calls delete with an empty list (Mailpit deletes EVERY message then)', async () => {
    const probes = spyProbes();
    expect(
      await cleanUpCase({
        marker: MARKER,
        notification: [{ probe: probes.notification, items: [] }],
        crm: { probe: probes.crm, items: [] },
        signal,
      }),
    ).toEqual([]);
    await cleanUpCase({
      marker: MARKER,
      notification: [{ probe: probes.notification, items: [mail('unmarked', 'no marker here')] }],
      signal,
    });
    expect(probes.notificationDelete).not.toHaveBeenCalled();
    expect(probes.crmDelete).not.toHaveBeenCalled();
  });

  it('asks to delete an item found twice only once', async () => {
    const probes = spyProbes();
    const twice = mail('m1', MARKER);
    const entries = await cleanUpCase({
      marker: MARKER,
      notification: [{ probe: probes.notification, items: [twice, { ...twice }] }],
      signal,
    });
    expect(probes.notificationDelete.mock.calls[0]![0]).toHaveLength(1);
    expect(entries).toHaveLength(1);
  });

  it('reports a failing delete as failed, with the reason, for each item it left', async () => {
    const probes = spyProbes({
      failWith: new ProbeError('hubspot', 'auth', 'HubSpot answered 401: token rejected'),
    });
    const entries = await cleanUpCase({
      marker: MARKER,
      notification: [{ probe: probes.notification, items: [mail('m1', MARKER), mail('m2', MARKER)] }],
      crm: { probe: probes.crm, items: [record('101', `qa+${MARKER}@example.com`)] },
      signal,
    });
    expect(entries).toEqual([
      {
        system: 'notification',
        probe: 'mailpit',
        id: 'm1',
        result: 'failed',
        reason: 'HubSpot answered 401: token rejected',
      },
      {
        system: 'notification',
        probe: 'mailpit',
        id: 'm2',
        result: 'failed',
        reason: 'HubSpot answered 401: token rejected',
      },
      {
        system: 'crm',
        probe: 'hubspot',
        id: '101',
        result: 'failed',
        reason: 'HubSpot answered 401: token rejected',
      },
    ]);
  });
});
