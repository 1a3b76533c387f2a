import { createTransport } from 'nodemailer';
import type { ContactStore } from '../crm/store.ts';
import type { MailStore } from '../mail-catcher/store.ts';
import { contactProperties } from '../site/crm-sync.ts';
import { composeNotification, NOTIFICATION_FROM } from '../site/notification.ts';
import { qualify } from '../site/qualify.ts';
import { fictionalInquiry } from './people.ts';
import { poissonArrivals, type RateProfile } from './profile.ts';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

export interface HistoryOptions {
  contacts: ContactStore;
  mail: MailStore;
  salesInbox: string;
  pageUrl: string;
  now: number;
  weeks: number;
  profile: RateProfile;
  random: () => number;
  /** Share of inquiries out of scope (a student's, a job seeker's): a contact but no sales mail. */
  outOfScopeShare?: number;
  /**
   * Seed only the hours within this many hours of now's hour of the week, in each past week (what
   * a baseline reads) — for tests that need a busy hour without weeks of busy history. Default:
   * every hour of every week.
   */
  aroundHours?: number;
}

/**
 * The weeks before the world started, as its CRM and sales inbox remember them: each past real
 * inquiry left a contact created at its time and — when in scope — a notification received at
 * its time (which the sales team answers as it does any: sales-team.ts).
 */
export async function seedHistory(options: HistoryOptions): Promise<{ contacts: number; inScope: number }> {
  const { now, weeks, profile, random } = options;
  const ranges: Array<[number, number]> =
    options.aroundHours === undefined
      ? [[now - weeks * WEEK_MS, now]]
      : Array.from({ length: weeks }, (_, i) => {
          const center = now - (i + 1) * WEEK_MS;
          const span = options.aroundHours! * HOUR_MS;
          return [center - span, Math.min(center + span, now)];
        });
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let seeded = 0;
  let inScope = 0;
  for (const [from, to] of ranges) {
    for (const at of poissonArrivals(from, to, profile, random)) {
      const inquiry = fictionalInquiry(random, options.pageUrl, { outOfScopeShare: options.outOfScopeShare });
      const scope = qualify(inquiry).inScope;
      options.contacts.create(contactProperties(inquiry, { inScope: scope, withUtm: true }), {
        createdAt: at,
        allowDuplicate: true,
      });
      seeded++;
      if (!scope) continue;
      inScope++;
      const notification = composeNotification(inquiry, { listPhone: true });
      const info = await composer.sendMail({
        from: NOTIFICATION_FROM,
        to: options.salesInbox,
        replyTo: { name: inquiry.name, address: inquiry.email },
        subject: notification.subject,
        text: notification.text,
        date: new Date(at),
      });
      await options.mail.addAt(info.message as Buffer, at);
    }
  }
  composer.close();
  return { contacts: seeded, inScope };
}
