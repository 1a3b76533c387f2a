import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface ReportServerOptions {
  /** The directory served: only files inside it are answered. */
  dir: string;
  /** e.g. 127.0.0.1 */
  host: string;
  /** 0 for a free port. */
  port: number;
  /** The page at `/` when the directory has no index.html (a directory holding several reports). */
  index?: () => Promise<string>;
}

export interface ReportServer {
  /** e.g. http://127.0.0.1:43121/ — what a browser on this machine opens. */
  url: string;
  close(): Promise<void>;
}

/** A host or port that cannot be listened on: a usage problem, told before anything is served. */
export class ServeError extends Error {
  readonly code = 'CUTOVER_LISTEN';
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    const why =
      cause.code === 'EADDRINUSE'
        ? 'the port is already in use (choose another with --port, or leave --port out for a free one)'
        : cause.code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges)'
          : cause.code === 'EADDRNOTAVAIL' || cause.code === 'ENOTFOUND'
            ? 'no such address on this machine (--host)'
            : cause.message;
    super(`cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${why}`, { cause });
    this.name = 'ServeError';
  }
}

/** By extension: what a report directory holds (cutover's report, Playwright's report and traces). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webm': 'video/webm',
  '.zip': 'application/zip',
};

/** Headers of every answer: a report is rewritten by the next run, so a reload must show the new one. */
const COMMON = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The names a browser on this machine reaches a loopback server by. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Serves the files of one directory, read-only: GET and HEAD, `/` and a directory as its
 * index.html, nothing outside the directory (`..`, encoded or not, and symbolic links that lead
 * out are not found), no directory listings. Bound to a loopback address, it answers only requests
 * addressed to a loopback name, so a web page cannot read the report through DNS rebinding.
 */
export async function startReportServer(options: ReportServerOptions): Promise<ReportServer> {
  const root = resolve(options.dir);
  const realRoot = await realpath(root);
  // Bound to loopback: requests must name a loopback host (or the address bound) in Host.
  const hosts = isLoopback(options.host)
    ? new Set([...LOOPBACK_NAMES, browsableHost(options.host).toLowerCase()])
    : undefined;
  const server = createServer((request, response) => {
    answer(request, response, { root, realRoot, hosts, index: options.index }).catch(() => {
      if (!response.headersSent) send(response, 500, 'cannot read the file\n');
      else response.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(new ServeError(options.host, options.port, error)),
    );
    server.listen(options.port, options.host, () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${browsableHost(options.host)}:${port}/`, close: () => closeServer(server) };
}

interface Served {
  root: string;
  realRoot: string;
  /** The Host names answered; undefined: any (bound to a public address on purpose). */
  hosts?: Set<string>;
  index?: () => Promise<string>;
}

async function answer(request: IncomingMessage, response: ServerResponse, served: Served): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...COMMON, allow: 'GET, HEAD' }).end();
    return;
  }
  if (served.hosts && !served.hosts.has(hostName(request.headers.host))) {
    send(response, 403, 'cutover show-report answers requests to localhost or 127.0.0.1 only\n');
    return;
  }
  const file = await fileOf(request.url ?? '/', served);
  if (file === 'bad') {
    send(response, 400, 'bad request\n');
    return;
  }
  if (file === undefined) {
    if (served.index && isRoot(request.url)) {
      const page = Buffer.from(await served.index(), 'utf8');
      response.writeHead(200, {
        ...COMMON,
        'content-type': CONTENT_TYPES['.html'],
        'content-length': page.length,
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      response.end(request.method === 'HEAD' ? undefined : page);
      return;
    }
    send(response, 404, 'not found\n');
    return;
  }
  response.writeHead(200, {
    ...COMMON,
    'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': file.size,
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

/**
 * The file a request path names inside the root: a directory stands for its index.html; undefined
 * for anything else (missing, outside the root, a directory without index.html); 'bad' when the
 * path cannot be decoded.
 */
async function fileOf(
  url: string,
  served: Served,
): Promise<{ path: string; size: number } | undefined | 'bad'> {
  let path: string;
  try {
    path = decodeURIComponent(url.split(/[?#]/, 1)[0]!);
  } catch {
    return 'bad';
  }
  if (path.includes('\0')) return 'bad';
  // Either slash separates on every platform, and no segment may climb: a client decides nothing
  // about what lies outside.
  const segments = path.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return undefined;
  let candidate = join(served.root, ...segments);
  if (!inside(served.root, candidate)) return undefined;
  let info = await stat(candidate).catch(() => undefined);
  if (info?.isDirectory()) {
    candidate = join(candidate, 'index.html');
    info = await stat(candidate).catch(() => undefined);
  }
  if (!info?.isFile()) return undefined;
  // A symbolic link is followed only to a file that is inside the directory too.
  const real = await realpath(candidate).catch(() => undefined);
  if (!real || !inside(served.realRoot, real)) return undefined;
  return { path: real, size: info.size };
}

function isRoot(url: string | undefined): boolean {
  const path = (url ?? '/').split(/[?#]/, 1)[0];
  return path === '/' || path === '/index.html';
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...COMMON, 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** `localhost:8080` → localhost, `[::1]:8080` → [::1]; lower case. */
function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0]!;
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** The address a browser on this machine uses: a wildcard bind is reached through loopback. */
function browsableHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '0.0.0.0' || bare === '') return '127.0.0.1';
  if (bare === '::') return '[::1]';
  return bare.includes(':') ? `[${bare}]` : bare;
}

/** Closes the listener and every open connection (a browser keeps some alive): nothing outlives the stop. */
function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
