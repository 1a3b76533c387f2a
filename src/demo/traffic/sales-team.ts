import holidayJp from '@holiday-jp/holiday_jp';
import type { ContactStore } from '../crm/store.ts';
import type { MailStore } from '../mail-catcher/store.ts';

/**
 * The demo world's fictional sales team: it learns of a lead from the sales notification in the
 * sales inbox (and only from there), and answers it in the CRM — hs_lead_status NEW →
 * ATTEMPTED_TO_CONTACT and a logged call (notes_last_contacted) — after a delay of its working
 * time. Nobody works at night, on weekends or on Japanese holidays: the default working time is
 * 09:00–18:00 Japan time on working days. A lead whose mail never reaches the inbox (the
 * `salesNotificationLost` fault) is never answered.
 */

const JST_MS = 9 * 3_600_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const holidays = holidayJp.holidays as unknown as Record<string, unknown>;

/** When the team answers a lead whose notification arrived at `receivedAt`. */
export type ResponsePlan = (receivedAt: number, random: () => number) => number;

/** 09:00–18:00 JST on weekdays that are not Japanese holidays nor 12/29–1/3. */
function workingDay(dayStartJst: number): boolean {
  const day = new Date(dayStartJst);
  const weekday = day.getUTCDay();
  const iso = day.toISOString().slice(0, 10);
  const md = iso.slice(5);
  return weekday !== 0 && weekday !== 6 && !(iso in holidays) && !(md >= '12-29' || md <= '01-03');
}

/** `ms` of working time after `start`, in the office hours above. */
export function afterWorkingTime(start: number, ms: number): number {
  let left = ms;
  let dayStart = Math.floor((start + JST_MS) / DAY_MS) * DAY_MS; // midnight JST, as a JST-shifted time
  for (let i = 0; i < 400; i++, dayStart += DAY_MS) {
    if (!workingDay(dayStart)) continue;
    const open = dayStart + 9 * HOUR_MS - JST_MS;
    const close = dayStart + 18 * HOUR_MS - JST_MS;
    const from = Math.max(open, start);
    if (from >= close) continue;
    if (left <= close - from) return from + left;
    left -= close - from;
  }
  return start + ms;
}

/** The default team: answers after an exponential delay of working time (mean 90 min, at most 4 h). */
export const businessHoursTeam: ResponsePlan = (receivedAt, random) =>
  afterWorkingTime(receivedAt, Math.min(-Math.log(1 - random()) * 1.5 * HOUR_MS, 4 * HOUR_MS));

export interface SalesTeamOptions {
  contacts: ContactStore;
  mail: MailStore;
  salesInbox: string;
  plan: ResponsePlan;
  random: () => number;
  signal: AbortSignal;
  /** How often the team looks at its inbox and its plan (default 1 s). */
  everyMs?: number;
}

/** Answer one lead now as the team does, at `at`. */
export function answerLead(contacts: ContactStore, id: string, at: number): void {
  contacts.update(
    id,
    { hs_lead_status: 'ATTEMPTED_TO_CONTACT', notes_last_contacted: new Date(at).toISOString() },
    { at, sourceType: 'CRM_UI' },
  );
}

export interface SalesTeam {
  /** Leads answered since start. */
  answered(): number;
  stop(): void;
}

export function startSalesTeam(options: SalesTeamOptions): SalesTeam {
  const seen = new Set<string>();
  const planned: Array<{ email: string; at: number }> = [];
  let answered = 0;
  const round = (): void => {
    const now = options.contacts.now();
    for (const mail of options.mail.list()) {
      if (seen.has(mail.id) || !mail.to.some((to) => to.Address === options.salesInbox)) continue;
      seen.add(mail.id);
      const email = mail.replyTo[0]?.Address;
      if (email) planned.push({ email, at: options.plan(mail.createdMs, options.random) });
    }
    for (let i = planned.length - 1; i >= 0; i--) {
      const lead = planned[i]!;
      if (lead.at > now) continue;
      planned.splice(i, 1);
      const contact = options.contacts.getByEmail(lead.email);
      if (contact?.properties.hs_lead_status !== 'NEW') continue;
      answerLead(options.contacts, contact.id, lead.at);
      answered++;
    }
  };
  round(); // the seeded history's leads are answered at once, at their past times
  const timer = setInterval(round, options.everyMs ?? 1000);
  options.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return { answered: () => answered, stop: () => clearInterval(timer) };
}
