import { afterEach, describe, expect, it } from 'vitest';
import { createNotificationProbe } from '../../src/probes/registry.ts';
import type { WebhookProbe } from '../../src/probes/webhook/webhook.ts';
import { identity, probeTestKit } from '../support/probe-deps.ts';

const probes: WebhookProbe[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.close();
});

async function started(): Promise<{ probe: WebhookProbe; url: string; call: { signal: AbortSignal } }> {
  const kit = probeTestKit([]);
  const probe = createNotificationProbe(
    { use: 'webhook', listen: '127.0.0.1:0', path: '/hooks/notification' },
    kit.deps,
  ) as WebhookProbe;
  probes.push(probe);
  const who = identity('ct-unused');
  await probe.start({ marker: who.marker, email: who.email }, kit.call);
  if (!probe.url) throw new Error('webhook probe did not listen');
  return { probe, url: probe.url, call: kit.call };
}

const post = (url: string, body: unknown, type = 'application/json') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('webhook probe', () => {
  it('listens on an ephemeral port and captures a Slack payload, answering like Slack', async () => {
    const { probe, url, call } = await started();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/notification$/);
    const who = identity('ct-20261126-aaaaaa');
    const response = await post(url, {
      text: 'New lead',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*New lead* ${who.marker}` } },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'Email: ' },
                { type: 'text', text: who.email },
              ],
            },
          ],
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    const found = await probe.find(who, call);
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toBe(`New lead\n*New lead* ${who.marker}\nEmail: ${who.email}`);
    expect(found[0]!.subject).toBe('New lead');
  });

  it('captures Teams MessageCard and Workflows AdaptiveCard payloads as text', async () => {
    const { probe, url, call } = await started();
    const who = identity('ct-20261126-bbbbbb');
    await post(url, {
      '@type': 'MessageCard',
      '@context': 'http://schema.org/extensions',
      summary: 'New inquiry',
      title: 'New inquiry',
      sections: [
        {
          facts: [
            { name: 'Email', value: who.email },
            { name: 'Marker', value: who.marker },
          ],
        },
      ],
    });
    await post(url, {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: `New lead ${who.marker}`, wrap: true },
              { type: 'FactSet', facts: [{ title: 'Company', value: 'ACME' }] },
            ],
          },
        },
      ],
    });
    const found = await probe.find(who, call);
    expect(found.map((m) => m.text)).toEqual([
      `New inquiry\nEmail: ${who.email}\nMarker: ${who.marker}`,
      `New lead ${who.marker}\nCompany: ACME`,
    ]);
    expect(found[0]!.subject).toBe('New inquiry');
  });

  it('pushes: changed() resolves when a payload arrives', async () => {
    const { probe, url, call } = await started();
    const who = identity('ct-20261126-cccccc');
    const changed = probe.changed(call);
    await post(url, { text: `hello ${who.marker}` });
    await changed;
    expect(await probe.find(who, call)).toHaveLength(1);
  });

  it('does not miss a payload that arrives between find() and changed()', async () => {
    const { probe, url, call } = await started();
    const who = identity('ct-20261126-cccccd');
    expect(await probe.find(who, call)).toEqual([]);
    await post(url, { text: `hello ${who.marker}` });
    await probe.changed(call);
    expect(await probe.find(who, call)).toHaveLength(1);
  });

  it('answers 400 invalid_payload / no_text and 404 elsewhere, capturing nothing', async () => {
    const { probe, url, call } = await started();
    expect(await (await post(url, 'not json')).text()).toBe('invalid_payload');
    expect((await post(url, { blocks: [] })).status).toBe(400);
    expect((await post(url.replace('/hooks/notification', '/other'), { text: 'x' })).status).toBe(404);
    expect(await probe.find(identity('ct-20261126-dddddd', new Date(0)), call)).toEqual([]);
  });

  it('drops captures by id on delete and refuses an empty list', async () => {
    const { probe, url, call } = await started();
    const who = identity('ct-20261126-eeeeee');
    await post(url, { text: `one ${who.marker}` });
    await post(url, { text: `two ${who.marker}` });
    const [first, second] = await probe.find(who, call);
    await probe.delete([first!], call);
    expect((await probe.find(who, call)).map((m) => m.id)).toEqual([second!.id]);
    await expect(probe.delete([], call)).rejects.toMatchObject({ reason: 'config' });
  });

  it('stops listening on close (safe twice)', async () => {
    const { probe, url } = await started();
    await probe.close();
    await probe.close();
    await expect(post(url, { text: 'late' })).rejects.toThrow();
  });
});
