import { createServer, type IncomingMessage, type Server } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer as createTcpServer,
  type Server as TcpServer,
} from 'node:net';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/foundation/secret.ts';
import { createHttpClient, type HttpClient } from '../../src/http/client.ts';
import { HttpError } from '../../src/http/errors.ts';
import { MswDispatcher } from '../support/msw-dispatcher.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(options: Parameters<typeof createHttpClient>[0] = {}): HttpClient {
  const made = createHttpClient(options);
  cleanups.push(() => made.close());
  return made;
}

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createHttpClient', () => {
  it('hands back any HTTP status as an answer, with headers, text and json', async () => {
    const dispatcher = new MswDispatcher([
      http.get('https://api.example.test/thing', () =>
        HttpResponse.json({ ok: false }, { status: 503, headers: { 'retry-after': '2' } }),
      ),
    ]);
    const response = await client({ dispatcher }).send({ url: 'https://api.example.test/thing' });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json()).toEqual({ ok: false });
  });

  it('sends JSON and form bodies with their content types', async () => {
    const dispatcher = new MswDispatcher([
      http.post('https://api.example.test/echo', async ({ request }) =>
        HttpResponse.text(`${request.headers.get('content-type')}|${await request.text()}`),
      ),
    ]);
    const c = client({ dispatcher });
    const json = await c.send({ method: 'POST', url: 'https://api.example.test/echo', json: { a: 1 } });
    expect(json.text).toBe('application/json|{"a":1}');
    const form = await c.send({
      method: 'POST',
      url: 'https://api.example.test/echo',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(form.text).toBe('application/x-www-form-urlencoded|grant_type=client_credentials');
  });

  it('throws CUTOVER_HTTP_CONNECT with undici’s error as cause when nothing listens, and no secret in the message', async () => {
    const port = await closedPort();
    const token = new Secret('API_TOKEN', 'tok-very-secret-123');
    const password = new Secret('PW', 'hunter2-pass');
    const c = client({ secrets: [token] });
    const error = await c
      .send({
        url: `http://user:${password.reveal()}@127.0.0.1:${port}/v1/${token.reveal()}/x?token=${token.reveal()}&q=${encodeURIComponent('a+tok-very-secret-123')}&access_token=plain-looking`,
        headers: { authorization: `Bearer ${token.reveal()}` },
        secrets: [password],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const httpError = error as HttpError;
    expect(httpError.code).toBe('CUTOVER_HTTP_CONNECT');
    expect(httpError.retryable).toBe(true);
    expect((httpError.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(httpError.message).toContain(`127.0.0.1:${port}`);
    expect(httpError.message).toContain('connection refused');
    for (const value of ['tok-very-secret-123', 'hunter2-pass', 'plain-looking']) {
      expect(httpError.message).not.toContain(value);
      expect(httpError.request).not.toContain(value);
    }
    expect(httpError.message).toContain('[secret API_TOKEN]');
  });

  it('throws CUTOVER_HTTP_TIMEOUT when the answer does not come in time', async () => {
    const server = createServer(() => {
      // Never answers.
    });
    const port = await listen(server);
    const error = await client()
      .send({ url: `http://127.0.0.1:${port}/slow`, timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('CUTOVER_HTTP_TIMEOUT');
  });

  it('throws the caller’s abort reason as is', async () => {
    const server = createServer(() => {});
    const port = await listen(server);
    const controller = new AbortController();
    const reason = new Error('case deadline');
    setTimeout(() => controller.abort(reason), 20);
    await expect(client().send({ url: `http://127.0.0.1:${port}/`, signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it('rejects a request no msw handler answers (tests never reach a network)', async () => {
    const dispatcher = new MswDispatcher([]);
    const error = await client({ dispatcher })
      .send({ url: 'https://www.google-analytics.com/g/collect' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(dispatcher.unhandled).toEqual(['GET https://www.google-analytics.com/g/collect']);
  });

  it('reports a non-JSON body as CUTOVER_HTTP_INVALID_BODY when json() is asked', async () => {
    const dispatcher = new MswDispatcher([
      http.get('https://api.example.test/html', () => HttpResponse.html('<h1>')),
    ]);
    const response = await client({ dispatcher }).send({ url: 'https://api.example.test/html' });
    expect(() => response.json()).toThrow(expect.objectContaining({ code: 'CUTOVER_HTTP_INVALID_BODY' }));
  });

  describe('default dispatcher and proxies', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });

    /** A forward proxy that records what went through it (CONNECT tunnels and plain forwards). */
    async function startProxy(): Promise<{ url: string; seen: string[] }> {
      const seen: string[] = [];
      const proxy = createServer((req: IncomingMessage, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('via proxy');
      });
      proxy.on('connect', (req, socket, head) => {
        seen.push(`CONNECT ${req.url}`);
        const [host, port] = String(req.url).split(':');
        const upstream = connect(Number(port), host, () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
      });
      const port = await listen(proxy);
      return { url: `http://127.0.0.1:${port}`, seen };
    }

    async function startTarget(): Promise<number> {
      return listen(createServer((_req, res) => res.end('direct')));
    }

    it('goes through HTTP_PROXY when set', async () => {
      const proxy = await startProxy();
      const target = await startTarget();
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      process.env.HTTP_PROXY = proxy.url;
      const response = await client().send({ url: `http://127.0.0.1:${target}/hello` });
      expect(response.status).toBe(200);
      expect(proxy.seen.some((line) => line.includes(`127.0.0.1:${target}`))).toBe(true);
    });

    it('bypasses the proxy for hosts in NO_PROXY', async () => {
      const proxy = await startProxy();
      const target = await startTarget();
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = '127.0.0.1';
      const response = await client().send({ url: `http://127.0.0.1:${target}/hello` });
      expect(response.text).toBe('direct');
      expect(proxy.seen).toEqual([]);
    });
  });
});
