/** What differs between the two builds' downstream behaviour: the planted renewal defects. */

export type BuildName = 'legacy' | 'renewal';

export interface BuildBehaviour {
  build: BuildName;
  /** D1 (notification) when false: the mail has no 電話番号 line. */
  mailListsPhone: boolean;
  /** D2 (crm) when false: utm_source / utm_medium / utm_campaign are not sent to the CRM. */
  crmGetsUtm: boolean;
  /** D4 (crm) when false: 電話番号 reaches the CRM as typed (full-width stays full-width). */
  normalisesPhone: boolean;
  /** D3 (analytics) when 2: the thank-you page fires generate_lead twice. */
  generateLeadTimes: 1 | 2;
}

export function behaviourOf(build: BuildName, defects: boolean): BuildBehaviour {
  const planted = build === 'renewal' && defects;
  return {
    build,
    mailListsPhone: !planted,
    crmGetsUtm: !planted,
    normalisesPhone: !planted,
    generateLeadTimes: planted ? 2 : 1,
  };
}
