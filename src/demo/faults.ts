import { z } from 'zod';

const ms = z.number().int().min(0).max(600_000);

/** Faults the demo world can switch on at run time (programmatically or over the admin API). */
export const demoFaultsSchema = z.strictObject({
  /** The form's submitting POST answers 500 (legacy `POST /contact/`, renewal `POST /inquiry/send/`); nothing is sent downstream. */
  formError: z.boolean(),
  /** Every response of both site builds (pages and POSTs) is held this long. */
  formDelayMs: ms,
  /** The SMTP catcher refuses every connection with `421`; the site swallows the error. */
  smtpRefused: z.boolean(),
  /** The site holds each notification mail this long before sending it (a slow mail queue). */
  mailDelayMs: ms,
  /** Every CRM API request answers with this HubSpot error (401 INVALID_AUTHENTICATION, 429 TEN_SECONDLY_ROLLING, 500). */
  crmError: z.union([z.literal(401), z.literal(429), z.literal(500)]).nullable(),
  /** With `crmError`: only the next N CRM requests fail, then `crmError` clears itself. `null` = until cleared. */
  crmErrorCount: z.number().int().min(1).nullable(),
  /** Every CRM API response is held this long. */
  crmDelayMs: ms,
  /** CRM search indexing lag: a created/updated contact shows in search this long after the write. */
  crmSearchLagMs: ms,
  /**
   * The site creates a new contact on every submission instead of updating the one it made
   * before, and the CRM does not deduplicate it by email (as an integration that bypasses
   * HubSpot's email dedup does): a repeat submission leaves a duplicate contact.
   */
  crmDuplicate: z.boolean(),
  /** The site finds the existing contact on a repeat submission but its update is lost (no PATCH is sent). */
  crmUpdateLost: z.boolean(),
  /** No GA4 hit leaves the pages (the tag is not served, as if blocked) and the collector refuses hits by resetting the connection. */
  analyticsBlocked: z.boolean(),
  /**
   * Real visitors only: the campaign landing page's own copy of the form (renewal
   * `POST /lp/spring-campaign/send/`) still shows the thank-you page but posts nowhere — nothing
   * reaches the sales inbox or the CRM. `/inquiry/`, the path the synthetic monitor walks, works.
   */
  campaignFormBroken: z.boolean(),
  /**
   * The renewal's sales notification goes to a dead mailbox (the old vendor's address, kept in the
   * new build's settings): forms, CRM and auto-replies are fine, but sales never hears of a lead —
   * so the demo's sales team stops answering new leads.
   */
  salesNotificationLost: z.boolean(),
  /**
   * Real visitors only: the campaign landing page (renewal `POST /lp/spring-campaign/send/`) drops
   * the UTM parameters before the hand-off, so real leads reach the CRM without utm_*. The path the
   * synthetic monitor walks (`/inquiry/`) keeps them.
   */
  utmDroppedForRealVisitors: z.boolean(),
  /** Both builds send no 自動返信 (auto-reply) to the visitor; the sales notification still goes. */
  autoReplyMissing: z.boolean(),
  /** The auto-reply's echo of the inquiry loses its 電話番号 row (the sales notification keeps it). */
  autoReplyFieldLost: z.boolean(),
  /**
   * The sales notification's body is UTF-8 bytes but its header says
   * `Content-Type: text/plain; charset=ISO-2022-JP` (readers decode it as JIS: mojibake).
   */
  mislabelledCharset: z.boolean(),
  /** With `teamsWebhookUrl`: the site posts nothing to Teams (no error anywhere). */
  teamsPostMissing: z.boolean(),
  /**
   * With the world's kintone app on: the renewal's queued kintone write drops 電話番号 (the new
   * vendor's field mapping lost it); legacy's write is whole.
   */
  kintoneFieldLost: z.boolean(),
});

export type DemoFaults = z.infer<typeof demoFaultsSchema>;
export type CrmErrorStatus = NonNullable<DemoFaults['crmError']>;

const faultPatchSchema = demoFaultsSchema.partial();

/** The public fault switch of a demo world. */
export interface FaultSwitch {
  /** Merge these faults into the current ones. Throws a `TypeError` listing every invalid key. */
  set(faults: Partial<DemoFaults>): void;
  /** Back to the baseline: no faults, search lag = the world's `crmSearchLagMs`. */
  clear(): void;
  current(): DemoFaults;
}

/** The world's internal view: the switch plus the one stateful read (counted CRM errors). */
export interface FaultController extends FaultSwitch {
  /** The CRM error to answer the current request with, counting down `crmErrorCount`. */
  takeCrmError(): CrmErrorStatus | null;
}

export function baselineFaults(crmSearchLagMs: number): DemoFaults {
  return {
    formError: false,
    formDelayMs: 0,
    smtpRefused: false,
    mailDelayMs: 0,
    crmError: null,
    crmErrorCount: null,
    crmDelayMs: 0,
    crmSearchLagMs,
    crmDuplicate: false,
    crmUpdateLost: false,
    analyticsBlocked: false,
    campaignFormBroken: false,
    salesNotificationLost: false,
    utmDroppedForRealVisitors: false,
    autoReplyMissing: false,
    autoReplyFieldLost: false,
    mislabelledCharset: false,
    teamsPostMissing: false,
    kintoneFieldLost: false,
  };
}

export type FaultPatchResult = { ok: true; patch: Partial<DemoFaults> } | { ok: false; problems: string[] };

/** Validate an untrusted fault patch (admin API body or a caller's object); every problem is reported. */
export function parseFaultPatch(input: unknown): FaultPatchResult {
  const result = faultPatchSchema.safeParse(input);
  if (result.success) return { ok: true, patch: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join('.') || '(body)';
    return `${path}: ${issue.message}`;
  });
  return { ok: false, problems };
}

export function createFaults(baseline: DemoFaults, initial: Partial<DemoFaults> = {}): FaultController {
  let state: DemoFaults = { ...baseline };
  const set = (patch: Partial<DemoFaults>): void => {
    const parsed = parseFaultPatch(patch);
    if (!parsed.ok) throw new TypeError(`invalid demo faults: ${parsed.problems.join('; ')}`);
    state = { ...state, ...parsed.patch };
  };
  set(initial);
  return {
    set,
    clear: () => {
      state = { ...baseline };
    },
    current: () => ({ ...state }),
    takeCrmError: () => {
      const status = state.crmError;
      if (status === null) return null;
      if (state.crmErrorCount !== null) {
        const left = state.crmErrorCount - 1;
        state =
          left > 0 ? { ...state, crmErrorCount: left } : { ...state, crmError: null, crmErrorCount: null };
      }
      return status;
    },
  };
}
