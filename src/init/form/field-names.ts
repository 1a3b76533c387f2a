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
// Keys are snake_case, as a person names form fields (and as CRMs name their properties).
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
    key: 'email_confirm',
    label: /(メール|mail).*(確認|再入力|confirm)/i,
    happy: '{{email}}',
    fullWidth: '{{email}}',
  },
  { key: 'email', label: /メール|e-?mail/i, happy: '{{email}}', fullWidth: '{{email}}' },
  {
    key: 'phone',
    label: /電話|携帯|tel|phone/i,
    happy: '03-1234-5678',
    fullWidth: '０３－１２３４－５６７８',
  },
  { key: 'zip', label: /郵便番号|〒|zip|postal/i, happy: '100-0001', fullWidth: '１００－０００１' },
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

/** Sample values of the name parts: kanji, katakana and hiragana (a ふりがな field asks for hiragana). */
const NAME_PARTS: Record<string, { happy: string; fullWidth: string; hiragana?: string }> = {
  last_name: { happy: '山田', fullWidth: '山田' },
  first_name: { happy: '太郎', fullWidth: '太郎' },
  last_name_kana: { happy: 'ヤマダ', fullWidth: 'ヤマダ', hiragana: 'やまだ' },
  first_name_kana: { happy: 'タロウ', fullWidth: 'タロウ', hiragana: 'たろう' },
  name_kana: { happy: 'ヤマダ タロウ', fullWidth: 'ヤマダ　タロウ', hiragana: 'やまだ たろう' },
  company_kana: { happy: 'テストショウジ', fullWidth: 'テストショウジ', hiragana: 'てすとしょうじ' },
};

/** The reading of a name, asked for in katakana (フリガナ) or hiragana (ふりがな). */
const KANA = /フリガナ|ふりがな|よみがな|ヨミガナ|カナ|かな|読み|kana|furigana/i;
const HIRAGANA = /ふりがな|よみがな|ひらがな|(^|[\s（(・:：])(せい|めい)([\s)）]|$)/;
/** 姓 / 名 as a field of its own or in brackets after お名前: お名前（姓）, 姓, 氏, セイ, Last name. */
const LAST = /(^|[\s（(・:：/／])(姓|氏|苗字|名字|せい|セイ)([\s)）/／]|$)|last ?name|family ?name|surname/i;
const FIRST = /(^|[\s（(・:：/／])(名|めい|メイ)([\s)）/／]|$)|first ?name|given ?name|forename/i;
const KANA_PART = /(^|[\s（(・:：/／])(せい|セイ|めい|メイ)([\s)）/／]|$)/;

/** Fields a label names in Japanese with no key above: a readable English slug. */
const WORDS: ReadonlyArray<[RegExp, string]> = [
  [/性別/, 'gender'],
  [/年齢/, 'age'],
  [/生年月日|誕生日/, 'birthday'],
  [/予算/, 'budget'],
  [/希望日|日時|日程/, 'preferred_date'],
  [/人数/, 'people'],
  [/きっかけ|知った|認知/, 'referral'],
  [/職種|職業/, 'occupation'],
  [/商品|製品/, 'product'],
  [/サービス/, 'service'],
  [/添付|ファイル/, 'attachment'],
  [/市区町村/, 'city'],
  [/番地|建物/, 'street'],
  [/ファックス|FAX/i, 'fax'],
];

const BY_TYPE: Record<string, string> = { email: 'email', tel: 'phone', url: 'website', textarea: 'message' };

/** A name attribute too generic to read as a key: f123, input_5, item-2, field. */
const GENERIC_NAME = /^(f|q|field|input|item|text|textarea|select|data|col|entry|form|your)[_-]?\d*$/i;

/**
 * The key a field gets in the config and the scenarios, the way a person would name it: from the
 * label first (お名前（姓） → last_name, フリガナ（メイ） → first_name_kana, 会社名 → company),
 * else from the control's type, else a readable slug of the label (English) or of its name
 * attribute, else `field`.
 */
export function fieldKey(label: string, kind: string, nameAttribute: string): string {
  if (kind !== 'checkbox' && kind !== 'radio' && kind !== 'select') {
    const part = namePart(label);
    if (part) return part;
  }
  const known = KNOWN.find((k) => (!k.kinds || k.kinds.includes(kind)) && k.label.test(label));
  if (known) return known.key;
  if (BY_TYPE[kind]) return BY_TYPE[kind];
  const english = slug(label);
  if (english) return english;
  const word = WORDS.find(([pattern]) => pattern.test(label));
  if (word) return word[1];
  // entry[corp] → corp, contactForm-name → contact_form_name
  const bracket = /\[([^\]]+)\]$/.exec(nameAttribute)?.[1] ?? nameAttribute;
  const fromName = slug(bracket.replace(/([a-z0-9])([A-Z])/g, '$1 $2'));
  return fromName && !GENERIC_NAME.test(fromName) ? fromName : 'field';
}

/** last_name, first_name, their _kana readings, name_kana or company_kana; undefined when the label is none of them. */
function namePart(label: string): string | undefined {
  const kana = KANA.test(label) || KANA_PART.test(label);
  const last = LAST.test(label);
  const first = !last && FIRST.test(label);
  if (last || first) {
    // 氏名 is the whole name; 名 inside 会社名 or お名前 is not a part (the patterns need a boundary).
    return `${last ? 'last' : 'first'}_name${kana ? '_kana' : ''}`;
  }
  if (!kana) return undefined;
  const rest = label.replace(KANA, '').replace(/[（()）\s]/g, '');
  const base = rest ? KNOWN.find((k) => !k.kinds && k.label.test(rest))?.key : undefined;
  return base === 'company' ? 'company_kana' : 'name_kana';
}

/** A readable snake_case key from ASCII words (Preferred contact time → preferred_contact_time); undefined otherwise. */
function slug(text: string): string | undefined {
  if (!/^[\x20-\x7e]+$/.test(text)) return undefined;
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 4);
  const key = words.join('_');
  return /^[a-z][a-z0-9_]{1,39}$/.test(key) ? key : undefined;
}

/**
 * A value a person would type into a text field with this key (and label: a ふりがな field gets
 * hiragana), or undefined when there is no sensible guess.
 */
export function sampleText(key: string, sample: SampleKind, label = ''): string | undefined {
  const part = NAME_PARTS[key];
  if (part) return part.hiragana && HIRAGANA.test(label) ? part.hiragana : part[sample];
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
