import { z } from 'zod';
import { nameOption } from '../options.ts';

export const webhookOptionsSchema = z
  .strictObject({
    use: z.literal('webhook'),
    ...nameOption,
    listen: z
      .string()
      .regex(/^[^:]+:\d+$/, { error: 'expected host:port, e.g. 127.0.0.1:8787' })
      .default('127.0.0.1:0')
      .describe(
        'Where cutover listens for the site’s webhook (Slack- or Teams-style JSON), as host:port, e.g. "127.0.0.1:8787" (a site posts to one fixed URL: give a fixed port; 0 takes a free one, for tests). One listener serves the whole run — every target, Playwright worker and case that names this address — and each case finds its own post by its marker. Another `cutover uat` on the same machine (a second shard) reads the listener the first one holds. If the address cannot be bound (another program holds the port), the notification check is `error` with the reason.',
      ),
    path: z
      .string()
      .startsWith('/')
      .default('/hooks/notification')
      .describe(
        'The path the site posts to, e.g. "/hooks/slack": point the site’s webhook URL at http://HOST:PORT + path. Posts to any other path are answered 404 `no_service`.',
      ),
  })
  .meta({
    description:
      'cutover listens and captures the JSON a staging site posts instead of to Slack or Teams (point the site’s webhook URL at it). Receive time: the capture, 1 ms (own clock).',
  });

export type WebhookProbeOptions = z.output<typeof webhookOptionsSchema>;
