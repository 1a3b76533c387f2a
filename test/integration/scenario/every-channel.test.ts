import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CutoverConfig, Scenario } from '../../../src/config/index.ts';
import type { DemoWorld } from '../../../src/demo/index.ts';
import { Secret } from '../../../src/foundation/secret.ts';
import type { CaseResult, CheckResult } from '../../../src/scenario/case-result.ts';
import { createCaseRunner } from '../../../src/scenario/case-runner.ts';
import { type DemoRig, loadPack, scenarioOf, startRig, withExpect } from '../../support/demo-rig.ts';

/**
 * One inquiry, every channel it reaches (issue #22): the sales mail, the 自動返信 to the visitor
 * (HTML only on the renewal), a Teams post, and a kintone app written by a queue seconds later.
 * One scenario checks all of them, each defect is caught on its own channel with the probe
 * named, and cleanup leaves nothing on any of them.
 */

const pack = await loadPack();
const AC01 = scenarioOf(pack, 'AC-01');
/** kintone is written this long after the submission, by the site's queue. */
const QUEUE_MS = 5_000;
let rig: DemoRig;
let teamsPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  teamsPort = await freePort();
  rig = await startRig(pack, {
    world: {
      defects: false,
      kintone: { delayMs: QUEUE_MS },
      teamsWebhookUrl: `http://127.0.0.1:${teamsPort}/hooks/teams`,
    },
    configure: (config, world) => everyChannel(config, world),
  });
}, 60_000);
afterAll(async () => {
  await rig?.stop();
});
afterEach(async () => {
  rig.world.faults.clear();
  await rig.world.idle();
});

/** The renewal wired to all four systems: sales mail, auto-reply, Teams, kintone. */
function everyChannel(config: CutoverConfig, world: DemoWorld): CutoverConfig {
  const renewal = config.targets.renewal!;
  const sales = renewal.probes.notification[0]!;
  if (sales.use !== 'mailpit') throw new Error('the shipped renewal reads its sales mail from Mailpit');
  const kintone = world.kintone;
  if (!kintone || !world.urls.kintone) throw new Error('the world was started without its kintone app');
  return {
    ...config,
    defaults: { ...config.defaults, settle: 500 },
    targets: {
      ...config.targets,
      renewal: {
        ...renewal,
        probes: {
          ...renewal.probes,
          notification: [
            { ...sales, name: 'sales' },
            { ...sales, name: 'autoreply', to: '{email}' },
            { use: 'webhook', name: 'teams', listen: `127.0.0.1:${teamsPort}`, path: '/hooks/teams' },
          ],
          crm: {
            use: 'kintone',
            url: world.urls.kintone,
            app: kintone.appId,
            token: new Secret('kintone token', kintone.token),
            emailField: 'メールアドレス',
            markerField: 'お問い合わせ内容',
            createdTimeField: '作成日時',
            createdAtResolution: 60_000,
          },
        },
      },
    },
  };
}

/** AC-01 expecting every channel: the sales mail, the auto-reply's table, the Teams post, the kintone record. */
const everyExpectation: Scenario = withExpect(AC01, {
  notifications: {
    autoreply: {
      within: 30_000,
      count: 1,
      to: '{{email}}',
      subject: { contains: 'お問い合わせありがとうございます' },
      fields: { 会社名: '株式会社テスト商事', 電話番号: '03-1234-5678' },
    },
    teams: {
      within: 30_000,
      count: 1,
      fields: { 会社名: '株式会社テスト商事', 電話番号: '03-1234-5678' },
    },
  },
  crm: {
    within: 30_000,
    count: 1,
    fields: { 会社名: '株式会社テスト商事', 電話番号: '03-1234-5678', メールアドレス: '{{email}}' },
  },
  analytics: undefined,
});

function channel(result: CaseResult, check: 'notification' | 'crm', name?: string): CheckResult {
  const found = result.checks.find((c) => c.check === check && c.channel === name);
  if (!found)
    throw new Error(
      `no ${check} ${name ?? ''} check in ${JSON.stringify(result.checks.map((c) => [c.check, c.channel]))}`,
    );
  return found;
}

