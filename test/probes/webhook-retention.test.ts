import { afterEach, describe, expect, it } from 'vitest';
import {
  CAPTURE_RETENTION_MS,
  MAX_CAPTURES,
  startWebhookListener,
  type WebhookListener,
} from '../../src/probes/webhook/webhook-listener.ts';
import { identity } from '../support/probe-deps.ts';

const listeners: WebhookListener[] = [];
afterEach(async () => {
  for (const listener of listeners.splice(0)) await listener.close();
});

async function started(now: () => Date) {
  const listener = await startWebhookListener({ listen: '127.0.0.1:0', now });
  listeners.push(listener);
  listener.accept('/hooks/n');
  const post = (text: string) =>
    fetch(`${listener.origin}/hooks/n`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
  return { listener, post };
}

describe('webhook captures in a long-running monitor', () => {
  it('drops captures no case claimed once they are older than any case window', async () => {
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const { listener, post } = await started(() => new Date(clock));
    await post('unclaimed ct-20261201-old001');
    clock += CAPTURE_RETENTION_MS + 1000;
    const who = identity('ct-20261201-new001', new Date(clock));
    await post(`fresh ${who.marker}`);
    expect(listener.captures().map((c) => c.text)).toEqual([`fresh ${who.marker}`]);
    const found = listener.find({ path: '/hooks/n', contains: [who.marker], since: new Date(0) });
    expect(found.captures.map((m) => m.text)).toEqual([`fresh ${who.marker}`]);
  });

  it('holds at most MAX_CAPTURES, dropping the oldest', async () => {
    const { listener, post } = await started(() => new Date());
    for (let i = 0; i < MAX_CAPTURES + 5; i++) {
      const response = await post(`noise ${i}`);
      expect(response.status).toBe(200);
    }
    expect(listener.captures()).toHaveLength(MAX_CAPTURES);
    expect(listener.captures()[0]!.text).toBe('noise 5');
  });
});
