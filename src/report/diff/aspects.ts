import type {
  AnalyticsEvidence,
  CrmEvidence,
  FormEvidence,
  NotificationEvidence,
  SubmitEvidence,
} from '../../scenario/case-result.ts';
import { aspect as key } from '../../scenario/findings.ts';
import type { DiffValue } from './diff-types.ts';
import type { Normaliser } from './normalise.ts';

/**
 * One comparable value a check's evidence shows. Its aspect is named in the grammar of the
 * findings (src/scenario/findings.ts), so "did the check fail on this value" is a lookup among
 * the check's findings.
 */
export interface Aspect {
  aspect: string;
  /** 1-based position of the message or record, when either side has several. */
  item?: number;
  value: DiffValue;
  /** Counts are compared as numbers: more or fewer items is a regression, with exceptions (classify.ts). */
  count?: boolean;
  /** An analytics event sent once per page load: its count follows the number of pages. */
  perPage?: boolean;
}

/** The aspects of one side, keyed by aspect and item. */
export type Aspects = Map<string, Aspect>;

function put(out: Aspects, a: Aspect): void {
  out.set(a.item === undefined ? a.aspect : `${a.item}\u0000${a.aspect}`, a);
}

/**
 * How several items line up: items are compared by position up to the shorter list (the
 * count aspect reports the rest), and numbered only when either side has more than one.
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
  put(out, { aspect: key.outcome, value: e.outcome });
  for (const f of e.fieldErrors) put(out, { aspect: key.fieldError(f.field), value: true });
  return out;
}

/** What the form held before it was sent (`expect.form`), by field key: `fields.<key>`. */
export function formAspects(e: FormEvidence, n: Normaliser): Aspects {
  const out: Aspects = new Map();
  for (const [field, value] of Object.entries(e.values)) {
    if (value === null || value === '') continue;
    put(out, { aspect: key.field(field), value: n(value) });
  }
  return out;
}

export function notificationAspects(e: NotificationEvidence, n: Normaliser, align: Alignment): Aspects {
  const out: Aspects = new Map();
  put(out, { aspect: key.messagesCount, value: e.messages.length, count: true });
  for (const [i, m] of e.messages.slice(0, align.limit).entries()) {
    const item = align.indexed ? i + 1 : undefined;
    const to = [...m.to]
      .map((t) => t.toLowerCase())
      .sort()
      .join(', ');
    put(out, { aspect: key.to, item, value: n(to) });
    if (m.from !== undefined) put(out, { aspect: key.from, item, value: n(m.from) });
    put(out, { aspect: key.subject, item, value: n(m.subject) });
    for (const [label, value] of Object.entries(m.fields))
      put(out, { aspect: key.field(n(label)), item, value: n(value) });
  }
  return out;
}

export function crmAspects(e: CrmEvidence, n: Normaliser, align: Alignment): Aspects {
  const out: Aspects = new Map();
  put(out, { aspect: key.recordsCount, value: e.records.length, count: true });
  for (const [i, r] of e.records.slice(0, align.limit).entries()) {
    const item = align.indexed ? i + 1 : undefined;
    for (const [name, value] of Object.entries(r.fields)) {
      // The CRM probes report missing and empty alike as null: both mean "no value".
      if (value === null || value === '') continue;
      put(out, { aspect: key.field(name), item, value: n(value) });
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
    const group = key.eventCount(event.name, event.source);
    groups.set(group, [...(groups.get(group) ?? []), event]);
  }
  const out: Aspects = new Map();
  for (const events of groups.values()) {
    const { name, source } = events[0]!;
    put(out, {
      aspect: key.eventCount(name, source),
      value: events.length,
      count: true,
      perPage: perPage.has(name) || name.startsWith('gtm.'),
    });
    const values = (pick: (event: AnalyticsEvidence['events'][number]) => Record<string, string>) => {
      const seen = new Map<string, Set<string>>();
      for (const event of events)
        for (const [k, v] of Object.entries(pick(event))) seen.set(k, (seen.get(k) ?? new Set()).add(n(v)));
      return seen;
    };
    for (const [k, set] of values((ev) => ev.params))
      put(out, { aspect: key.eventParam(name, source, k), value: [...set].sort().join(' | ') });
    for (const [k, set] of values((ev) => ev.utm))
      put(out, { aspect: key.eventUtm(name, source, k), value: [...set].sort().join(' | ') });
  }
  return out;
}
