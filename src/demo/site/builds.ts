/** What differs between the two builds' downstream behaviour: the planted renewal defects. */

export type BuildName = 'legacy' | 'renewal' | 'embedded';

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

/**
 * The embedded build's planted defects (D5–D9), each a way a vendor's embed goes wrong; false
 * means the defect is there.
 */
export interface EmbeddedBehaviour {
  /** D5 when false: the 送信する button stays enabled after a click, so a double click sends twice. */
  disablesButton: boolean;
  /** D6 when false: the form posts url-encoded, so the attachment never arrives. */
  uploadsAttachment: boolean;
  /** D7 when false: the page disables 都道府県 after the zip lookup fills it, so it is not sent. */
  sendsAutofilled: boolean;
  /** D8 when false: the newsletter opt-in comes pre-ticked. */
  optInUnticked: boolean;
  /** D9 when false: generate_lead carries the consent state of page load (G100), not the current one. */
  conversionHonoursConsent: boolean;
}

export function embeddedBehaviour(defects: boolean): EmbeddedBehaviour {
  return {
    disablesButton: !defects,
    uploadsAttachment: !defects,
    sendsAutofilled: !defects,
    optInUnticked: !defects,
    conversionHonoursConsent: !defects,
  };
}

export function behaviourOf(build: BuildName, defects: boolean): BuildBehaviour {
  // D1–D4 are the renewal's; the embedded build has its own (embeddedBehaviour).
  const planted = build === 'renewal' && defects;
  return {
    build,
    mailListsPhone: !planted,
    crmGetsUtm: !planted,
    normalisesPhone: !planted,
    generateLeadTimes: planted ? 2 : 1,
  };
}
