/** The inquiry form's fields, labels and choices, shared by both builds. */

export type FieldKey =
  | 'company'
  | 'name'
  | 'email'
  | 'phone'
  | 'industry'
  | 'employees'
  | 'timeline'
  | 'message'
  | 'consent';

/** Visible labels, identical on both builds (no label is a substring of another). */
export const FIELD_LABELS: Record<FieldKey, string> = {
  company: '会社名',
  name: '氏名',
  email: 'メールアドレス',
  phone: '電話番号',
  industry: '業種',
  employees: '従業員規模',
  timeline: '導入時期',
  message: 'お問い合わせ内容',
  consent: '個人情報の取扱いに同意',
};

export const FIELD_ORDER: readonly FieldKey[] = [
  'company',
  'name',
  'email',
  'phone',
  'industry',
  'employees',
  'timeline',
  'message',
  'consent',
];

export const REQUIRED_FIELDS: ReadonlySet<FieldKey> = new Set([
  'company',
  'name',
  'email',
  'message',
  'consent',
]);

export type SelectKey = 'industry' | 'employees' | 'timeline';

/** One option: its visible label, the value the CRM gets (= legacy option value), the renewal's option value. */
export interface Choice {
  label: string;
  crm: string;
  renewal: string;
}

export const CHOICES: Record<SelectKey, readonly Choice[]> = {
  industry: [
    { label: '製造業', crm: 'manufacturing', renewal: '01' },
    { label: 'IT・通信', crm: 'it_telecom', renewal: '02' },
    { label: '小売・流通', crm: 'retail', renewal: '03' },
    { label: '金融・保険', crm: 'finance', renewal: '04' },
    { label: '不動産・建設', crm: 'real_estate', renewal: '05' },
    { label: '医療・福祉', crm: 'healthcare', renewal: '06' },
    { label: '教育', crm: 'education', renewal: '07' },
    { label: '官公庁・団体', crm: 'public_sector', renewal: '08' },
    { label: 'その他', crm: 'other', renewal: '09' },
    { label: '学生', crm: 'student', renewal: '10' },
    { label: '求職者', crm: 'job_seeker', renewal: '11' },
  ],
  employees: [
    { label: '1-9名', crm: '1-9', renewal: 'a' },
    { label: '10-49名', crm: '10-49', renewal: 'b' },
    { label: '50-99名', crm: '50-99', renewal: 'c' },
    { label: '100-299名', crm: '100-299', renewal: 'd' },
    { label: '300-999名', crm: '300-999', renewal: 'e' },
    { label: '1000名以上', crm: '1000+', renewal: 'f' },
  ],
  timeline: [
    { label: '3か月以内', crm: 'within_3_months', renewal: 't1' },
    { label: '6か月以内', crm: 'within_6_months', renewal: 't2' },
    { label: '1年以内', crm: 'within_1_year', renewal: 't3' },
    { label: '未定', crm: 'undecided', renewal: 't9' },
  ],
};

export const SELECT_PLACEHOLDER = '選択してください';

/** The canonical (CRM) value of a build's option value; unknown values become ''. */
export function fromOptionValue(key: SelectKey, value: string, build: 'legacy' | 'renewal'): string {
  const choice = CHOICES[key].find((c) => (build === 'legacy' ? c.crm : c.renewal) === value);
  return choice?.crm ?? '';
}

export function optionValue(choice: Choice, build: 'legacy' | 'renewal'): string {
  return build === 'legacy' ? choice.crm : choice.renewal;
}

export function choiceLabel(key: SelectKey, crm: string): string {
  return CHOICES[key].find((c) => c.crm === crm)?.label ?? '';
}

/** What the visitor entered, selects as canonical (CRM) values. */
export interface InquiryInput {
  company: string;
  name: string;
  email: string;
  phone: string;
  industry: string;
  employees: string;
  timeline: string;
  message: string;
  consent: boolean;
}

export interface Utm {
  source: string;
  medium: string;
  campaign: string;
}

/** A file the visitor attached, as the backend received it. */
export interface Attachment {
  name: string;
  size: number;
  sha256: string;
}

/** What the embedded お見積り依頼 form adds to an inquiry. */
export interface QuoteDetails {
  zip: string;
  prefecture: string;
  address: string;
  /** null: nothing arrived (none chosen, or the file was dropped on the way). */
  attachment: Attachment | null;
  newsletter: boolean;
}

/** A submission as the backend receives it. */
export interface Inquiry extends InquiryInput {
  utm: Utm;
  /** The form page's URL as the visitor opened it (query string included). */
  pageUrl: string;
  /** The embedded build's お見積り依頼 form only. */
  quote?: QuoteDetails;
}

export const UTM_KEYS = ['source', 'medium', 'campaign'] as const;

export function utmFromQuery(params: URLSearchParams): Utm {
  return {
    source: params.get('utm_source') ?? '',
    medium: params.get('utm_medium') ?? '',
    campaign: params.get('utm_campaign') ?? '',
  };
}

/** `?utm_source=…&…` with only the present values, or '' when there are none. */
export function utmQuery(utm: Utm): string {
  const params = new URLSearchParams();
  for (const key of UTM_KEYS) if (utm[key]) params.set(`utm_${key}`, utm[key]);
  const q = params.toString();
  return q ? `?${q}` : '';
}
