import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ownPackage } from '../foundation/index.ts';
import { CONTENT_SECURITY_POLICY } from '../report/html/escape.ts';
import type { Verdict } from '../scenario/case-result.ts';
import type { EvidenceStore } from './evidence/evidence-store.ts';
import { isRunId } from './evidence/run-id.ts';
import { type RunFilter, renderRunList } from './evidence/run-pages.ts';
import { RUN_FILES, type RunSummary } from './evidence/run-summary.ts';

/**
 * The kept runs over HTTP, behind the metrics server's token:
 *
 * - `/runs` — the kept runs, newest first; `?target=&scenario=&verdict=` filter them; HTML, or
 *   JSON with `?format=json` or `Accept: application/json`.
 * - `/runs/<id>/` — a run's page (`/runs/<id>` redirects there, so its relative links hold),
 *   and its files: `result.json`, `screenshot.png`, `trace.zip`.
 * - `/runs/latest?target=T&scenario=S&verdict=failed` — 302 to the newest matching run, 404 when
 *   none: the address alert annotations link to.
 *
 * A run id is matched against its pattern and a file name against the run folder's few names
 * before anything touches the disk: no path reaches outside the evidence directory.
 */
export interface RunsRoutes {
  /** Answers a request under /runs. */
  handle(request: IncomingMessage, response: ServerResponse): void;
}

const VERDICTS: readonly Verdict[] = ['failed', 'error', 'passed'];

const FILE_TYPES: Record<string, string> = {
  [RUN_FILES.page]: 'text/html; charset=utf-8',
  [RUN_FILES.result]: 'application/json; charset=utf-8',
  [RUN_FILES.screenshot]: 'image/png',
  [RUN_FILES.trace]: 'application/zip',
};

/** What every page of the runs carries: its own policy (no script, nothing fetched), never framed. */
const PAGE_HEADERS = {
  'content-security-policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function runsRoutes(store: EvidenceStore, externalUrl: string): RunsRoutes {
  const version = ownPackage().version;
  const runUrl = (id: string) => `${externalUrl}/runs/${id}/`;
  const asJson = (run: RunSummary) => ({ ...run, url: runUrl(run.id) });

  return {
    handle(request, response) {
      // The path as sent, never normalised: a `..` segment is no run id and no file name, so it
      // reaches nothing (resolved, it could name another route).
      const [path = '', search = ''] = (request.url ?? '').split(/\?(.*)/s, 2);
      const query = new URLSearchParams(search);
      const kept = search ? `?${search}` : '';
      const parts = path.split('/').slice(2);
      const json = wantsJson(request, query);
      const filter = filterOf(query);
      if (typeof filter === 'string') return text(response, 400, filter);

      if (parts.length === 0) {
        const runs = store.list(filter);
        if (json)
          return send(
            response,
            200,
            FILE_TYPES[RUN_FILES.result]!,
            JSON.stringify({ runs: runs.map(asJson) }),
          );
        const all = store.list();
        const choices = {
          targets: [...new Set(all.map((r) => r.target))].sort(),
          scenarios: [...new Set(all.map((r) => r.scenario))].sort(),
        };
        return send(
          response,
          200,
          FILE_TYPES[RUN_FILES.page]!,
          renderRunList(runs, filter, choices, version, { ...store.pages, wentWrong: store.wentWrong }),
          PAGE_HEADERS,
        );
      }
      const [id = '', file, ...rest] = parts;
      if (id === '' && parts.length === 1) return redirect(response, `../runs${kept}`);
      if (id === 'latest' && parts.length === 1) {
        const newest = store.list(filter)[0];
        return newest
          ? redirect(response, `${newest.id}/`)
          : text(
              response,
              404,
              `no kept run matches ${filterText(filter)}: the monitor keeps a run when a case fails or errors (and the last passing one); see ${externalUrl}/runs\n`,
            );
      }
      if (!isRunId(id) || rest.length > 0) return text(response, 404, 'no such page: see /runs\n');
      const run = store.get(id);
      if (!run)
        return text(
          response,
          404,
          `run ${id} is not kept (any more): the oldest runs are deleted past the evidence directory's count and age; see ${externalUrl}/runs\n`,
        );
      if (file === undefined) return redirect(response, `${id}/${kept}`);
      const name = file === '' ? (json ? RUN_FILES.result : RUN_FILES.page) : file;
      const type = FILE_TYPES[name];
      if (
        !type ||
        (name === RUN_FILES.trace && !run.trace) ||
        (name === RUN_FILES.screenshot && !run.screenshot)
      )
        return text(response, 404, `run ${id} has no file ${file}\n`);
      void serveFile(response, store.path(id, name), type, name === RUN_FILES.trace ? id : undefined);
    },
  };
}

/** `?format=json`, or an `Accept` that asks for JSON and not for a page (a browser asks for both). */
function wantsJson(request: IncomingMessage, query: URLSearchParams): boolean {
  const format = query.get('format');
  if (format) return format === 'json';
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** The filter of a query; a sentence saying what is wrong with it otherwise. */
function filterOf(query: URLSearchParams): RunFilter | string {
  const value = (name: string) => query.get(name) || undefined;
  const verdict = value('verdict');
  if (verdict !== undefined && !VERDICTS.includes(verdict as Verdict))
    return `verdict: expected ${VERDICTS.join(', ')}, got ${JSON.stringify(verdict)}\n`;
  return { target: value('target'), scenario: value('scenario'), verdict: verdict as Verdict | undefined };
}

function filterText(filter: RunFilter): string {
  const given = Object.entries(filter).filter(([, v]) => v !== undefined);
  return given.length === 0 ? 'anything' : given.map(([k, v]) => `${k}=${v}`).join(' ');
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body);
}

function text(response: ServerResponse, status: number, body: string): void {
  send(response, status, 'text/plain; charset=utf-8', body);
}

/** Relative, so it holds behind a reverse proxy that serves the monitor under a path. */
function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location, 'cache-control': 'no-store' }).end();
}

async function serveFile(
  response: ServerResponse,
  path: string,
  type: string,
  traceOf: string | undefined,
): Promise<void> {
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) return text(response, 404, 'the file is gone (deleted by retention)\n');
  response.writeHead(200, {
    'content-type': type,
    'content-length': String(size),
    ...(type.startsWith('text/html')
      ? PAGE_HEADERS
      : { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }),
    ...(traceOf ? { 'content-disposition': `attachment; filename="cutover-trace-${traceOf}.zip"` } : {}),
  });
  await pipeline(createReadStream(path), response).catch(() => response.destroy());
}
