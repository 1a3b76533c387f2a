import { type CutoverConfig, usesDemo } from '../config/index.ts';
import { startDemoWorld } from '../demo/index.ts';
import { createWebhookHub, type WebhookEndpoints } from '../probes/index.ts';
import { ENV } from './env.ts';
import { loadUatProject } from './uat-project.ts';

/**
 * Playwright global setup: it owns what the whole run shares. The webhook listeners of the
 * selected targets' webhook probes (one per address, read by every worker; one that cannot
 * listen is told to the workers, whose notification checks then say why); and, when the config
 * points at the embedded demo world and nobody has started it (cutover demo does), the demo world,
 * whose site posts its chat notification to the demo targets' webhook.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const project = await loadUatProject({ resolve: false });
  const stops: (() => Promise<void>)[] = [];
  let endpoints: WebhookEndpoints = {};
  const webhooks = webhookAddresses(project.config, project.targets);
  if (webhooks.length > 0 && !process.env[ENV.webhooks]) {
    const hub = createWebhookHub();
    for (const { listen, path, name } of webhooks) {
      await hub.acquire(listen, path, name).catch(() => undefined);
    }
    endpoints = await hub.endpoints();
    process.env[ENV.webhooks] = JSON.stringify(endpoints);
    // Another run on this machine may still read the listener at the end: it is waited for,
    // unless this run was interrupted (Playwright itself handles the signal and tears down).
    const interrupted = new AbortController();
    const stop = () => interrupted.abort();
    process.on('SIGINT', stop).on('SIGTERM', stop);
    stops.push(async () => {
      try {
        await hub.close(interrupted.signal);
      } finally {
        process.off('SIGINT', stop).off('SIGTERM', stop);
      }
    });
  }
  if (!process.env[ENV.demo] && usesDemo(project.config)) {
    const chat = webhooks.find((hook) => hook.demo);
    const origin = chat && endpoints[chat.listen];
    const world = await startDemoWorld({
      chatWebhookUrl:
        chat && `${origin && 'origin' in origin ? origin.origin : `http://${chat.listen}`}${chat.path}`,
    });
    process.env[ENV.demo] = JSON.stringify({ urls: world.urls, crmToken: world.crmToken });
    stops.push(() => world.stop());
  }
  if (stops.length === 0) return undefined;
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

/** The webhook probes of these targets: where each listens, and whether its target is a demo build. */
function webhookAddresses(config: CutoverConfig, targets: string[]) {
  return targets.flatMap((name) => {
    const target = config.targets[name];
    return (target?.probes.notification ?? []).flatMap((probe) =>
      probe.use === 'webhook'
        ? [
            {
              listen: probe.listen,
              path: probe.path,
              name: probe.name ?? probe.use,
              demo: target!.url.startsWith('demo://'),
            },
          ]
        : [],
    );
  });
}
