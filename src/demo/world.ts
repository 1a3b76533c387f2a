import { randomUUID } from 'node:crypto';
import { adminHandlers } from './admin.ts';
import { collectorHandlers, createHitStore } from './analytics/collector.ts';
import { hubspotHandlers } from './crm/hubspot-handlers.ts';
import type { KintoneApp } from './crm/kintone-app.ts';
import { type KintoneWorldOptions, type KintoneWorldPart, startKintonePart } from './crm/kintone-world.ts';
import { createContactStore } from './crm/store.ts';
import { baselineFaults, createFaults, type DemoFaults, type FaultSwitch } from './faults.ts';
import { serveHandlers } from './http-bridge.ts';
import { mailpitHandlers } from './mail-catcher/mailpit-handlers.ts';
import { startSmtpCatcher } from './mail-catcher/smtp.ts';
import { createMailStore } from './mail-catcher/store.ts';
import { createBackend, type SubmissionRecord } from './site/backend.ts';
import { corporateHandlers, type EmbeddedOrigins, formVendorHandlers } from './site/embedded.ts';
import { legacyHandlers } from './site/legacy.ts';
import { renewalHandlers } from './site/renewal.ts';
import type { SiteContext } from './site/shared.ts';
import { seedHistory } from './traffic/history.ts';
import { seededRandom } from './traffic/people.ts';
import { businessHoursProfile, flatProfile } from './traffic/profile.ts';
import {
  businessHoursTeam,
  type ResponsePlan,
  type SalesTeam,
  startSalesTeam,
} from './traffic/sales-team.ts';
import { CAMPAIGN_PATH, startVisitors, type Visitors } from './traffic/visitors.ts';

export const SALES_INBOX = 'sales@demo.cutover.test';
export const DEMO_MEASUREMENT_ID = 'G-DEMO2026CT';
export const DEFAULT_CRM_SEARCH_LAG_MS = 2000;

export interface DemoWorldOptions {
  /** Planted defects on (default true): the renewal's D1–D4 and the embedded build's D5–D9; false gives clean builds. */
  defects?: boolean;
  /** Origin the pages send GA4 hits to; default the world's own collector. May be `https://www.google-analytics.com`. */
  analyticsHost?: string;
  /** HubSpot search indexing lag in ms (default 2000). */
  crmSearchLagMs?: number;
  /** Faults switched on from the start. */
  faults?: Partial<DemoFaults>;
  /** Bearer token the CRM accepts (default a fresh random `pat-na1-…`). */
  crmToken?: string;
  /**
   * Where both builds also post the sales notification as a Slack incoming-webhook message
   * (mrkdwn lines `*会社名*: 株式会社…`), e.g. cutover's webhook listener. Default: no chat post.
   */
  chatWebhookUrl?: string;
  /**
   * Where both builds also post the sales notification as a Microsoft Teams Workflows webhook
   * message (an Adaptive Card with a FactSet `{ title: '会社名', value }`). Default: no Teams post.
   */
  teamsWebhookUrl?: string;
  /** Real-looking background traffic and its history (off by default). */
  realTraffic?: RealTrafficOptions;
  /**
   * A kintone-compatible domain at `urls.kintone` holding the お問い合わせ管理 app, which both
   * builds also write each accepted inquiry into through a queue (`delayMs`). Default: none.
   */
  kintone?: KintoneWorldOptions;
}

export interface RealTrafficOptions {
  /** Inquiries per hour: a number for a flat rate, or the business-hours profile (default). */
  perHour?: number | 'business-hours';
  /** Weeks of history seeded into the CRM and the sales inbox (default 4; 0 for none). */
  historyWeeks?: number;
  /** Seed only the hours within this many hours of now's hour of the week (tests); default all. */
  historyAroundHours?: number;
  /** Seed of the people and times generator (default 2026). */
  seed?: number;
  /** Background visitors from now on (default true); false leaves only the history. */
  live?: boolean;
  /** Share of real inquiries out of scope (a student's, a job seeker's), history and live (default 0.15). */
  outOfScopeShare?: number;
  /**
   * When the fictional sales team answers a lead whose sales mail reached the inbox at a time
   * (default: after a delay of 09:00–18:00 JST working time, nobody on weekends or holidays).
   */
  salesTeam?: ResponsePlan;
}

