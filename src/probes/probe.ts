import type { BrowserContext } from 'playwright';

/**
 * The probe interfaces: one small interface per kind of downstream system. A probe reads its
 * system and reports what is there; the engine (src/scenario) decides verdicts, waits, deadlines
 * and cleanup safety. "Not there yet" is an empty list, never an exception; a system that cannot
 * be read throws a {@link ProbeError}.
 */

/** Who this case run is, as the downstream systems will see it. */
export interface CaseIdentity {
  /** Correlation token of this case run, e.g. ct-20261126-7f3a9c. */
  marker: string;
  /** The synthetic email address used in the form, e.g. qa+ct-20261126-7f3a9c@example.com. */
  email: string;
  /** The moment of the final click. Items received before it are not this case's. */
  t0: Date;
}

/** Every call carries the case's AbortSignal; a probe stops waiting and throws when it fires. */
export interface ProbeCall {
  signal: AbortSignal;
}

/**
 * A sweep (`cutover cleanup`): list what cutover runs left behind — from crashed or cancelled
 * runs — so it can be deleted by id with the probe's `delete`.
 */
export interface SweepCall extends ProbeCall {
  /** Only items the system received or created at or after this moment. */
  since: Date;
  /** Every marker of this project matches it (marker.ts `markerPattern`): an item counts only if its text does. */
  markerPattern: RegExp;
  /** The marker prefix (`ct`): markers start `ct-`, for the system's own search. */
  markerPrefix: string;
  /** The synthetic email pattern (`qa+{marker}@example.com`), for searching by its domain. */
  syntheticEmail: string;
}

/**
 * A count of real inquiries (the real-inquiry watch): items the system received or created in
 * [from, to), minus cutover's own synthetic ones. Only a number comes back: no names, addresses
 * or ids leave the probe.
 */
export interface CountCall extends ProbeCall {
  from: Date;
  to: Date;
  /** Synthetic items carry a marker of this project (marker.ts `markerPattern`): they are not counted. */
  markerPattern: RegExp;
  /** The marker prefix (`ct`), for the system's own search. */
  markerPrefix: string;
  /** The synthetic email pattern (`qa+{marker}@example.com`): addresses it matches are not counted. */
  syntheticEmail: string;
  /** CRM only: count records whose field equals this value (e.g. Salesforce LeadSource = Web). */
  filter?: { field: string; value: string };
}

/** How a CRM shows the first response to a lead (the watch's `sla.firstResponse`). */
export type FirstResponseSign =
  /** The status field first leaving its initial values, read from the field's history. */
  | { status: { field: string; initial: string[] } }
  /** The first logged activity: a timestamp field's first value, or an activity object (Salesforce Task). */
  | { activity: string };

/**
 * A read of the real leads created in [from, to) for the sales SLA watch: synthetic ones are
 * left out as in a count, and what comes back of each lead is times and yes/no facts only.
 */
export interface LeadCall extends CountCall {
  firstResponse: FirstResponseSign;
  /** The field telling in-scope leads from the rest; its value comes back as `scopeValue`. */
  scopeField?: string;
  /** Fields whose presence (`carries`) is watched. */
  fields: string[];
}

/** One real lead as the SLA watch sees it: no name, address or id. */
export interface LeadFacts {
  /** The CRM's creation time, epoch ms. */
  createdAt: number;
  /** When the CRM first shows a response (epoch ms); undefined while none is shown. */
  firstResponseAt: number | undefined;
  /** The scope field's value (a picklist value such as `lead`), null when unset. */
  scopeValue: string | null;
  /** For each watched field: whether the lead carries a value. */
  carries: Record<string, boolean>;
}

/**
 * How a system stamps what it receives: the engine turns a stamp into a delay interval with it
 * (src/scenario/delay.ts). Each probe's definition says it.
 */
export interface TimestampKind {
  /** Shown to people: "IMAP INTERNALDATE", "Mailpit Created", "HubSpot createdAt", "webhook capture". */
  source: string;
  /** 1000 for whole seconds (truncated), 1 for milliseconds. */
  resolutionMs: number;
  /** `cutover`: stamped on cutover's own clock (a webhook capture); `system`: the vendor's clock. */
  clock: 'system' | 'cutover';
}