describe('one inquiry on every channel', () => {
  it('checks the sales mail, the HTML-only auto-reply, the Teams post and the kintone record, and cleans all of them', async () => {
    // The record's real write time, watched on the app itself: it lies in (missed, seen].
    const app = rig.world.kintone!.app;
    const before = new Set(app.all().map((r) => r.$id));
    let missedAt = Date.now();
    let seenAt: number | undefined;
    const watching = (async () => {
      for (let i = 0; i < 3000 && seenAt === undefined; i++) {
        const now = Date.now();
        if (app.all().some((r) => !before.has(r.$id))) seenAt = now;
        else missedAt = now;
        await sleep(10);
      }
    })();
    const result = await rig.run('renewal', everyExpectation);
    await watching;

    const verdicts = result.checks.map(
      (c) => `${c.check}${c.channel ? `(${c.channel})` : ''} ${c.verdict}: ${c.reason}`,
    );
    expect(
      verdicts.filter((line) => !/ passed: /.test(line) && !line.startsWith('analytics skipped')),
    ).toEqual([]);
    expect(result.checks.map((c) => c.channel ?? c.check)).toEqual([
      'submit',
      'notification',
      'autoreply',
      'teams',
      'crm',
      'analytics',
    ]);
    expect(channel(result, 'notification', 'autoreply').probe).toBe('autoreply');
    expect(channel(result, 'notification', 'teams').probe).toBe('teams');

    // kintone's 作成日時 is whole minutes: the interval still contains the true delay, never negative.
    const crm = channel(result, 'crm');
    const t0 = Date.parse(result.t0!);
    expect(seenAt).toBeDefined();
    expect(crm.delay!.lowerMs).toBeGreaterThanOrEqual(0);
    expect(crm.delay!.lowerMs).toBeLessThanOrEqual(seenAt! - t0);
    expect(crm.delay!.upperMs).toBeGreaterThanOrEqual(missedAt - t0);
    expect(crm.delay!.source).toBe('kintone 作成日時');

    // Cleanup covered every channel that received something: two mails, the Teams capture, the record.
    const deleted = result.cleanup.filter((e) => e.result === 'deleted').map((e) => `${e.system} ${e.probe}`);
    expect(deleted.sort()).toEqual([
      'crm kintone',
      'notification autoreply',
      'notification sales',
      'notification teams',
    ]);
    expect(app.all().filter((r) => !before.has(r.$id))).toEqual([]);
  }, 120_000);
});

describe('a defect on one channel is caught on that channel, the probe named', () => {
  const cases = [
    {
      fault: 'autoReplyMissing',
      on: ['notification', 'autoreply'],
      finding: { aspect: 'messages.count', kind: 'missing' },
    },
    {
      fault: 'autoReplyFieldLost',
      on: ['notification', 'autoreply'],
      finding: { aspect: 'fields.電話番号', kind: 'missing' },
    },
    {
      fault: 'teamsPostMissing',
      on: ['notification', 'teams'],
      finding: { aspect: 'messages.count', kind: 'missing' },
    },
    {
      fault: 'mislabelledCharset',
      on: ['notification', undefined],
      finding: { aspect: 'body.charset', kind: 'mojibake' },
    },
    {
      fault: 'kintoneFieldLost',
      on: ['crm', undefined],
      finding: { aspect: 'fields.電話番号', kind: 'missing' },
    },
  ] as const;

  it.each(cases)(
    '$fault → $on.0 ($on.1)',
    async ({ fault, on: [check, name], finding }) => {
      rig.world.faults.set({ [fault]: true });
      // A missing item is waited for its SLA: short here.
      const short = withExpect(everyExpectation, {
        notifications: Object.fromEntries(
          Object.entries(everyExpectation.expect.notifications!).map(([k, v]) => [
            k,
            { ...v, within: 6_000 },
          ]),
        ),
      });
      const result = await rig.run('renewal', short);
      const failed = result.checks.filter((c) => c.verdict !== 'passed' && c.verdict !== 'skipped');
      expect(failed.map((c) => [c.check, c.channel])).toEqual([[check, name]]);
      const caught = channel(result, check, name);
      expect(caught.verdict).toBe('failed');
      expect(caught.findings).toContainEqual(expect.objectContaining(finding));
      if (check === 'notification') expect(caught.probe).toBe(name ?? 'sales');
      // Whatever arrived on the other channels was cleaned up all the same.
      expect(result.cleanup.filter((e) => e.result !== 'deleted')).toEqual([]);
    },
    120_000,
  );
});

describe('what arrives after the case ended', () => {
  it('a kintone record written by the queue after a case that expects nothing of the CRM is still deleted (late sweep)', async () => {
    const app = rig.world.kintone!.app;
    const before = new Set(app.all().map((r) => r.$id));
    const config = { ...rig.config, defaults: { ...rig.config.defaults, lateArrivals: 15_000 } };
    const runner = createCaseRunner({ config, browser: async () => rig.browser });
    try {
      // Checks only the sales mail: the case ends seconds before the queue writes kintone (QUEUE_MS).
      const { crm: _crm, notifications: _n, ...rest } = everyExpectation.expect;
      const result = await runner.run({ target: 'renewal', scenario: { ...everyExpectation, expect: rest } });
      expect(channel(result, 'crm').verdict).toBe('skipped');
      expect(result.cleanup.some((e) => e.system === 'crm')).toBe(false);

      const late = await runner.drainLate(AbortSignal.timeout(60_000));
      expect(late.flatMap((c) => c.entries.map((e) => `${e.system} ${e.probe} ${e.result}`))).toContain(
        'crm kintone deleted',
      );
      expect(app.all().filter((r) => !before.has(r.$id))).toEqual([]);
    } finally {
      await runner.close();
    }
  }, 120_000);
});
