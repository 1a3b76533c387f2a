import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** msw request handlers answering on a real port. */
export interface ServedHandlers {
  /** Origin like `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
}

/**
 * Serve msw handlers over node:http: each request becomes a fetch `Request`, answered by
 * msw's `getResponse`. Unmatched requests get a plain-text 404; a handler that throws gets a
 * plain-text 500; `HttpResponse.error()` resets the connection (a network error, as msw means it).
 */
export async function serveHandlers(
  handlers: readonly RequestHandler[],
  options: ServeOptions = {},
): Promise<ServedHandlers> {
  const host = options.host ?? '127.0.0.1';
  const list = [...handlers];
  const server = createServer((req, res) => {
    void answer(list, req, res, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function answer(
  handlers: RequestHandler[],
  req: IncomingMessage,
  res: ServerResponse,
  host: string,
): Promise<void> {
  try {
    const request = await toRequest(req, host);
    const response = await getResponse(handlers, request);
    if (!response) {
      writePlain(res, 404, '404 page not found');
      return;
    }
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    await writeResponse(res, response, req.method === 'HEAD');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (res.headersSent) res.destroy();
    else writePlain(res, 500, `Internal Server Error: ${message}`);
  }
}

/** Connection-level headers stay with node:http; the body is handed over whole. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

async function toRequest(req: IncomingMessage, host: string): Promise<Request> {
  const origin = `http://${req.headers.host ?? host}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    init.body = Buffer.concat(chunks);
  }
  return new Request(new URL(req.url ?? '/', origin), init);
}

async function writeResponse(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie' || name === 'content-length') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.setHeader('content-length', body.length);
  res.writeHead(response.status, response.statusText || undefined);
  res.end(head ? undefined : body);
}

function writePlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
