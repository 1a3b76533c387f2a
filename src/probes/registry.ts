import type {
  AnalyticsProbeName,
  AnalyticsProbeOptions,
  CrmProbeName,
  CrmProbeOptions,
  NotificationProbeName,
  NotificationProbeOptions,
} from '../config/probe-options.schema.ts';
import { datalayer } from './analytics/datalayer.ts';
import { ga4 } from './analytics/ga4.ts';
import { hubspot } from './crm/hubspot.ts';
import { rest } from './crm/rest.ts';
import { salesforce } from './crm/salesforce.ts';
import type { ProbeDeps } from './deps.ts';
import { imap } from './notification/imap.ts';
import { mailpit } from './notification/mailpit.ts';
import { slack } from './notification/slack.ts';
import { webhook } from './notification/webhook.ts';
import type { AnalyticsProbe, CrmProbe, NotificationProbe } from './probe.ts';

export type { ProbeDeps } from './deps.ts';

type Factories<Name extends string, Options extends { use: Name }, Probe> = {
  [K in Name]: (options: Extract<Options, { use: K }>, deps: ProbeDeps) => Probe;
};

/** One entry per notification probe name in the config schema: a missing one fails to compile. */
export const notificationProbes = { mailpit, imap, slack, webhook } satisfies Factories<
  NotificationProbeName,
  NotificationProbeOptions,
  NotificationProbe
>;

export const crmProbes = { hubspot, salesforce, rest } satisfies Factories<
  CrmProbeName,
  CrmProbeOptions,
  CrmProbe
>;

export const analyticsProbes = { ga4, datalayer } satisfies Factories<
  AnalyticsProbeName,
  AnalyticsProbeOptions,
  AnalyticsProbe
>;

/**
 * Looks the factory up by `use`. TypeScript cannot correlate the key with the options' union
 * member through an index, so the one cast lives here, guarded by the `satisfies` above.
 */
function create<Options extends { use: string }, Probe>(
  registry: Record<string, (options: never, deps: ProbeDeps) => Probe>,
  options: Options,
  deps: ProbeDeps,
): Probe {
  const factory = registry[options.use] as ((options: Options, deps: ProbeDeps) => Probe) | undefined;
  if (!factory) throw new TypeError(`no probe registered for use: ${JSON.stringify(options.use)}`);
  return factory(options, deps);
}

export function createNotificationProbe(
  options: NotificationProbeOptions,
  deps: ProbeDeps,
): NotificationProbe {
  return create(notificationProbes, options, deps);
}

export function createCrmProbe(options: CrmProbeOptions, deps: ProbeDeps): CrmProbe {
  return create(crmProbes, options, deps);
}

export function createAnalyticsProbe(options: AnalyticsProbeOptions, deps: ProbeDeps): AnalyticsProbe {
  return create(analyticsProbes, options, deps);
}
