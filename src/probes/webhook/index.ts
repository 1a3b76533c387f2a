import { defineProbe } from '../definition.ts';
import { webhookOptionsSchema } from './options.ts';
import { createWebhookProbe } from './webhook.ts';

export type { WebhookProbeOptions } from './options.ts';

export const webhook = defineProbe({
  use: 'webhook',
  kind: 'notification',
  options: webhookOptionsSchema,
  timestamps: { source: 'webhook capture', resolutionMs: 1, clock: 'cutover' },
  cannot: {
    readLeads:
      'a notification probe reads messages, not a CRM’s lead history: the sales SLA is read from the target’s CRM probe',
    sweep: 'the webhook probe keeps what the site posts in cutover’s own memory: nothing outlives a run',
    countCreated:
      'the webhook probe cannot count real inquiries: what the site posts lives only as long as a run',
  },
  create: createWebhookProbe,
});

export type { WebhookCapture, WebhookProbe } from './webhook.ts';
export { createWebhookHub, type WebhookEndpoints, type WebhookHub } from './webhook-hub.ts';
