import type { Messages } from '../../foundation/i18n/index.ts';
import type { CheckName, Verdict } from '../../scenario/case-result.ts';
import type { FindingsTemplate } from '../../scenario/render-findings.ts';

/** A compared value after normalisation; null = absent on that side. */
export type DiffValue = string | number | boolean | null;

export type DiffKind = 'regression' | 'change';

/** Where a difference was found: one of the four checks, or the case as a whole (missing, new). */
export type DiffCheck = CheckName | 'case';

/** One thing the candidate does differently from the baseline. */
export interface Difference {
  /** Scenario id (the acceptance criterion), e.g. AC-01. */
  scenario: string;
  title: string;
  check: DiffCheck;
  /** A further notification channel, as the scenario names it (expect.notifications.<channel>). */
  channel?: string;
  /**
   * What differs: `verdict`, `case`, or an aspect in the grammar of the findings
   * (src/scenario/findings.ts): `fields.電話番号`, `records.count`, `events.generate_lead[ga4].count`.
   */
  aspect: string;
  /** Which message or record (1-based), when either side has several: shown as `messages[2].fields.電話番号`. */
  item?: number;
  baseline: DiffValue;
  candidate: DiffValue;
  /** regression: the baseline was fine and the candidate is wrong or missing; change: any other difference. */
  kind: DiffKind;
  /** In plain words, naming both sides. */
  reason: string;
}

/** One side of the comparison. */
export interface DiffSide {
  target: string;
  url: string;
  runId: string;
  startedAt: string;
  version: string;
  /** The report file, when the report was read from one. */
  file?: string;
}

export interface DiffCounts {
  regressions: number;
  changes: number;
}

export interface DiffResult {
  /** 2: `aspect` is the findings' key and `item` says which message or record (1 had both in `aspect`). */
  schemaVersion: 2;
  baseline: DiffSide;
  candidate: DiffSide;
  scenarios: {
    /** Scenario ids run on both sides. */
    compared: string[];
    onlyInBaseline: string[];
    onlyInCandidate: string[];
  };
  summary: DiffCounts & { byCheck: Record<DiffCheck, DiffCounts> };
  differences: Difference[];
  /** Case verdicts per scenario on both sides, for the renderers' overview. */
  verdicts: Array<{ scenario: string; title: string; baseline: Verdict | null; candidate: Verdict | null }>;
}

export interface DiffOptions {
  /** Which target of the baseline report to compare, when it holds more than one. */
  baselineTarget?: string;
  /** Which target of the candidate report to compare, when it holds more than one. */
  candidateTarget?: string;
  /** Report files, shown in the output. */
  baselineFile?: string;
  candidateFile?: string;
  /**
   * Analytics events sent once per page load. Their counts follow the number of pages, which a
   * rebuild may change (a new confirmation step), so a different count is a change, not a
   * regression — unless the event is gone. Default: {@link PER_PAGE_EVENTS}; `gtm.*` always count as such.
   */
  perPageEvents?: readonly string[];
  /** How the candidate's findings are worded in the reasons (default: the catalog's wording). */
  template?: FindingsTemplate;
  /** The language of the reasons (default English: diff.json keeps English reasons; the renderers may diff again in another). */
  messages?: Messages;
}

export const PER_PAGE_EVENTS: readonly string[] = [
  'page_view',
  'user_engagement',
  'scroll',
  'session_start',
  'first_visit',
];

/** Thrown when the reports cannot be paired: which target to compare is ambiguous or unknown. */
export class DiffUsageError extends Error {
  readonly code = 'CUTOVER_DIFF_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'DiffUsageError';
  }
}
