import type { CharsetProblem } from '../probes/index.ts';

/**
 * Findings: what a failed check found wrong, as data. Every failed CheckResult carries one finding
 * per thing that is wrong; its reason sentence and details are rendered from them
 * (render-findings.ts), and whatever judges results — the parity diff, `cutover demo` — reads the
 * findings, never the sentences.
 *
 * A finding is about one **aspect** of its check: a stable key, relative to the check (the check's
 * name is on the CheckResult), in the same grammar the parity diff names what it compares:
 *
 * | check        | aspect                                   | what                                              |
 * | ------------ | ---------------------------------------- | ------------------------------------------------- |
 * | submit       | `outcome`                                | accepted / rejected / error / timeout             |
 * |              | `fieldErrors.<field key>`                | the error shown at one field (`fieldErrors.email`) |
 * | notification | `messages.count`                         | how many notifications arrived                    |
 * |              | `to`, `from`, `subject`, `body`          | the message's recipients, sender, subject, text   |
 * |              | `fields.<label>`                         | a field of the body (`fields.電話番号`): body-fields.ts |
 * |              | `subject.charset`, `body.charset`, `html.charset` | the bytes of the subject, text or HTML body against their declared charset |
 * | crm          | `records.count`                          | how many records carry the synthetic email        |
 * |              | `records.updated`                        | whether the last submission updated a record      |
 * |              | `fields.<property>`                      | a property of the record (`fields.utm_source`)    |
 * | analytics    | `events.<name>[<source>].count`          | how often the event fired (`events.generate_lead[ga4].count`) |
 * |              | `events.<name>[<source>].params.<key>`   | a parameter of the event                          |
 * |              | `events.<name>[<source>].utm.<key>`      | a UTM value of the event's page (`utm.source`)    |
 * |              | `events.<name>[<source>].hit.<key>`      | a parameter of the GA4 hit that carried it (`hit.gcs`) |
 * | form         | `fields.<field key>`                     | a value the form held just before it was sent      |
 * | any          | `delay`                                  | final click → arrival (or outcome), against the SLA |
 *
 * Build keys with {@link aspect}; read one back with {@link parseAspect}.
 */

/**
 * - `missing`: something the scenario expects is not there (no value, no mail, no record, no event).
 * - `differs`: it is there with another value.
 * - `count`: there are more or fewer items than the exact number expected.
 * - `late`: it arrived, after the SLA.
 * - `unexpected`: something is there that must not be (a mail where none is expected, an error
 *   on a field that should have none, a value where `absent` was asked).
 * - `mojibake`: a part of a mail is not in the charset it declares, so its reader sees 文字化け
 *   (`expected`: the declared charset; `actual`: the one the bytes are in, when that is plain;
 *   `charset`: what is wrong).
 */
