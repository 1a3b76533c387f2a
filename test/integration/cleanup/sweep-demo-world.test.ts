/**
 * The sweep behind `cutover cleanup`, against the demo world's own Mailpit-compatible catcher and
 * HubSpot-compatible CRM, read back through their HTTP APIs: among 200 real-looking items (mail
 * and contacts without markers, Japanese names, some with `ct-` text that is not a marker) lie the
 * leftovers of several crashed or cancelled runs. The dry run lists exactly the leftovers and
 * changes nothing; --yes deletes exactly them, by id; every real item survives, not even marked
 * read; no delete is ever sent without ids.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SweepReport, sweepTargets } from '../../../src/cleanup/sweep.ts';
import type { DemoWorld } from '../../../src/demo/index.ts';
import { mintMarker } from '../../../src/foundation/marker.ts';
import { createHttpClient, type HttpRequest } from '../../../src/http/index.ts';
import {
  type ContactItem,
  contacts,
  createContact,
  type DemoRig,
  loadPack,
  type MailItem,
  mailbox,
  startRig,
} from '../../support/demo-rig.ts';

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['太郎', '花子', '一郎', '美咲', '健太', '陽子', '翔', '由美', '大輔', '真由美'];
const COMPANY = [
  '株式会社山田製作所',
  '東京精機株式会社',
  '(株)大阪商事',
  '有限会社さくら物産',
  'みらい工業合同会社',
];
const ROMAJI = [
  'sato',
  'suzuki',
  'takahashi',
  'tanaka',
  'ito',
  'watanabe',
  'yamamoto',
  'nakamura',
  'kobayashi',
  'kato',
];
/** Text that looks like a marker to a careless eye, and is not one. */
const LOOKALIKES = [
  'ct-2026 年度の導入計画について',
  '型番 CT-20261126-7f3a9c の在庫',
  '部品番号 ct-20261126-7F3A9C',
  '注文 ct-2026112-7f3a9c',
  'abct-20261126-7f3a9c',
  'ct-20261126-7f3a9c0 番',
  'contact-ct-form からの送信',
  'product-ct-100 の見積もり',
];
const FILLER = 'いつもお世話になっております。御社製品の導入を検討しております。'.repeat(8);

const DAY = 86_400_000;
const pack = await loadPack();
let rig: DemoRig;
let world: DemoWorld;
/** Every request the sweep's probes send, to see that no delete goes out without ids. */
const requests: HttpRequest[] = [];

/** The leftovers of four runs on three earlier days, and where each carries its marker. */
const runs = [1, 2, 3, 3].map((daysAgo) => mintMarker('ct', new Date(Date.now() - daysAgo * DAY)));
const leftover = { mail: new Map<string, string>(), contacts: new Map<string, string>() };
let before: { mail: MailItem[]; contacts: ContactItem[] };

beforeAll(async () => {
  const inner = createHttpClient();
  rig = await startRig(pack, {
    browser: false,
    world: { crmSearchLagMs: 0 },
    http: {
      send: (request) => {
        requests.push(request);
        return inner.send(request);
      },
      close: () => inner.close(),
    },
  });
  world = rig.world;
  const send = (subject: string, text: string) => rig.sendMail({ subject, text });

  // 100 real inquiries to the sales inbox; some carry look-alike text, some only past the snippet.
  const mails: Promise<unknown>[] = [];
  for (let i = 0; i < 100; i++) {
    const name = `${FAMILY[i % 10]} ${GIVEN[(i * 3) % 10]}`;
    const company = COMPANY[i % COMPANY.length]!;
    const lookalike = i % 4 === 0 ? LOOKALIKES[i % LOOKALIKES.length]! : '';
    const body = [
      `会社名: ${company}`,
      `氏名: ${name}`,
      `メールアドレス: ${ROMAJI[i % 10]}${i}@${['example.co.jp', 'example.com', 'mirai.example'][i % 3]}`,
      `お問い合わせ内容: ${i % 8 === 0 ? `${FILLER}${lookalike}` : `${lookalike}${FILLER}`}`,
    ].join('\n');
    mails.push(send(`【お問い合わせ】${company} 様${i % 10 === 0 ? `（${lookalike}）` : ''}`, body));
  }
  // 100 real contacts; some at the synthetic email's own domain, some with look-alike text.
  for (let j = 0; j < 100; j++) {
    const email =
      j % 10 === 0
        ? `info${j}@example.com`
        : j % 10 === 5
          ? `qa+ct-2026112-7f3a9c${j}@example.com`
          : `${ROMAJI[j % 10]}.${j}@${['example.co.jp', 'sakura.example'][j % 2]}`;
    await createContact(world, {
      email,
      company: COMPANY[j % COMPANY.length]!,
      lastname: FAMILY[j % 10]!,
      firstname: GIVEN[(j * 7) % 10]!,
      message: j % 3 === 0 ? `${LOOKALIKES[j % LOOKALIKES.length]} についての問い合わせ` : '資料請求',
    });
  }
  await Promise.all(mails);

  // Leftovers: the notification and the contact of crashed runs, found by the marker wherever it is.
  const [a, b, c, d] = runs as [string, string, string, string];
  const leave = async (marker: string, subject: string, text: string) => {
    await send(subject, text);
    const found = (await mailbox(world)).find((m) => m.Subject === subject);
    leftover.mail.set(found!.ID, marker);
  };
  await leave(
    a,
    '【お問い合わせ】株式会社テスト商事 様',
    `会社名: 株式会社テスト商事\nメールアドレス: qa+${a}@example.com\nお問い合わせ内容: 見積もりをお願いします。（${a}）`,
  );
  // Only past the 250-character snippet: found in the raw source.
  await leave(
    b,
    '【お問い合わせ】東京テスト大学 様',
    `会社名: 東京テスト大学\nお問い合わせ内容: ${FILLER}（${b}）`,
  );
  // Only in the subject.
  await leave(c, `【お問い合わせ】テスト（${c}）`, '会社名: 株式会社テスト商事');
  leftover.contacts.set(
    await createContact(world, {
      email: `qa+${a}@example.com`,
      company: '株式会社テスト商事',
      message: `（${a}）`,
    }),
    a,
  );
  // A case whose input email was not the synthetic one: only its message carries the marker.
  leftover.contacts.set(
    await createContact(world, { email: 'yamada@typo.example', message: `形式エラーの確認です。（${c}）` }),
    c,
  );
  leftover.contacts.set(await createContact(world, { email: `qa+${d}@example.com` }), d);
  leftover.contacts.set(
    await createContact(world, { email: `qa+${b}@example.com`, company: '東京テスト大学', message: b }),
    b,
  );
  await world.idle();
  before = { mail: await mailbox(world), contacts: await contacts(world) };
}, 120_000);

