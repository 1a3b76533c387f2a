import { defineProbe } from '../definition.ts';
import { slackOptionsSchema } from './options.ts';
import { createSlackProbe } from './slack.ts';

export type { SlackProbeOptions } from './options.ts';

export const slack = defineProbe({
  use: 'slack',
  kind: 'notification',
  options: slackOptionsSchema,
  timestamps: { source: 'Slack ts', resolutionMs: 1, clock: 'system' },
  cannot: {
    readLeads:
      'a notification probe reads messages, not a CRM’s lead history: the sales SLA is read from the target’s CRM probe',
    sweep:
      'cutover reads a Slack channel’s history but does not sweep it: delete leftover messages in the channel by hand',
    countCreated: 'the slack probe cannot count real inquiries yet',
  },
  create: createSlackProbe,
});
