import { afterEach, describe, expect, it } from 'vitest';
import {
  CAPTURE_RETENTION_MS,
  MAX_CAPTURES,
  type WebhookProbe,
} from '../../src/probes/notification/webhook.ts';
import { createNotificationProbe } from '../../src/probes/registry.ts';
import { identity, probeTestKit } from '../support/probe-deps.ts';

const probes: WebhookProbe[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.close();
});

async function started(now: () => Date) {
  const kit = probeTestKit([], { now });
  const probe = createNotificationProbe(
    { use: 'webhook', listen: '127.0.0.1:0', path: '/hooks/n' },
    kit.deps,
  ) as WebhookProbe;
  probes.push(probe);
  await probe.listen();
  const post = (text: string) =>
    fetch(probe.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
  return { probe, post, call: kit.call };
}

describe('webhook captures in a long-running monitor', () => {
  it('drops captures no case claimed once they are older than any case window', async () => {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const { probe, post, call } = await started(() => new Date(clock));
    await post('unclaimed ct-20261201-old001');
    clock += CAPTURE_RETENTION_MS + 1000;
    const who = identity('ct-20261201-new001', new Date(clock));
    await post(`fresh ${who.marker}`);
    expect(probe.captures().map((c) => c.text)).toEqual([`fresh ${who.marker}`]);
    expect((await probe.find(who, call)).map((m) => m.text)).toEqual([`fresh ${who.marker}`]);
  });

  it('holds at most MAX_CAPTURES, dropping the oldest', async () => {
    const { probe, post } = await started(() => new Date());
    for (let i = 0; i < MAX_CAPTURES + 5; i++) {
      const response = await post(`noise ${i}`);
      expect(response.status).toBe(200);
    }
    expect(probe.captures()).toHaveLength(MAX_CAPTURES);
    expect(probe.captures()[0]!.text).toBe('noise 5');
  });
});
