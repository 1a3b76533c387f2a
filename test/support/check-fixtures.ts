import type {
  AnalyticsCapture,
  AnalyticsEvent,
  CrmProbe,
  CrmRecord,
  NotificationMessage,
  NotificationProbe,
} from '../../src/probes/index.ts';
import type { CheckContext } from '../../src/scenario/checks/check-context.ts';
import type { CheckDefaults } from '../../src/scenario/checks/check-window.ts';

/** What the downstream checks are given in unit tests: a case, its probes' items, and the clock. */

export const MARKER = 'ct-20261126-abcdef';
export const EMAIL = `qa+${MARKER}@example.com`;

/** A case that submitted once, just now; nothing waits unless the defaults say so. */
/**
 * A check's context. `clickedAgoMs`: the final click lies this far in the past — for items stamped
 * after it, which the check's reads (on the real clock) must be able to have seen by then.
 */
export function checkContext(defaults: Partial<CheckDefaults> = {}, clickedAgoMs = 0): CheckContext {
  const t0 = Date.now() - clickedAgoMs;
  return {
    identity: { marker: MARKER, email: EMAIL, t0: new Date(t0) },
    lastT0: t0,
    submissions: 1,
    signal: new AbortController().signal,
    defaults: { within: 50, absence: 20, settle: 0, grace: 0, ...defaults },
  };
}

export function mail(text: string, extra: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    id: `m-${Math.random()}`,
    receivedAt: new Date(),
    to: ['sales@demo.cutover.test'],
    subject: '【お問い合わせ】株式会社テスト商事 様',
    text,
    ...extra,
  };
}

/** A notification probe that finds these messages on every read. */
export function mailProbe(messages: NotificationMessage[]): NotificationProbe {
  return {
    name: 'mailpit',
    timestamps: { source: 'Mailpit Created', resolutionMs: 1, clock: 'system' },
    find: async () => messages,
    delete: async () => {},
  };
}

export function record(fields: Record<string, string | null>, id = '101'): CrmRecord {
  return { id, createdAt: new Date(), fields: { email: EMAIL, ...fields } };
}

/** A CRM probe that finds these records on every read. */
export function crmProbe(records: CrmRecord[]): CrmProbe {
  return {
    name: 'hubspot',
    timestamps: { source: 'HubSpot createdAt', resolutionMs: 1, clock: 'system' },
    find: async () => records,
    delete: async () => {},
  };
}

/** A capture that already holds its events and never sees another. */
export function capture(
  source: string,
  events: Array<Partial<AnalyticsEvent> & { name: string }>,
): AnalyticsCapture {
  const all = events.map((e) => ({ params: {}, utm: {}, at: new Date(), source, raw: '', ...e }));
  return {
    events: () => [...all],
    changed: ({ signal }) =>
      new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    detach: async () => {},
  };
}