export interface DemoWorld {
  /** Origins like `http://127.0.0.1:PORT`, no trailing slash. */
  urls: {
    legacy: string;
    renewal: string;
    /** The embedded build's corporate site: `/quote/` embeds the お見積り依頼 form from `forms`. */
    embedded: string;
    /** The form vendor serving the embedded お見積り依頼 form (another origin). */
    forms: string;
    mailpit: string;
    crm: string;
    analytics: string;
    admin: string;
    /** With the `kintone` option: the kintone-compatible domain (like `https://example.cybozu.com`). */
    kintone?: string;
  };
  smtp: { host: string; port: number };
  salesInbox: string;
  crmToken: string;
  defects: boolean;
  faults: FaultSwitch;
  /** With the `kintone` option: the inquiry app, its id and the API token it accepts. */
  kintone?: { app: KintoneApp; appId: string; token: string };
  /**
   * The background visitors, when `realTraffic` is on: seeded history (contacts, of which in scope),
   * submissions posted since start, and leads the sales team answered since start.
   */
  realTraffic?: { seeded: number; seededInScope: number; posted(): number; answered(): number };
  /** What the site's backend did with each accepted submission, oldest first. */
  submissions(): SubmissionRecord[];
  /** Resolves once every accepted submission's mail and CRM work has finished (sent or failed). */
  idle(): Promise<void>;
  /** Close every server and socket; pending downstream work is cut short. Idempotent. */
  stop(): Promise<void>;
}

interface Closable {
  close(): Promise<void>;
}