export type ProbeErrorReason = 'unreachable' | 'auth' | 'throttled' | 'protocol' | 'config';

/** The system could not be read: the verdict is `error` (cutover could not find out), not `failed`. */
export class ProbeError extends Error {
  readonly code = 'CUTOVER_PROBE_ERROR';
  readonly reason: ProbeErrorReason;
  readonly probe: string;

  constructor(probe: string, reason: ProbeErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProbeError';
    this.probe = probe;
    this.reason = reason;
  }
}

// Notification ---------------------------------------------------------------------------------

export interface NotificationMessage {
  /** The system's own id, used to delete exactly this item (Mailpit ID, IMAP UID, Slack ts, capture id). */
  id: string;
  /** The system's own receive time (Mailpit Created, IMAP INTERNALDATE, Slack ts, capture time). */
  receivedAt: Date;
  /**
   * When the probe learned the message was there, on cutover's clock (the server's SEARCH answer
   * naming it): an upper bound of its arrival, finer than the end of a slow read.
   */
  observedAt?: Date;
  to: string[];
  from?: string;
  subject: string;
  /**
   * The plain-text body (a mail's text/plain part; '' for a mail with only an HTML body — read
   * `html` then), or the chat message's text with blocks flattened.
   */
  text: string;
  /** A mail's HTML body (its text/html part), decoded, when it has one. */
  html?: string;
  /**
   * Where the mail's bytes are not what it declares (src/probes/shared/mail-body.ts): one entry per
   * part — subject, text, HTML — whose charset a mail reader would get wrong. Absent or empty: every
   * part decodes strictly in the charset it declares.
   */
  charsetProblems?: CharsetProblem[];
}

/**
 * A part of a mail whose bytes do not fit the charset it declares, so that the reader sees
 * 文字化け (mojibake): a UTF-8 body labelled ISO-2022-JP, Shift_JIS labelled UTF-8, 8-bit bytes
 * with no charset declared.
 */
export interface CharsetProblem {
  /** The part: the Subject header, the text/plain body, the text/html body. */
  part: 'subject' | 'text' | 'html';
  /** The charset as the mail declares it (`ISO-2022-JP`); absent when it declares none. */
  declared?: string;
  /**
   * - `invalid`: the bytes are not valid in the declared charset (or, with none declared, 8-bit
   *   bytes where US-ASCII is the default);
   * - `mislabelled`: they decode in the declared charset, but only by chance: they are
   *   recognisably another (`looksLike`) — UTF-8 labelled Shift_JIS, ISO-2022-JP escapes in a
   *   body labelled UTF-8;
   * - `unknown`: the declared charset is not one a mail reader can be expected to know (not in
   *   the WHATWG Encoding Standard): nothing says how to read the bytes.
   */
  problem: 'invalid' | 'mislabelled' | 'unknown';
  /** The charset the bytes are in, when exactly one fits: `UTF-8`, `Shift_JIS`, `EUC-JP`, `ISO-2022-JP`. */
  looksLike?: string;
  /** `invalid`: the first byte that cannot be read, at its offset in the part's bytes (after transfer decoding). */
  offset?: number;
  byte?: number;
}

export interface NotificationProbe {
  readonly name: string;
  /** How the system stamps items (receivedAt / createdAt): resolution and clock (from the probe's definition). */
  readonly timestamps: TimestampKind;
  /** Called before the form is submitted: open a listener or an IDLE session if the probe has one. */
  start?(identity: Omit<CaseIdentity, 't0'>, call: ProbeCall): Promise<void>;
  /** Messages of this case received at or after t0 (carrying the marker or addressed to the synthetic email). */
  find(identity: CaseIdentity, call: ProbeCall): Promise<NotificationMessage[]>;
  /** Push sources: resolves when something new may have arrived; the engine then calls find again. */
  changed?(call: ProbeCall): Promise<void>;
  /** Deletes exactly these messages, by id. The engine never passes an empty list or an unmarked item. */
  delete(messages: NotificationMessage[], call: ProbeCall): Promise<void>;
  /**
   * Messages received since `call.since` whose subject, text or recipients match the marker
   * pattern — what `delete` may then remove. Without it the probe cannot sweep (chat, webhook).
   * Reading for a sweep changes nothing (no message is marked read).
   */
  sweep?(call: SweepCall): Promise<NotificationMessage[]>;
  /** Real (non-synthetic) messages to the inbox received in the window; without it the probe cannot count. */
  countCreated?(call: CountCall): Promise<number>;
  /** Releases connections, listeners, sessions. Safe to call twice. */
  close?(): Promise<void>;
}