afterAll(async () => {
  await rig?.stop();
});

const sweep = (options: { delete?: boolean; since?: Date } = {}): Promise<SweepReport> =>
  sweepTargets({
    config: rig.config,
    targets: ['legacy', 'renewal'],
    since: options.since ?? new Date(Date.now() - 7 * DAY),
    delete: options.delete,
    deps: { http: rig.http },
    signal: AbortSignal.timeout(60_000),
  });

const listed = (report: SweepReport, system: 'notification' | 'crm') =>
  new Map(report.items.filter((i) => i.system === system).map((i) => [i.id, i.marker]));

describe('cutover cleanup’s sweep in the demo world', () => {
  it('holds 200 real items and the leftovers of four runs', () => {
    expect(before.mail).toHaveLength(100 + leftover.mail.size);
    expect(before.contacts).toHaveLength(100 + leftover.contacts.size);
  });

  it('lists every marked leftover (dry run) and changes nothing', async () => {
    const report = await sweep();
    expect(report.dryRun).toBe(true);
    expect(report.probes.map((p) => [p.system, p.probe, p.status, p.targets, p.found])).toEqual([
      ['notification', 'sales', 'swept', ['legacy', 'renewal'], leftover.mail.size],
      // The 自動返信 channel (mail to any synthetic address): the leftovers went to the sales inbox.
      ['notification', 'autoreply', 'swept', ['legacy', 'renewal'], 0],
      ['crm', 'hubspot', 'swept', ['legacy', 'renewal'], leftover.contacts.size],
    ]);
    expect(listed(report, 'notification')).toEqual(leftover.mail);
    expect(listed(report, 'crm')).toEqual(leftover.contacts);
    for (const item of report.items) {
      expect(item.result).toBe('found');
      expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);
    }
    // Not a thing changed — not even a real inquiry marked read.
    expect({ mail: await mailbox(world), contacts: await contacts(world) }).toEqual(before);
  });

  it('finds nothing created before --since', async () => {
    const report = await sweep({ since: new Date(Date.now() + 1000) });
    expect(report.items).toEqual([]);
  });

  it('with --yes deletes exactly the leftovers, by id; every real item survives', async () => {
    const report = await sweep({ delete: true });
    expect(report.items.map((i) => i.result)).toEqual(report.items.map(() => 'deleted'));
    expect(listed(report, 'notification')).toEqual(leftover.mail);
    expect(listed(report, 'crm')).toEqual(leftover.contacts);

    const after = { mail: await mailbox(world), contacts: await contacts(world) };
    expect(after.mail).toEqual(before.mail.filter((m) => !leftover.mail.has(m.ID)));
    expect(after.contacts).toEqual(before.contacts.filter((c) => !leftover.contacts.has(c.id)));
    expect(after.mail).toHaveLength(100);
    expect(after.contacts).toHaveLength(100);

    // And then nothing marked is left.
    expect((await sweep()).items).toEqual([]);
  });

  it('never sent a delete without ids, nor a delete by query', () => {
    const deletes = requests.filter((r) => r.method === 'DELETE');
    expect(deletes.length).toBeGreaterThan(0);
    for (const request of deletes) {
      const url = new URL(String(request.url));
      expect(url.pathname).not.toBe('/api/v1/search');
      if (url.pathname === '/api/v1/messages') {
        expect((request.json as { IDs: string[] }).IDs.length).toBeGreaterThan(0);
      } else {
        expect(url.pathname).toMatch(/^\/crm\/v3\/objects\/contacts\/\d+$/);
      }
    }
  });
});
