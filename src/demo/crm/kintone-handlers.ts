import { HttpResponse, http, type RequestHandler } from 'msw';
import { sleep } from '../sleep.ts';
import type { KintoneApp, KintonePermission } from './kintone-app.ts';
import {
  appNotFound,
  invalidInput,
  invalidJson,
  kintoneError,
  loginRequired,
  recordNotFound,
  revisionConflict,
  tokenMismatch,
  tokenNotPermitted,
  tooManyRequests,
  unavailable,
} from './kintone-errors.ts';
import type { QueryProblem } from './kintone-query.ts';

export interface KintoneHandlerOptions {
  /** Origin the handlers answer for, e.g. `https://example.cybozu.com`; default any origin. */
  baseUrl?: string;
  /** Consulted once per request: answer with this instead (429 GAIA_TO04, 503 maintenance). */
  nextError?: () => 429 | 503 | null;
  /** Consulted once per request: hold the response this long. */
  delayMs?: () => number;
  /** Cuts delays short when the world stops. */
  signal?: AbortSignal;
}

const MAX_DELETE = 100;

type Params = URLSearchParams | Record<string, unknown>;

/**
 * The record API of a kintone domain serving these apps: `GET /k/v1/records.json` (query,
 * `fields[N]`, `totalCount`), `GET|POST|PUT /k/v1/record.json`, `DELETE /k/v1/records.json`
 * (`ids[N]` in the query string or `{ app, ids }` as JSON; 1 to 100, all or nothing). Every
 * request needs `X-Cybozu-API-Token` with a token of the app it names (several comma-separated
 * are allowed, one per app); the token's permissions (view, add, edit, delete) decide what it may
 * do. Errors are kintone's `{ code, id, message }` bodies.
 */
export function kintoneHandlers(
  apps: KintoneApp | readonly KintoneApp[],
  options: KintoneHandlerOptions = {},
): RequestHandler[] {
  const list = Array.isArray(apps) ? (apps as readonly KintoneApp[]) : [apps as KintoneApp];
  const base = `${options.baseUrl ?? '*'}/k/v1`;

  /** The app the request names, once its token may do `needs` there; otherwise kintone's refusal. */
  const authorize = (request: Request, params: Params, needs: KintonePermission): KintoneApp | Response => {
    const header = request.headers.get('x-cybozu-api-token');
    if (header === null || header.trim() === '') {
      return request.headers.has('x-cybozu-authorization')
        ? kintoneError(401, 'CB_WA01', 'ユーザーのパスワード認証に失敗しました。')
        : loginRequired();
    }
    const given = header.split(',').map((token) => token.trim());
    const owners = given.map((token) => list.find((app) => app.permissionsOf(token) !== undefined));
    if (owners.some((owner) => owner === undefined)) return tokenMismatch();
    const appParam = param(params, 'app');
    if (appParam === undefined || appParam === '') return invalidInput({ app: ['必須です。'] });
    if (!/^\d+$/.test(appParam) || Number(appParam) < 1)
      return invalidInput({ app: ['最小でも1以上です。'] });
    const app = list.find((candidate) => candidate.id === String(Number(appParam)));
    if (!app) return appNotFound(appParam);
    const token = given.find((candidate) => app.permissionsOf(candidate) !== undefined);
    if (token === undefined) return tokenMismatch();
    if (!app.permissionsOf(token)?.has(needs)) return tokenNotPermitted();
    return app;
  };

  const guard =
    (needs: KintonePermission, resolver: (app: KintoneApp, params: Params) => Response) =>
    async ({ request }: { request: Request }): Promise<Response> => {
      await sleep(options.delayMs?.() ?? 0, options.signal);
      const injected = options.nextError?.() ?? null;
      if (injected === 429) return tooManyRequests();
      if (injected === 503) return unavailable();
      const params = await paramsOf(request);
      if (params instanceof Response) return params;
      const app = authorize(request, params, needs);
      if (app instanceof Response) return app;
      return resolver(app, params);
    };

  return [
    http.get(
      `${base}/records.json`,
      guard('view', (app, params) => {
        const result = app.select(param(params, 'query') ?? '', arrayParam(params, 'fields'));
        if (!result.ok) return queryRefused(result.error);
        const totalCount = param(params, 'totalCount');
        return HttpResponse.json({
          records: result.records,
          totalCount: totalCount === 'true' ? String(result.total) : null,
        });
      }),
    ),
    http.get(
      `${base}/record.json`,
      guard('view', (app, params) => {
        const id = param(params, 'id');
        if (id === undefined || id === '') return invalidInput({ id: ['必須です。'] });
        const record = app.get(id);
        return record ? HttpResponse.json({ record }) : recordNotFound(id);
      }),
    ),
    http.post(
      `${base}/record.json`,
      guard('add', (app, params) => {
        const added = app.add(rawParam(params, 'record'));
        if (!added.ok) return invalidInput(added.errors);
        return HttpResponse.json({ id: added.id, revision: added.revision });
      }),
    ),
    http.put(
      `${base}/record.json`,
      guard('edit', (app, params) => {
        const id = param(params, 'id');
        if (id === undefined || id === '') return invalidInput({ id: ['必須です。'] });
        const revision = param(params, 'revision');
        const updated = app.update(id, rawParam(params, 'record') ?? {}, { revision });
        if ('notFound' in updated) return recordNotFound(id);
        if ('conflict' in updated) return revisionConflict();
        if (!updated.ok) return invalidInput(updated.errors);
        return HttpResponse.json({ revision: updated.revision });
      }),
    ),
    http.delete(
      `${base}/records.json`,
      guard('delete', (app, params) => {
        const ids = arrayParam(params, 'ids');
        if (ids === undefined || ids.length === 0)
          return invalidInput({ ids: ['必須です。', '一度に1件から100件までのレコードを削除できます。'] });
        if (ids.length > MAX_DELETE)
          return invalidInput({ ids: ['一度に1件から100件までのレコードを削除できます。'] });
        const removed = app.remove(ids);
        if (!removed.ok) return recordNotFound(removed.missing);
        return HttpResponse.json({});
      }),
    ),
  ];
}

