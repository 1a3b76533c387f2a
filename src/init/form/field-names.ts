/**
 * Logical keys and sample values for the fields a Japanese or English inquiry form usually has,
 * chosen from the label a person reads (and the control's type).
 */
export type SampleKind = 'happy' | 'fullWidth';

interface KnownField {
  key: string;
  label: RegExp;
  /** Only for these control kinds (default: any). */
  kinds?: readonly string[];
  happy?: string;
  fullWidth?: string;
}

// Order matters: the first match wins (会社名 before 名前, メールアドレス（確認） before メール).
const KNOWN: readonly KnownField[] = [
  { key: 'consent', label: /同意|個人情報|プライバシー|privacy|agree|consent/i, kinds: ['checkbox'] },
  {
    key: 'company',
    label: /会社|企業名|法人名|団体名|組織名|貴社名|御社名|company|organi[sz]ation/i,
    happy: '株式会社テスト商事',
    fullWidth: '（株）テスト商事',
  },
  { key: 'department', label: /部署|所属|department/i, happy: '営業部', fullWidth: '営業部' },
  { key: 'position', label: /役職|position|job title/i, happy: '部長', fullWidth: '部長' },
  {
    key: 'nameKana',
    label: /フリガナ|ふりがな|カナ|かな|よみ|kana/i,
    happy: 'ヤマダ タロウ',
    fullWidth: 'ヤマダ　タロウ',
  },
  { key: 'lastName', label: /^(姓|last name|family name)$/i, happy: '山田', fullWidth: '山田' },
  { key: 'firstName', label: /^(名|first name|given name)$/i, happy: '太郎', fullWidth: '太郎' },
  {
    key: 'emailConfirm',
    label: /(メール|mail).*(確認|再入力|confirm)/i,
    happy: '{{email}}',
    fullWidth: '{{email}}',
  },
  { key: 'email', label: /メール|e-?mail/i, happy: '{{email}}', fullWidth: '{{email}}' },
  { key: 'phone', label: /電話|tel|phone/i, happy: '03-1234-5678', fullWidth: '０３－１２３４－５６７８' },
  { key: 'postalCode', label: /郵便番号|〒|zip|postal/i, happy: '100-0001', fullWidth: '１００－０００１' },
  { key: 'prefecture', label: /都道府県|prefecture/i, happy: '東京都', fullWidth: '東京都' },
  {
    key: 'address',
    label: /住所|所在地|address/i,
    happy: '東京都千代田区千代田1-1',
    fullWidth: '東京都千代田区千代田１－１',
  },
  {
    key: 'website',
    label: /url|ホームページ|ウェブサイト|website/i,
    happy: 'https://example.com/',
    fullWidth: 'https://example.com/',
  },
  {
    key: 'name',
    label: /氏名|名前|担当者|^name$|your name|full name/i,
    happy: '山田 太郎',
    fullWidth: '山田　太郎',
  },
  { key: 'industry', label: /業種|業界|industry/i },
  { key: 'employees', label: /従業員|社員数|規模|employees|company size/i },
  { key: 'timeline', label: /時期|timeline|timeframe/i },
  {
    key: 'category',
    label: /種別|件名|区分|項目|用件|category|subject|topic/i,
    happy: 'お問い合わせ',
    fullWidth: 'お問い合わせ',
  },
  {
    key: 'message',
    label: /内容|ご質問|ご相談|ご要望|詳細|備考|message|inquiry|comment|question/i,
    happy: '動作確認のためのお問い合わせです。（{{marker}}）',
    fullWidth: '全角入力の確認です。ＡＢＣ１２３（{{marker}}）',
  },
];

const BY_TYPE: Record<string, string> = { email: 'email', tel: 'phone', url: 'website', textarea: 'message' };

/** The key a field gets in the config and the scenarios: known from its label, else from its type or its name attribute. */
export function fieldKey(label: string, kind: string, nameAttribute: string): string {
  const known = KNOWN.find((k) => (!k.kinds || k.kinds.includes(kind)) && k.label.test(label));
  if (known) return known.key;
  if (BY_TYPE[kind]) return BY_TYPE[kind];
  // entry[corp] → corp, contact_form-name → contact_form-name
  const bracket = /\[([^\]]+)\]$/.exec(nameAttribute)?.[1] ?? nameAttribute;
  const cleaned = bracket.replace(/[^A-Za-z0-9_-]/g, '');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : 'field';
}

/** A value a person would type into a text field with this key, or undefined when there is no sensible guess. */
export function sampleText(key: string, sample: SampleKind): string | undefined {
  const known = KNOWN.find((k) => k.key === key);
  return sample === 'happy' ? known?.happy : (known?.fullWidth ?? known?.happy);
}

/** Required markers a site shows next to a label. */
export const REQUIRED_MARKER = /必須|\brequired\b|[*＊]/i;

/** Strips required/optional badges from a label: 会社名【必須】 → 会社名, Name * → Name. */
export function cleanLabel(text: string): string {
  return text
    .replace(/[【［[（(]?\s*(必須|任意|required|optional)\s*[】］\]）)]?/gi, '')
    .replace(/[*＊※]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The page's language is Japanese: by its lang attribute, else by Japanese characters in its labels. */
export function isJapanese(lang: string, labels: readonly string[]): boolean {
  if (lang) return lang.toLowerCase().startsWith('ja');
  return labels.some((l) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(l));
}