/** Start the demo world on 127.0.0.1, every server on an ephemeral port, state in memory. */
export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const defects = options.defects ?? true;
  const crmToken = options.crmToken ?? `pat-na1-${randomUUID()}`;
  const faults = createFaults(
    baselineFaults(options.crmSearchLagMs ?? DEFAULT_CRM_SEARCH_LAG_MS),
    options.faults,
  );
  const lifetime = new AbortController();
  const started: Closable[] = [];
  const starting: Promise<unknown>[] = [];
  const track = <T extends Closable>(promise: Promise<T>): Promise<T> => {
    const tracked = promise.then((server) => {
      started.push(server);
      return server;
    });
    starting.push(tracked);
    return tracked;
  };
  const closeAll = async (servers: Closable[]): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };

  try {
    const mailStore = createMailStore();
    const contacts = createContactStore({ searchLagMs: () => faults.current().crmSearchLagMs });
    const hits = createHitStore();
    const [smtp, mailpit, crm, analytics] = await Promise.all([
      track(startSmtpCatcher(mailStore, { refused: () => faults.current().smtpRefused })),
      track(serveHandlers(mailpitHandlers(mailStore))),
      track(
        serveHandlers(
          hubspotHandlers(contacts, {
            token: crmToken,
            nextError: () => faults.takeCrmError(),
            delayMs: () => faults.current().crmDelayMs,
            allowDuplicates: () => faults.current().crmDuplicate,
            signal: lifetime.signal,
          }),
        ),
      ),
      track(serveHandlers(collectorHandlers(hits, { blocked: () => faults.current().analyticsBlocked }))),
    ]);
    const kintone: KintoneWorldPart | undefined = options.kintone
      ? await startKintonePart(options.kintone, (handlers) => track(serveHandlers(handlers)), lifetime.signal)
      : undefined;
    const backend = createBackend({
      smtp: { host: smtp.host, port: smtp.port },
      salesInbox: SALES_INBOX,
      crm: { baseUrl: crm.url, token: crmToken },
      chatWebhookUrl: options.chatWebhookUrl,
      teamsWebhookUrl: options.teamsWebhookUrl,
      kintone: kintone?.target,
      faults: () => faults.current(),
      signal: lifetime.signal,
    });
    const ctx: SiteContext = {
      backend,
      faults: () => faults.current(),
      analyticsHost: (options.analyticsHost ?? analytics.url).replace(/\/+$/, ''),
      measurementId: DEMO_MEASUREMENT_ID,
      defects,
      signal: lifetime.signal,
    };
    let info: () => Record<string, unknown> = () => ({});
    const embeddedOrigins: { corporate?: string; forms?: string } = {};
    const origins: EmbeddedOrigins = {
      corporate: () => embeddedOrigins.corporate ?? '',
      forms: () => embeddedOrigins.forms ?? '',
    };
    const [legacy, renewal, embedded, forms, admin] = await Promise.all([
      track(serveHandlers(legacyHandlers(ctx))),
      track(serveHandlers(renewalHandlers(ctx))),
      track(serveHandlers(corporateHandlers(ctx, origins))),
      track(serveHandlers(formVendorHandlers(ctx, origins))),
      track(
        serveHandlers(
          adminHandlers({ faults, info: () => info(), submissions: () => backend.submissions() }),
        ),
      ),
    ]);
    embeddedOrigins.corporate = embedded.url;
    embeddedOrigins.forms = forms.url;
    let visitors: Visitors | undefined;
    let team: SalesTeam | undefined;
    let seeded = { contacts: 0, inScope: 0 };
    if (options.realTraffic) {
      const traffic = options.realTraffic;
      const random = seededRandom(traffic.seed ?? 2026);
      const perHour = traffic.perHour ?? 'business-hours';
      const profile = perHour === 'business-hours' ? businessHoursProfile : flatProfile(perHour);
      seeded = await seedHistory({
        contacts,
        mail: mailStore,
        salesInbox: SALES_INBOX,
        pageUrl: new URL(CAMPAIGN_PATH, renewal.url).href,
        now: Date.now(),
        weeks: traffic.historyWeeks ?? 4,
        profile,
        random,
        aroundHours: traffic.historyAroundHours,
        outOfScopeShare: traffic.outOfScopeShare ?? 0.15,
      });
      team = startSalesTeam({
        contacts,
        mail: mailStore,
        salesInbox: SALES_INBOX,
        plan: traffic.salesTeam ?? businessHoursTeam,
        random: seededRandom((traffic.seed ?? 2026) + 1),
        signal: lifetime.signal,
      });
      if (traffic.live !== false)
        visitors = startVisitors({
          renewalUrl: renewal.url,
          profile,
          random,
          signal: lifetime.signal,
          outOfScopeShare: traffic.outOfScopeShare ?? 0.15,
        });
    }
    const urls = {
      legacy: legacy.url,
      renewal: renewal.url,
      embedded: embedded.url,
      forms: forms.url,
      mailpit: mailpit.url,
      crm: crm.url,
      analytics: analytics.url,
      admin: admin.url,
      ...(kintone ? { kintone: kintone.server.url } : {}),
    };
    info = () => ({
      urls,
      smtp: { host: smtp.host, port: smtp.port },
      salesInbox: SALES_INBOX,
      crmToken,
      defects,
      analyticsHost: ctx.analyticsHost,
      measurementId: DEMO_MEASUREMENT_ID,
      ...(kintone ? { kintone: { appId: kintone.appId, token: kintone.token } } : {}),
    });
    let stopping: Promise<void> | undefined;
    return {
      urls,
      smtp: { host: smtp.host, port: smtp.port },
      salesInbox: SALES_INBOX,
      crmToken,
      defects,
      faults: { set: faults.set, clear: faults.clear, current: faults.current },
      ...(kintone ? { kintone: { app: kintone.app, appId: kintone.appId, token: kintone.token } } : {}),
      ...(options.realTraffic
        ? {
            realTraffic: {
              seeded: seeded.contacts,
              seededInScope: seeded.inScope,
              posted: () => visitors?.posted() ?? 0,
              answered: () => team?.answered() ?? 0,
            },
          }
        : {}),
      submissions: () => backend.submissions(),
      idle: () => backend.idle(),
      stop: () => {
        stopping ??= (async () => {
          lifetime.abort();
          team?.stop();
          await visitors?.stop();
          await closeAll([legacy, renewal, embedded, forms]);
          await backend.close();
          await closeAll([smtp, mailpit, crm, analytics, admin, ...(kintone ? [kintone.server] : [])]);
        })();
        return stopping;
      },
    };
  } catch (error) {
    lifetime.abort();
    await Promise.allSettled(starting);
    await closeAll(started);
    throw error;
  }
}
