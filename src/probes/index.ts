export type { ProbeDeps } from './deps.ts';
export { toProbeError } from './errors.ts';
export type { WebhookCapture, WebhookProbe } from './notification/webhook.ts';
export * from './probe.ts';
export {
  analyticsProbes,
  createAnalyticsProbe,
  createCrmProbe,
  createNotificationProbe,
  crmProbes,
  notificationProbes,
} from './registry.ts';