// CRM ------------------------------------------------------------------------------------------

export interface CrmRecord {
  id: string;
  /** The CRM's own creation time (HubSpot createdAt, Salesforce CreatedDate). */
  createdAt: Date;
  updatedAt?: Date;
  /** Properties/fields by their API name; missing and empty values are null. */
  fields: Record<string, string | null>;
}

export interface CrmProbe {
  readonly name: string;
  /** How the system stamps items (receivedAt / createdAt): resolution and clock (from the probe's definition). */
  readonly timestamps: TimestampKind;
  /**
   * Records of this case, empty while the CRM has none (yet): those whose email is the case's
   * synthetic email — and, where the probe is given a marker field (`markerField`, `findByMarker`),
   * those whose marker field carries the case's marker, so that a case whose input was not the
   * synthetic email (a malformed address) is found and cleaned up too. Each record's `fields`
   * include the email and the marker field.
   */
  find(identity: CaseIdentity, call: ProbeCall & { fields: string[] }): Promise<CrmRecord[]>;
  /**
   * How long after a write `find` may still miss a record (a search index that lags writes). A
   * check that counts records keeps reading this long after the last submission. 0 or absent:
   * `find` sees every record as soon as it exists.
   */
  readonly searchLagMs?: number;
  /** Deletes exactly these records, by id. The engine never passes an empty list or an unmarked item. */
  delete(records: CrmRecord[], call: ProbeCall): Promise<void>;
  /**
   * Records created since `call.since` whose fields match the marker pattern (searched by the
   * synthetic email's domain and the marker field). Without it the probe cannot sweep.
   */
  sweep?(call: SweepCall): Promise<CrmRecord[]>;
  /** Real (non-synthetic) records created in the window; without it the probe cannot count. */
  countCreated?(call: CountCall): Promise<number>;
  /** Real leads created in the window, as facts (first response, scope, field presence); without it no SLA watch. */
  readLeads?(call: LeadCall): Promise<LeadFacts[]>;
  close?(): Promise<void>;
}

// Analytics ------------------------------------------------------------------------------------

export interface AnalyticsEvent {
  /** Event name (GA4 `en`, dataLayer `event`). */
  name: string;
  /** Parameters without prefixes (GA4 ep./epn. stripped), values as text. */
  params: Record<string, string>;
  /** The page the event was sent from (GA4 `dl`, or the page URL at push time). */
  page?: string;
  /** utm_* values of that page, without the `utm_` prefix: { source, medium, campaign, … }. */
  utm: Record<string, string>;
  /**
   * GA4: every parameter of the hit that carried the event, as sent, event ones included (`gcs`
   * consent state, `gcd`, `npa`, `dl`, `dr`, `tid`…); absent for the dataLayer.
   */
  hit?: Record<string, string>;
  /** When the browser sent or pushed it. */
  at: Date;
  /** The probe that saw it. */
  source: string;
  /** Where it was seen: the hit's URL for GA4, the pushed object as JSON for the dataLayer. */
  raw: string;
}

export interface AnalyticsCapture {
  /** Everything seen so far, in order. */
  events(): AnalyticsEvent[];
  /** Resolves when the next event arrives (or the signal aborts). */
  changed(call: ProbeCall): Promise<void>;
  /** Stops capturing; removes routes and listeners. */
  detach(): Promise<void>;
}

export interface AnalyticsProbe {
  readonly name: string;
  /** How events are stamped (the browser's request or push, on cutover's clock; from the probe's definition). */
  readonly timestamps: TimestampKind;
  /**
   * Starts capturing on a fresh context BEFORE the first navigation. Whether hits go on to the
   * vendor is the probe's own option (GA4: captured and answered locally unless `forward: true`),
   * the same on every target; `production` is told for probes that need to know.
   */
  attach(context: BrowserContext, options: { production: boolean }): Promise<AnalyticsCapture>;
}
