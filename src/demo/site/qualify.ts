import type { InquiryInput } from './fields.ts';

/** 業種 values (CRM codes) that are out of scope: 学生, 求職者. */
export const OUT_OF_SCOPE_INDUSTRIES: readonly string[] = ['student', 'job_seeker'];

/** Phrases that mark a message as a sales pitch (matched after NFKC, case-insensitive). */
export const SALES_PITCH_PHRASES: readonly string[] = ['ご提案させて', 'SEO対策', '営業のご案内', '広告掲載'];

export type Qualification = { inScope: true } | { inScope: false; reason: 'industry' | 'sales-pitch' };

/** The site's rule: students, job seekers and sales pitches are 対象外 (out of scope). */
export function qualify(input: InquiryInput): Qualification {
  if (OUT_OF_SCOPE_INDUSTRIES.includes(input.industry)) return { inScope: false, reason: 'industry' };
  const text = input.message.normalize('NFKC').toLowerCase();
  if (SALES_PITCH_PHRASES.some((p) => text.includes(p.normalize('NFKC').toLowerCase()))) {
    return { inScope: false, reason: 'sales-pitch' };
  }
  return { inScope: true };
}
