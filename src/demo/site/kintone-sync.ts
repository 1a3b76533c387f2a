import type { KintoneLayout } from '../crm/kintone-app.ts';
import { sleep } from '../sleep.ts';
import { CHOICES, choiceLabel, FIELD_LABELS, type Inquiry } from './fields.ts';

/**
 * The site's kintone integration: each accepted inquiry also becomes a record of the company's
 * お問い合わせ管理 app, written by a queue some seconds later (`POST /k/v1/record.json` with the
 * app's API token), the way form-to-kintone services work. Field codes are Japanese, as a
 * kintone app built in Japanese gets them from its labels.
 */

/** The field the `kintoneFieldLost` fault drops from the renewal's write. */
export const KINTONE_LOST_FIELD = '電話番号';

/** 対応状況: what sales sets later; the site writes 未対応 (in scope) or 対象外. */
export const KINTONE_STATUS = ['未対応', '対応中', '完了', '対象外'] as const;

const labels = (key: keyof typeof CHOICES): string[] => CHOICES[key].map((choice) => choice.label);

/** The お問い合わせ管理 app's form (kintone adds レコード番号, 作成者, 作成日時, 更新者, 更新日時). */
export const INQUIRY_APP_LAYOUT: KintoneLayout = {
  会社名: { type: 'SINGLE_LINE_TEXT', required: true },
  氏名: { type: 'SINGLE_LINE_TEXT', required: true },
  メールアドレス: { type: 'LINK', required: true },
  電話番号: { type: 'SINGLE_LINE_TEXT' },
  業種: { type: 'DROP_DOWN', options: labels('industry') },
  従業員規模: { type: 'DROP_DOWN', options: labels('employees') },
  導入時期: { type: 'DROP_DOWN', options: labels('timeline') },
  お問い合わせ内容: { type: 'MULTI_LINE_TEXT', required: true },
  個人情報の取扱いに同意: { type: 'CHECK_BOX', options: ['同意する'] },
  utm_source: { type: 'SINGLE_LINE_TEXT' },
  utm_medium: { type: 'SINGLE_LINE_TEXT' },
  utm_campaign: { type: 'SINGLE_LINE_TEXT' },
  ページURL: { type: 'LINK' },
  対応状況: { type: 'DROP_DOWN', options: KINTONE_STATUS },
  担当者: { type: 'USER_SELECT' },
  対応履歴: {
    type: 'SUBTABLE',
    fields: { 対応日: { type: 'DATE' }, 対応内容: { type: 'MULTI_LINE_TEXT' } },
  },
};

export interface KintoneTarget {
  /** Origin of the kintone-compatible API (like `https://example.cybozu.com`). */
  baseUrl: string;
  appId: string;
  token: string;
  /** How long the queue holds each write (ms). */
  delayMs: number;
}

/** The record a submission writes, `{ code: { value } }`; `drop` leaves fields out. */
export function inquiryRecord(
  inquiry: Inquiry,
  options: { inScope: boolean; drop?: readonly string[] },
): Record<string, { value: string | string[] }> {
  const record: Record<string, { value: string | string[] }> = {
    会社名: { value: inquiry.company },
    氏名: { value: inquiry.name },
    メールアドレス: { value: inquiry.email },
    電話番号: { value: inquiry.phone },
    業種: { value: choiceLabel('industry', inquiry.industry) },
    従業員規模: { value: choiceLabel('employees', inquiry.employees) },
    導入時期: { value: choiceLabel('timeline', inquiry.timeline) },
    お問い合わせ内容: { value: inquiry.message },
    [FIELD_LABELS.consent]: { value: inquiry.consent ? ['同意する'] : [] },
    utm_source: { value: inquiry.utm.source },
    utm_medium: { value: inquiry.utm.medium },
    utm_campaign: { value: inquiry.utm.campaign },
    ページURL: { value: inquiry.pageUrl },
    対応状況: { value: options.inScope ? '未対応' : '対象外' },
  };
  for (const code of options.drop ?? []) delete record[code];
  return record;
}

/** Waits out the queue, then adds the record; resolves with its `$id`. */
export async function writeInquiryRecord(
  target: KintoneTarget,
  record: Record<string, { value: string | string[] }>,
  signal: AbortSignal,
): Promise<string> {
  await sleep(target.delayMs, signal);
  if (signal.aborted) throw new Error('the demo world stopped before the queued kintone write');
  const res = await fetch(`${target.baseUrl}/k/v1/record.json`, {
    method: 'POST',
    headers: { 'x-cybozu-api-token': target.token, 'content-type': 'application/json' },
    body: JSON.stringify({ app: target.appId, record }),
    signal,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`kintone add record failed: HTTP ${res.status} ${text.slice(0, 200)}`);
  return String((JSON.parse(text) as { id: string }).id);
}
