/**
 * What the rest of cutover sees of the probes: their interfaces, the registry (options schemas,
 * capabilities, creation), markers, and the run's shared webhook listeners. Nothing of one
 * provider's folder is exported here but its definition's effects.
 */
export { CAPABILITIES, type Capability, type ItemKind, type ProbeKind, type ProbeOf } from './definition.ts';
export { DEFAULT_CLOCK_SKEW_MS, type ProbeDeps } from './deps.ts';
export { toProbeError } from './errors.ts';
export { markerText } from './marker-text.ts';
export * from './probe.ts';
export {
  type AnalyticsProbeOptions,
  analyticsProbeSchema,
  type CrmProbeOptions,
  capabilityGap,
  createAnalyticsProbe,
  createCrmProbe,
  createNotificationProbe,
  createProbe,
  crmProbeSchema,
  definitionOf,
  type NotificationProbeOptions,
  notificationProbeSchema,
  PROBES,
  type ProbeOptions,
  probesThatCan,
} from './registry.ts';
export {
  createWebhookHub,
  type WebhookCapture,
  type WebhookEndpoints,
  type WebhookHub,
  type WebhookProbe,
} from './webhook/index.ts';