export const FINDING_KINDS = ['missing', 'differs', 'count', 'late', 'unexpected', 'mojibake'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** How a value finding's `expected` is compared: the scenario's matcher. */
export const MATCH_KINDS = ['equals', 'contains', 'matches', 'present', 'absent'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface Finding {
  /** What the finding is about, relative to the check: `fields.電話番号`, `messages.count`, `delay`. */
  aspect: string;
  kind: FindingKind;
  /**
   * What the scenario asked for. A value (or the text to contain, or the pattern) for value
   * aspects; a whole number for counts (`"1"`); milliseconds for `delay` (the SLA, `"30000"`);
   * the outcome for `outcome` (`"accepted"`). Absent when there is nothing to state (`present`).
   */
  expected?: string;
  /** What was found, in the same terms; absent when nothing was found. Long values are shortened (…). */
  actual?: string;
  /** For value aspects: how `expected` is compared (default equals). */
  match?: MatchKind;
  /** 1-based position of the message, record or event it is about, when the check found several. */
  item?: number;
  /** How long cutover looked, for what did not arrive or must not arrive (ms). */
  withinMs?: number;
  /** Text from outside cutover that goes with it (the browser's error), shown as is, never parsed. */
  note?: string;
  /**
   * For `delay`: the measured interval (src/scenario/delay.ts). `actual` is its upper bound; when
   * `lowerMs` ≤ `expected` the SLA lies inside the interval and the conservative rule judged it late.
   */
  range?: {
    lowerMs: number;
    upperMs: number;
    resolutionMs: number;
    source: string;
    /** The stamp contradicted cutover's own reads: the bounds are what cutover observed. */
    stampContradicted?: true;
  };
  /**
   * For `mojibake` (a probe's CharsetProblem): `invalid` bytes — the first at `offset` in the part
   * (after transfer decoding) is `byte` —, bytes `mislabelled` (valid in the declared charset only
   * by chance), or a charset a mail reader need not know (`unknown`).
   */
  charset?: { problem: CharsetProblem['problem']; offset?: number; byte?: number };
}

/** Longest `actual` kept in a finding; the evidence holds the whole item. */
export const FINDING_VALUE_MAX = 500;

/** Builders of aspect keys: the one place their grammar is written. */
export const aspect = {
  outcome: 'outcome',
  fieldError: (field: string) => `fieldErrors.${field}`,
  delay: 'delay',
  messagesCount: 'messages.count',
  recordsCount: 'records.count',
  /** `crm: { updated: true }`: a record created before the last submission was changed by it. */
  recordsUpdated: 'records.updated',
  to: 'to',
  from: 'from',
  subject: 'subject',
  body: 'body',
  /** A field of a notification body, or a CRM property. */
  field: (name: string) => `fields.${name}`,
  /** The charset of a mail's subject, text body (`body`) or HTML body. */
  charset: (part: CharsetPart) => `${part}.charset`,
  eventCount: (name: string, source: string) => `events.${name}[${source}].count`,
  eventParam: (name: string, source: string, key: string) => `events.${name}[${source}].params.${key}`,
  eventUtm: (name: string, source: string, key: string) => `events.${name}[${source}].utm.${key}`,
  eventHit: (name: string, source: string, key: string) => `events.${name}[${source}].hit.${key}`,
} as const;

/** An aspect key read back into its parts. */
export type AspectRef =
  | { is: 'outcome' }
  | { is: 'fieldError'; field: string }
  | { is: 'delay' }
  | { is: 'count'; of: 'messages' | 'records' }
  | { is: 'updated' }
  | { is: 'to' | 'from' | 'subject' | 'body' }
  | { is: 'field'; name: string }
  | { is: 'charset'; part: CharsetPart }
  | { is: 'event'; name: string; source: string; part: 'count' }
  | { is: 'event'; name: string; source: string; part: 'params' | 'utm' | 'hit'; key: string }
  | { is: 'other'; key: string };

const EVENT = /^events\.(.+)\[([^[\]]*)\]\.(?:(count)|(params|utm|hit)\.(.+))$/su;

/** The parts of an aspect key built by {@link aspect}; `other` for a key it did not build. */
export function parseAspect(key: string): AspectRef {
  if (['outcome', 'delay', 'to', 'from', 'subject', 'body'].includes(key))
    return { is: key as 'outcome' | 'delay' | 'to' | 'from' | 'subject' | 'body' };
  if (key === 'messages.count') return { is: 'count', of: 'messages' };
  if (key === 'records.count') return { is: 'count', of: 'records' };
  if (key === 'records.updated') return { is: 'updated' };
  if (key === 'subject.charset' || key === 'body.charset' || key === 'html.charset')
    return { is: 'charset', part: key.slice(0, -'.charset'.length) as CharsetPart };
  if (key.startsWith('fieldErrors.')) return { is: 'fieldError', field: key.slice('fieldErrors.'.length) };
  if (key.startsWith('fields.')) return { is: 'field', name: key.slice('fields.'.length) };
  const event = EVENT.exec(key);
  if (event) {
    const [, name, source, count, part, sub] = event;
    return count
      ? { is: 'event', name: name!, source: source!, part: 'count' }
      : { is: 'event', name: name!, source: source!, part: part as 'params' | 'utm' | 'hit', key: sub! };
  }
  return { is: 'other', key };
}

/**
 * The aspect as a path naming the item too, for tables: `messages[2].fields.電話番号`,
 * `records[2].fields.phone`; analytics events are grouped, never positioned.
 */
export function aspectPath(check: string, key: string, item?: number): string {
  if (item === undefined) return key;
  if (check === 'notification') return `messages[${item}].${key}`;
  if (check === 'crm') return `records[${item}].${key}`;
  return `${key} #${item}`;
}

/** A value cut to {@link FINDING_VALUE_MAX} characters (…), for `expected` and `actual`. */
export function findingValue(text: string): string {
  return text.length > FINDING_VALUE_MAX ? `${text.slice(0, FINDING_VALUE_MAX - 1)}…` : text;
}

/** The parts of a mail a charset finding is about: its subject, text body, HTML body. */
export type CharsetPart = 'subject' | 'body' | 'html';

const CHARSET_PART: Record<CharsetProblem['part'], CharsetPart> = {
  subject: 'subject',
  text: 'body',
  html: 'html',
};

/** A probe's CharsetProblem as a finding of the notification check. */
export function mojibakeFinding(problem: CharsetProblem, item?: number): Finding {
  return {
    aspect: aspect.charset(CHARSET_PART[problem.part]),
    kind: 'mojibake',
    ...(problem.declared !== undefined ? { expected: problem.declared } : {}),
    ...(problem.looksLike !== undefined ? { actual: problem.looksLike } : {}),
    ...(item !== undefined ? { item } : {}),
    charset: {
      problem: problem.problem,
      ...(problem.offset !== undefined ? { offset: problem.offset } : {}),
      ...(problem.byte !== undefined ? { byte: problem.byte } : {}),
    },
  };
}
