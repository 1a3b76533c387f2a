import type { TargetConfig } from '../config/index.ts';
import {
  type AnalyticsProbe,
  type CrmProbe,
  createAnalyticsProbe,
  createCrmProbe,
  createNotificationProbe,
  type NotificationProbe,
  type ProbeDeps,
} from '../probes/index.ts';

/** The probes of one target, created once and shared by its case runs. */
export interface TargetProbes {
  /** Every channel the inquiry is announced on, the main one (`expect.notification`) first; names are distinct. */
  notifications: NotificationProbe[];
  crm?: CrmProbe;
  analytics: AnalyticsProbe[];
}

export function createTargetProbes(target: TargetConfig, deps: ProbeDeps): TargetProbes {
  const { notification, crm, analytics } = target.probes;
  return {
    notifications: notification.map((options) => createNotificationProbe(options, deps)),
    crm: crm && createCrmProbe(crm, deps),
    analytics: analytics.map((options) => createAnalyticsProbe(options, deps)),
  };
}

export async function closeTargetProbes(probes: TargetProbes): Promise<void> {
  await Promise.all([...probes.notifications.map((probe) => probe.close?.()), probes.crm?.close?.()]);
}
