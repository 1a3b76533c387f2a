import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright';
import { launchChromium } from '../../src/browser/index.ts';

/** Chromium found by cutover's one resolver, with the flags that keep it off the network. */
export function launchTestChromium(): Promise<Browser> {
  return launchChromium();
}

export interface PageServer {
  origin: string;
  /** Requests the server received, as `METHOD path`. */
  seen: string[];
  close(): Promise<void>;
}

/** A tiny site on 127.0.0.1: `pages` maps a path to its HTML; anything under a `/g/collect` path answers 204. */
export async function servePages(pages: Record<string, string>): Promise<PageServer> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://page.test');
    seen.push(`${req.method} ${url.pathname}`);
    req.resume();
    const html = pages[url.pathname];
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (url.pathname.endsWith('/g/collect')) {
      res.writeHead(204, { 'access-control-allow-origin': String(req.headers.origin ?? '*') });
      res.end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
