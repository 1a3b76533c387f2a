import type {
  AnalyticsEvidence,
  CrmEvidence,
  NotificationEvidence,
  SubmitEvidence,
} from '../../scenario/case-result.ts';
import type { DiffValue } from './diff-types.ts';
import type { Normaliser } from './normalise.ts';

/** One comparable value a check's evidence shows, keyed by its aspect path. */
export interface Aspect {
  value: DiffValue;
  /** Counts are compared as numbers: more or fewer items is a regression, with exceptions (classify.ts). */
  count?: boolean;
  /** An analytics event sent once per page load: its count follows the number of pages. */
  perPage?: boolean;
  /** Words the check's reason or details name when the check failed on this value. */
  names: string[];
  /** Any failure of the check concerns this value (the submit outcome and its field errors). */
  primary?: boolean;
}

export type Aspects = Map<string, Aspect>;

/**
 * How several items line up: items are compared by position up to the shorter list (the
 * count aspect reports the rest), and named by position only when either side has more than one.
 */
export interface Alignment {
  limit: number;
  indexed: boolean;
}

export function alignment(baseline: number, candidate: number): Alignment {
  return { limit: Math.min(baseline, candidate), indexed: Math.max(baseline, candidate) > 1 };
}

export function submitAspects(e: SubmitEvidence): Aspects {
  const out: Aspects = new Map();
  out.set('outcome', { value: e.outcome, names: ['outcome'], primary: true });
  for (const f of e.fieldErrors)
    out.set(`fieldErrors.${f.field}`, { value: true, names: [f.field], primary: true });
  return out;
}

export function notificationAspects(e: NotificationEvidence, n: Normaliser, align: Alignment): Aspects {
  const out: Aspects = new Map();
  out.set('messages.count', { value: e.messages.length, count: true, primary: true, names: [] });
  for (const [i, m] of e.messages.slice(0, align.limit).entries()) {
    const p = align.indexed ? `messages[${i + 1}].` : '';
    out.set(`${p}to`, {
      value: n(
        [...m.to]
          .map((t) => t.toLowerCase())
          .sort()
          .join(', '),
      ),
      names: ['to'],
    });
    if (m.from !== undefined) out.set(`${p}from`, { value: n(m.from), names: ['from'] });
    out.set(`${p}subject`, { value: n(m.subject), names: ['subject'] });
    for (const [label, value] of Object.entries(m.fields))
      out.set(`${p}fields.${n(label)}`, { value: n(value), names: [label] });
  }
  return out;
}

export function crmAspects(e: CrmEvidence, n: Normaliser, align: Alignment): Aspects {
  const out: Aspects = new Map();
  out.set('records.count', { value: e.records.length, count: true, primary: true, names: [] });
  for (const [i, r] of e.records.slice(0, align.limit).entries()) {
    const p = align.indexed ? `records[${i + 1}].` : '';
    for (const [name, value] of Object.entries(r.fields)) {
      // The CRM probes report missing and empty alike as null: both mean "no value".
      if (value === null || value === '') continue;
      out.set(`${p}fields.${name}`, { value: n(value), names: [name] });
    }
  }
  return out;
}

/**
 * Events grouped by name and source: how many, and for each parameter and UTM the values seen
 * (sorted, distinct) — pages may differ between builds, what the events say must not.
 */
export function analyticsAspects(e: AnalyticsEvidence, n: Normaliser, perPage: ReadonlySet<string>): Aspects {
  const groups = new Map<string, AnalyticsEvidence['events']>();
  for (const event of e.events) {
    const key = `${event.name}[${event.source}]`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const out: Aspects = new Map();
  for (const [key, events] of groups) {
    const name = events[0]!.name;
    out.set(`events.${key}.count`, {
      value: events.length,
      count: true,
      perPage: perPage.has(name) || name.startsWith('gtm.'),
      names: [name, events[0]!.source],
    });
    const values = (pick: (event: AnalyticsEvidence['events'][number]) => Record<string, string>) => {
      const seen = new Map<string, Set<string>>();
      for (const event of events)
        for (const [k, v] of Object.entries(pick(event))) seen.set(k, (seen.get(k) ?? new Set()).add(n(v)));
      return seen;
    };
    for (const [k, set] of values((ev) => ev.params))
      out.set(`events.${key}.params.${k}`, {
        value: [...set].sort().join(' | '),
        names: [name, events[0]!.source, k],
      });
    for (const [k, set] of values((ev) => ev.utm))
      out.set(`events.${key}.utm.${k}`, {
        value: [...set].sort().join(' | '),
        names: [name, events[0]!.source, `utm_${k}`],
      });
  }
  return out;
}
