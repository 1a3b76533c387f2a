export type { ProbeDeps } from './deps.ts';
export { toProbeError } from './errors.ts';
export type { WebhookCapture, WebhookProbe } from './notification/webhook.ts';
export { createWebhookHub, type WebhookEndpoints, type WebhookHub } from './notification/webhook-hub.ts';
export * from './probe.ts';
export {
  analyticsProbes,
  createAnalyticsProbe,
  createCrmProbe,
  createNotificationProbe,
  crmProbes,
  notificationProbes,
} from './registry.ts';
