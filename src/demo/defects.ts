/**
 * The renewal's planted defects (D1–D4, README.md "Planted renewal defects") and where each must
 * be caught when the demo pack runs on legacy and renewal: by scenario, check and aspect. Plain
 * data: the demo world imports nothing from the harness, and `cutover demo` reads this list to
 * judge its own run.
 *
 * An aspect is named the way cutover names what a check compares: `fields.<label>` is a line of
 * the notification mail or a CRM property, `events.<name>[<source>].count` how often an analytics
 * event fired.
 */

export type DefectId = 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8' | 'D9';

export interface PlantedCatch {
  defect: DefectId;
  /** The scenario of the demo pack (scenarios/) that shows it. */
  scenario: string;
  check: 'submit' | 'form' | 'notification' | 'crm' | 'analytics';
  /** Every aspect the defect changes there: each must be a regression in the parity diff. */
  aspects: readonly string[];
  /** missing: gone on the renewal; differs: another value; count: fired another number of times. */
  kind: 'missing' | 'differs' | 'count';
  /**
   * check: the scenario expects the right value, so the renewal's check fails on exactly these
   * aspects (its findings); diff: the scenario asserts nothing there, only the parity diff sees it.
   */
  seenBy: 'check' | 'diff';
  what: string;
}

const PHONE_LINE_LOST = 'the notification mail lost the 電話番号 line';

export const PLANTED_DEFECTS: readonly PlantedCatch[] = [
  {
    defect: 'D1',
    scenario: 'AC-01',
    check: 'notification',
    aspects: ['fields.電話番号'],
    kind: 'missing',
    seenBy: 'check',
    what: PHONE_LINE_LOST,
  },
  {
    defect: 'D1',
    scenario: 'AC-05',
    check: 'notification',
    aspects: ['fields.電話番号'],
    kind: 'missing',
    seenBy: 'check',
    what: PHONE_LINE_LOST,
  },
  // AC-06 asserts nothing about the phone number: only the parity diff sees D1 there.
  {
    defect: 'D1',
    scenario: 'AC-06',
    check: 'notification',
    aspects: ['fields.電話番号'],
    kind: 'missing',
    seenBy: 'diff',
    what: 'the same, seen by the parity diff alone',
  },
  {
    defect: 'D2',
    scenario: 'AC-01',
    check: 'crm',
    aspects: ['fields.utm_source', 'fields.utm_medium', 'fields.utm_campaign'],
    kind: 'missing',
    seenBy: 'check',
    what: 'UTM values are not forwarded to the CRM',
  },
  {
    defect: 'D3',
    scenario: 'AC-01',
    check: 'analytics',
    aspects: ['events.generate_lead[ga4].count', 'events.generate_lead[datalayer].count'],
    kind: 'count',
    seenBy: 'check',
    what: 'generate_lead is fired twice',
  },
  {
    defect: 'D4',
    scenario: 'AC-05',
    check: 'crm',
    aspects: ['fields.phone'],
    kind: 'differs',
    seenBy: 'check',
    what: 'full-width 電話番号 reaches the CRM unnormalised',
  },
];

/**
 * The embedded build's planted defects (D5–D9, README.md "Planted embedded defects"): it has no
 * baseline build to diff against, so each is caught by the scenario's own check alone — on exactly
 * these aspects, with nothing else failing (`seenBy: 'check'` throughout).
 */
export const PLANTED_EMBEDDED_DEFECTS: readonly PlantedCatch[] = [
  {
    defect: 'D5',
    scenario: 'EM-02',
    check: 'notification',
    aspects: ['messages.count'],
    kind: 'count',
    seenBy: 'check',
    what: 'the 送信する button stays enabled: a double click sends two inquiries',
  },
  {
    defect: 'D6',
    scenario: 'EM-01',
    check: 'notification',
    aspects: ['fields.添付ファイル'],
    kind: 'differs',
    seenBy: 'check',
    what: 'the attachment is dropped (the form posts url-encoded)',
  },
  {
    defect: 'D6',
    scenario: 'EM-01',
    check: 'crm',
    aspects: ['fields.attachment_name'],
    kind: 'missing',
    seenBy: 'check',
    what: 'the same, in the CRM contact',
  },
  {
    defect: 'D7',
    scenario: 'EM-01',
    check: 'crm',
    aspects: ['fields.state'],
    kind: 'missing',
    seenBy: 'check',
    what: '都道府県 filled by the zip lookup is shown but not sent',
  },
  {
    defect: 'D8',
    scenario: 'EM-01',
    check: 'form',
    aspects: ['fields.newsletter'],
    kind: 'differs',
    seenBy: 'check',
    what: 'the newsletter opt-in comes pre-ticked',
  },
  {
    defect: 'D9',
    scenario: 'EM-01',
    check: 'analytics',
    aspects: ['events.generate_lead[ga4].hit.gcs'],
    kind: 'differs',
    seenBy: 'check',
    what: 'generate_lead carries the consent state before 同意する (G100)',
  },
];