/** The query string, or for a request with a body its JSON (kintone takes either). */
async function paramsOf(request: Request): Promise<Params | Response> {
  const url = new URL(request.url);
  if (request.method === 'GET') return url.searchParams;
  const text = await request.text();
  if (text.trim() === '') return url.searchParams;
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidJson();
    return body as Record<string, unknown>;
  } catch {
    return invalidJson();
  }
}

function rawParam(params: Params, name: string): unknown {
  return params instanceof URLSearchParams ? (params.get(name) ?? undefined) : params[name];
}

function param(params: Params, name: string): string | undefined {
  const value = rawParam(params, name);
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
}

/** `fields[0]=…&fields[1]=…` (or repeated `fields=`) in a query string; an array in JSON. */
function arrayParam(params: Params, name: string): string[] | undefined {
  if (!(params instanceof URLSearchParams)) {
    const value = params[name];
    return Array.isArray(value) ? value.map(String) : undefined;
  }
  const indexed: Array<[number, string]> = [];
  const plain: string[] = [];
  for (const [key, value] of params) {
    const match = new RegExp(`^${name}\\[(\\d+)\\]$`).exec(key);
    if (match) indexed.push([Number(match[1]), value]);
    else if (key === name) plain.push(value);
  }
  if (indexed.length === 0 && plain.length === 0) return undefined;
  return [...indexed.sort((a, b) => a[0] - b[0]).map(([, value]) => value), ...plain];
}

function queryRefused(problem: QueryProblem): Response {
  switch (problem.kind) {
    case 'syntax':
      return invalidInput({ query: ['クエリ記法が間違っています。'] });
    case 'unknownField':
      return kintoneError(400, 'GAIA_IQ11', `指定されたフィールド（${problem.field}）が見つかりません。`);
    case 'operator':
      return kintoneError(
        400,
        'GAIA_IQ03',
        `${problem.field}フィールドのフィールドタイプには演算子${problem.op}を使用できません。`,
      );
    case 'limit':
      return kintoneError(400, 'GAIA_QU01', 'limit には 500 以下の値を指定してください。');
    case 'offset':
      return kintoneError(400, 'GAIA_QU02', 'offset には 10,000 以下の値を指定してください。');
  }
}
