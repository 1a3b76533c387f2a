/**
 * When a sweep cannot finish: a delete the CRM refuses is reported per item (exit 1: something
 * is still there), a CRM that refuses to be read makes the probe an error (exit 3: what it holds
 * is unknown), and an item without a marker is never deleted, whatever the CRM's list returned.
 */

import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { sweepTargets } from '../../src/cleanup/sweep.ts';
import { exitCodeOf } from '../../src/cli/commands/cleanup.ts';
import { configSchema } from '../../src/config/index.ts';
import { probeTestKit } from '../support/probe-deps.ts';

const API = 'https://crm.example.test/api';

function config() {
  return configSchema.parse({
    forms: { contact: { fields: { company: '会社名' } } },
    targets: {
      staging: {
        url: 'https://staging.example.co.jp',
        forms: {
          contact: { path: '/contact/', submit: '送信', success: { text: 'ありがとうございました' } },
        },
        probes: {
          crm: {
            use: 'rest',
            find: `${API}/leads?email={email}`,
            sweep: `${API}/leads?q={prefix}&since={since}`,
            delete: `${API}/leads/{id}`,
            records: '$.data',
            id: 'id',
            createdAt: 'created_at',
            fields: 'attributes',
          },
        },
      },
    },
  });
}

function crm(options: { deleteStatus?: (id: string) => number; listStatus?: number }) {
  const deleted: string[] = [];
  const kit = probeTestKit([
    http.get(`${API}/leads`, () => {
      if (options.listStatus) return HttpResponse.json({ error: 'no' }, { status: options.listStatus });
      const created_at = new Date().toISOString();
      return HttpResponse.json({
        data: [
          { id: 1, created_at, attributes: { email: 'qa+ct-20261125-aaaaaa@example.com' } },
          { id: 2, created_at, attributes: { email: 'qa+ct-20261125-bbbbbb@example.com' } },
          { id: 3, created_at, attributes: { email: 'contact-us@example.co.jp', message: 'ct-2026' } },
        ],
      });
    }),
    http.delete(`${API}/leads/:id`, ({ params }) => {
      const status = options.deleteStatus?.(String(params.id)) ?? 204;
      if (status === 204) deleted.push(String(params.id));
      return new HttpResponse(status === 204 ? null : 'forbidden', { status });
    }),
  ]);
  return { kit, deleted };
}

const sweep = (kit: ReturnType<typeof probeTestKit>, remove: boolean) =>
  sweepTargets({
    config: config(),
    targets: ['staging'],
    since: new Date(Date.now() - 86_400_000),
    delete: remove,
    deps: kit.deps,
    signal: kit.call.signal,
  });

describe('a sweep that cannot finish says so', () => {
  it('reports a delete the CRM refuses per item, and exits 1; the unmarked record is never touched', async () => {
    const { kit, deleted } = crm({ deleteStatus: (id) => (id === '2' ? 403 : 204) });
    const report = await sweep(kit, true);
    expect(report.items.map((i) => [i.id, i.marker, i.result])).toEqual([
      ['1', 'ct-20261125-aaaaaa', 'deleted'],
      ['2', 'ct-20261125-bbbbbb', 'failed'],
    ]);
    expect(report.items[1]!.reason).toContain('403');
    expect(deleted).toEqual(['1']);
    expect(kit.dispatcher.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([
      `${API}/leads/1`,
      `${API}/leads/2`,
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('makes a probe that cannot be read an error, and exits 3', async () => {
    const { kit } = crm({ listStatus: 401 });
    const report = await sweep(kit, true);
    expect(report.probes).toEqual([
      expect.objectContaining({ probe: 'rest', status: 'error', reason: expect.stringContaining('401') }),
    ]);
    expect(report.items).toEqual([]);
    expect(kit.dispatcher.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(exitCodeOf(report)).toBe(3);
  });

  it('exits 0 on a dry run that found items: it lists, it does not fail', async () => {
    const { kit } = crm({});
    const report = await sweep(kit, false);
    expect(report.items.map((i) => i.result)).toEqual(['found', 'found']);
    expect(exitCodeOf(report)).toBe(0);
  });
});
