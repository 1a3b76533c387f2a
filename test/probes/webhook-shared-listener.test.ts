import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/index.ts';
import {
  createNotificationProbe,
  createWebhookHub,
  ProbeError,
  type WebhookHub,
  type WebhookProbe,
} from '../../src/probes/index.ts';
import { readableOrigin } from '../../src/probes/webhook/webhook-listener.ts';
import { identity } from '../support/probe-deps.ts';

/**
 * One webhook listener per run, whatever the number of workers: the owner (the UAT global setup)
 * binds the address; each worker's probe reads it and finds its own case's post by marker.
 */
const http = createHttpClient();
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});
const call = { signal: new AbortController().signal };
const PATH = '/hooks/slack';

function hub(owned?: Awaited<ReturnType<WebhookHub['endpoints']>>): WebhookHub {
  const created = createWebhookHub({ owned });
  opened.push(created);
  return created;
}

function probe(webhooks: WebhookHub, listen: string): WebhookProbe {
  const created = createNotificationProbe(
    { use: 'webhook', listen, path: PATH },
    { http, webhooks },
  ) as WebhookProbe;
  opened.push(created);
  return created;
}

const post = (url: string, text: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      text: '【お問い合わせ】',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    }),
  });

/** A port nobody listens on right now (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Another program holding the port (answers anything with a bare 200); `release()` lets it go. */
async function holdPort(port: number): Promise<{ release(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  let released: Promise<void> | undefined;
  const release = () => {
    released ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return released;
  };
  opened.push({ close: release });
  return { release };
}

describe('the webhook listener shared by every worker', () => {
  it('three workers read the one listener the owner binds, each finding only its own case by marker', async () => {
    const port = await freePort();
    const listen = `127.0.0.1:${port}`;
    const owner = hub();
    await owner.acquire(listen, PATH, 'webhook');
    const endpoints = await owner.endpoints();
    expect(endpoints).toEqual({ [listen]: { origin: `http://${listen}` } });

    const workers = [1, 2, 3].map(() => probe(hub(endpoints), listen));
    const cases = ['ct-20261201-aaa001', 'ct-20261201-aaa002', 'ct-20261201-aaa003'].map((m) => identity(m));
    for (const [i, worker] of workers.entries()) {
      await worker.start(cases[i]!, call);
      expect(worker.url).toBe(`http://${listen}${PATH}`);
    }
    // A worker waiting for its post is woken by it, across processes' read API.
    expect(await workers[2]!.find(cases[2]!, call)).toEqual([]);
    const woken = workers[2]!.changed(call);
    for (const who of cases) {
      const response = await post(
        `http://${listen}${PATH}`,
        `*会社名*: 株式会社テスト商事\n*お問い合わせ内容*: ${who.marker}`,
      );
      expect(await response.text()).toBe('ok');
    }
    await woken;
    for (const [i, worker] of workers.entries()) {
      const found = await worker.find(cases[i]!, call);
      expect(found.map((c) => c.text)).toEqual([
        `【お問い合わせ】\n*会社名*: 株式会社テスト商事\n*お問い合わせ内容*: ${cases[i]!.marker}`,
      ]);
      expect(found[0]!.receivedAt).toBeInstanceOf(Date);
    }
    // Cleanup by one worker removes its capture from the shared listener, and only that one.
    const mine = await workers[0]!.find(cases[0]!, call);
    await workers[0]!.delete(mine, call);
    expect(await workers[0]!.find(cases[0]!, call)).toEqual([]);
    expect(await workers[1]!.find(cases[1]!, call)).toHaveLength(1);
  });

  it('in one process (the monitor, tests), every target naming the address shares the runner’s one listener', async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const runnerHub = hub();
    const legacy = probe(runnerHub, listen);
    const renewal = createNotificationProbe(
      { use: 'webhook', listen, path: '/hooks/renewal' },
      { http, webhooks: runnerHub },
    ) as WebhookProbe;
    opened.push(renewal);
    const [a, b] = [identity('ct-20261201-hhh001'), identity('ct-20261201-hhh002')];
    await legacy.start(a, call);
    await renewal.start(b, call);
    expect(new URL(legacy.url!).port).toBe(new URL(renewal.url!).port);
    await post(legacy.url!, `legacy ${a.marker}`);
    await post(renewal.url!, `renewal ${b.marker}`);
    expect((await legacy.find(a, call)).map((c) => c.text)).toEqual([`【お問い合わせ】\nlegacy ${a.marker}`]);
    expect((await renewal.find(b, call)).map((c) => c.text)).toEqual([
      `【お問い合わせ】\nrenewal ${b.marker}`,
    ]);
    // Each path is its own webhook: a post to one is not found by the other.
    expect(await renewal.find(a, call)).toEqual([]);
  });

  it('a second run on the same machine (another shard) joins the cutover listener that holds the port', async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const first = probe(hub(), listen);
    const second = probe(hub(), listen);
    const who = identity('ct-20261201-bbb001');
    await first.start(who, call);
    await second.start(who, call);
    await post(second.url!, `*氏名*: 山田 太郎 ${who.marker}`);
    expect(await second.find(who, call)).toHaveLength(1);
    expect(await first.find(who, call)).toHaveLength(1);
  });

  it('the run that owns the listener keeps it open until the other run reading it has ended', async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const first = createWebhookHub();
    const second = createWebhookHub();
    opened.push(first, second);
    await first.acquire(listen, PATH, 'webhook');
    const joined = await second.acquire(listen, PATH, 'webhook');
    // The lease is taken in the background: let it reach the owner before the owner ends.
    await new Promise((resolve) => setTimeout(resolve, 200));
    let firstClosed = false;
    const closing = first.close().then(() => {
      firstClosed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(firstClosed).toBe(false);
    expect(await (await post(joined.url, 'late shard ct-20261201-ggg001')).text()).toBe('ok');
    const found = await joined.find({ contains: ['ct-20261201-ggg001'], since: new Date(0) }, call.signal);
    expect(found.captures).toHaveLength(1);
    await second.close();
    await closing;
    expect(firstClosed).toBe(true);
    await expect(post(joined.url, 'after both ended')).rejects.toThrow();
  });

  it('a port another process holds: every worker’s probe fails to start with the address and EADDRINUSE', async () => {
    const port = await freePort();
    await holdPort(port);
    const listen = `127.0.0.1:${port}`;
    const owner = hub();
    const reason = `cannot listen on ${listen}: listen EADDRINUSE: address already in use ${listen} (another process holds this port)`;
    await expect(owner.acquire(listen, PATH, 'webhook')).rejects.toThrow(reason);
    const endpoints = await owner.endpoints();
    expect(endpoints).toEqual({ [listen]: { error: reason } });
    const worker = probe(hub(endpoints), listen);
    const started = worker.start(identity('ct-20261201-ccc001'), call);
    await expect(started).rejects.toBeInstanceOf(ProbeError);
    await expect(started).rejects.toMatchObject({ reason: 'config', message: reason });
  });

  it('a long-running owner (the monitor) binds on a later case once the other program has let the port go', async () => {
    const port = await freePort();
    const squatter = await holdPort(port);
    const listen = `127.0.0.1:${port}`;
    const owner = hub();
    await expect(owner.acquire(listen, PATH, 'webhook')).rejects.toThrow('EADDRINUSE');
    await squatter.release();
    const source = await owner.acquire(listen, PATH, 'webhook');
    expect(await owner.endpoints()).toEqual({ [listen]: { origin: `http://${listen}` } });
    await post(source.url, 'ct-20261201-fff001');
    expect(
      (await source.find({ contains: ['ct-20261201-fff001'], since: new Date(0) }, call.signal)).captures,
    ).toHaveLength(1);
  });

  it('a wildcard bind is read from this machine by loopback', () => {
    expect(readableOrigin('0.0.0.0:8787')).toBe('http://127.0.0.1:8787');
    expect(readableOrigin('[::]:8787')).toBe('http://[::1]:8787');
    expect(readableOrigin('192.0.2.10:8787')).toBe('http://192.0.2.10:8787');
  });

  it('a worker whose owner has gone reports the listener unreachable, not an empty inbox', async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const owner = createWebhookHub();
    await owner.acquire(listen, PATH, 'webhook');
    const worker = probe(hub(await owner.endpoints()), listen);
    await worker.start(identity('ct-20261201-ddd001'), call);
    await owner.close();
    await expect(worker.find(identity('ct-20261201-ddd001'), call)).rejects.toMatchObject({
      reason: 'unreachable',
      message: expect.stringContaining(`the run's webhook listener at http://${listen} did not answer`),
    });
  });

  it('an address that answers but is not cutover’s listener is a protocol error, never an empty inbox', async () => {
    const port = await freePort();
    await holdPort(port);
    const listen = `127.0.0.1:${port}`;
    const worker = probe(hub({ [listen]: { origin: `http://${listen}` } }), listen);
    await worker.start(identity('ct-20261201-iii001'), call);
    await expect(worker.find(identity('ct-20261201-iii001'), call)).rejects.toMatchObject({
      reason: 'protocol',
      message: `http://${listen} did not answer as cutover's webhook listener`,
    });
  });

  it('the read API is not a webhook path: posting to it or to any unknown path captures nothing', async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const worker = probe(hub(), listen);
    await worker.start(identity('ct-20261201-eee001'), call);
    expect((await post(`http://${listen}/.cutover/webhook/captures`, 'ct-20261201-eee001')).status).toBe(404);
    expect((await post(`http://${listen}/hooks/other`, 'ct-20261201-eee001')).status).toBe(404);
    expect(await worker.find(identity('ct-20261201-eee001', new Date(0)), call)).toEqual([]);
  });
});
