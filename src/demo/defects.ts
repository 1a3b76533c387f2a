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

export type DefectId = 'D1' | 'D2' | 'D3' | 'D4';

export interface PlantedCatch {
  defect: DefectId;
  /** The scenario of the demo pack (scenarios/) that shows it. */
  scenario: string;
  check: 'submit' | 'notification' | 'crm' | 'analytics';
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
