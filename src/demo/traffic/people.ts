import { CHOICES, type Inquiry } from '../site/fields.ts';

/**
 * Fictional people for the demo world's real-looking traffic: Japanese names and companies that
 * read like real ones, at addresses under `.example` (a reserved top-level domain, RFC 2606), so
 * that no generated address can belong to anyone. A test greps every output of cutover for them.
 */

export const FAMILY_NAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
export const GIVEN_NAMES = ['陽菜', '蓮', '結衣', '湊', '美咲', '大翔', '葵', '悠真', 'さくら', '健太'];
const ROMAJI: Record<string, string> = {
  佐藤: 'sato',
  鈴木: 'suzuki',
  高橋: 'takahashi',
  田中: 'tanaka',
  伊藤: 'ito',
  渡辺: 'watanabe',
  山本: 'yamamoto',
  中村: 'nakamura',
  小林: 'kobayashi',
  加藤: 'kato',
  陽菜: 'hina',
  蓮: 'ren',
  結衣: 'yui',
  湊: 'minato',
  美咲: 'misaki',
  大翔: 'hiroto',
  葵: 'aoi',
  悠真: 'yuma',
  さくら: 'sakura',
  健太: 'kenta',
};
export const COMPANIES = [
  { name: '株式会社みどり精機', domain: 'midori-seiki.example' },
  { name: '東和ロジスティクス株式会社', domain: 'towa-logi.example' },
  { name: '合同会社はるかぜ企画', domain: 'harukaze.example' },
  { name: '北斗システム開発株式会社', domain: 'hokuto-sys.example' },
  { name: '株式会社さくら住建', domain: 'sakura-juken.example' },
  { name: '青葉メディカル株式会社', domain: 'aoba-medical.example' },
];
const MESSAGES = [
  '貴社サービスの導入を検討しています。資料と概算のお見積りをお願いできますでしょうか。',
  '来期の予算化に向けて、料金体系と導入事例を教えてください。',
  '現在のシステムからの移行について、一度オンラインでご相談させてください。',
];

/** A small seeded generator (mulberry32): the same seed gives the same people and times. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * One fictional inquirer's inquiry, as the campaign landing page submits it: in scope, or — with
 * `outOfScopeShare` — now and then a student's or job seeker's (業種 the site marks 対象外).
 */
export function fictionalInquiry(
  random: () => number,
  pageUrl: string,
  options: { outOfScopeShare?: number } = {},
): Inquiry {
  const share = options.outOfScopeShare ?? 0;
  const outOfScope = share > 0 && random() < share;
  const family = pick(FAMILY_NAMES, random);
  const given = pick(GIVEN_NAMES, random);
  const company = pick(COMPANIES, random);
  const n = Math.floor(random() * 90) + 10;
  return {
    company: company.name,
    name: `${family} ${given}`,
    email: `${ROMAJI[given]}.${ROMAJI[family]}${n}@${company.domain}`,
    phone: `03-${String(1000 + Math.floor(random() * 9000))}-${String(1000 + Math.floor(random() * 9000))}`,
    industry: pick(
      CHOICES.industry.filter((c) => ['student', 'job_seeker'].includes(c.crm) === outOfScope),
      random,
    ).crm,
    employees: pick(CHOICES.employees, random).crm,
    timeline: pick(CHOICES.timeline, random).crm,
    message: pick(MESSAGES, random),
    consent: true,
    utm: { source: 'newsletter', medium: 'email', campaign: 'spring-campaign' },
    pageUrl,
  };
}
