import { FIELD_LABELS, type FieldKey, type InquiryInput } from './fields.ts';

export type FieldErrors = Partial<Record<FieldKey, string>>;

const DASHES = /[‐‑‒–—―−ーｰ－]/g;

/** Full-width digits, hyphens and spaces to half-width (`０３－１２３４－５６７８` → `03-1234-5678`). */
export function toHalfWidthPhone(value: string): string {
  return value.normalize('NFKC').replace(DASHES, '-').trim();
}

/** `（株）`/`(株)`/`㈱` → `株式会社`, `（有）`/`(有)`/`㈲` → `有限会社`, spaces tidied. */
export function normaliseCompany(value: string): string {
  return value
    .replace(/[（(]\s*株\s*[）)]|㈱/g, '株式会社')
    .replace(/[（(]\s*有\s*[）)]|㈲/g, '有限会社')
    .replace(/[\s　]+/g, ' ')
    .trim();
}

export interface NormaliseOptions {
  /** false reproduces renewal defect D4: the phone number stays as typed. */
  phone: boolean;
}

/** The legacy build's normalisation of a raw submission. */
export function normalise(input: InquiryInput, options: NormaliseOptions = { phone: true }): InquiryInput {
  return {
    ...input,
    company: normaliseCompany(input.company),
    name: input.name.replace(/[\s　]+/g, ' ').trim(),
    email: input.email.trim(),
    phone: options.phone ? toHalfWidthPhone(input.phone) : input.phone.trim(),
    message: input.message.trim(),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9-]{8,15}[0-9]$/;

/** Japanese messages shown next to the fields. */
export const ERROR_MESSAGES = {
  required: (key: FieldKey) => `${FIELD_LABELS[key]}を入力してください。`,
  email: 'メールアドレスの形式が正しくありません。',
  phone: '電話番号の形式が正しくありません。',
  consent: '個人情報の取扱いへの同意が必要です。',
} as const;

/** Server-side validation; the phone number is checked in half-width form whatever is stored. */
export function validate(input: InquiryInput): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of ['company', 'name', 'email', 'message'] as const) {
    if (input[key].trim() === '') errors[key] = ERROR_MESSAGES.required(key);
  }
  if (!errors.email && !EMAIL.test(input.email.trim())) errors.email = ERROR_MESSAGES.email;
  const phone = toHalfWidthPhone(input.phone);
  if (phone !== '' && (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 10))
    errors.phone = ERROR_MESSAGES.phone;
  if (!input.consent) errors.consent = ERROR_MESSAGES.consent;
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
