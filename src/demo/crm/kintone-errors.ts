import { randomBytes } from 'node:crypto';
import { HttpResponse } from 'msw';

/**
 * kintone's error body: `{ code, id, message }`, plus `errors` for input problems (CB_VA01), each
 * key naming a parameter or `record.<field code>.value`. `id` is random per request. Messages are
 * the Japanese ones kintone answers with when the request names no other language.
 */
export function kintoneError(
  status: number,
  code: string,
  message: string,
  extra: { errors?: Record<string, { messages: string[] }>; headers?: Record<string, string> } = {},
): Response {
  return HttpResponse.json(
    {
      code,
      id: randomBytes(15).toString('base64url'),
      message,
      ...(extra.errors ? { errors: extra.errors } : {}),
    },
    { status, headers: { 'x-cybozu-error': code, ...extra.headers } },
  );
}

/** 400 CB_VA01: every problem of the input, by parameter (`ids`, `query`, `record.会社名.value`). */
export function invalidInput(errors: Record<string, string[]>): Response {
  return kintoneError(400, 'CB_VA01', '入力内容が正しくありません。', {
    errors: Object.fromEntries(Object.entries(errors).map(([key, messages]) => [key, { messages }])),
  });
}

/** No credentials at all. */
export function loginRequired(): Response {
  return kintoneError(401, 'CB_AU01', 'ログインしてください。');
}

/**
 * An API token that is not one the app generated (or not yet saved with 「アプリを更新」). kintone
 * answers 400 here, not 401 (cli-kintone's end-to-end tests see `[400] [GAIA_IA02]`): a client
 * must read the code.
 */
export function tokenMismatch(): Response {
  return kintoneError(
    400,
    'GAIA_IA02',
    '指定したAPIトークンは、アプリで生成されたトークンと異なります。アプリのAPIトークンの設定を確認してください。',
  );
}

/** A token of the app without the permission this API needs (view, add, edit, delete). */
export function tokenNotPermitted(): Response {
  return kintoneError(403, 'GAIA_NO01', 'このAPIトークンでは、指定したAPIを実行できません。');
}

export function appNotFound(app: string): Response {
  return kintoneError(
    404,
    'GAIA_AP01',
    `指定したアプリ（id: ${app}）が見つかりません。削除されている可能性があります。`,
  );
}

export function recordNotFound(id: string): Response {
  return kintoneError(404, 'GAIA_RE01', `指定したレコード（id: ${id}）が見つかりません。`);
}

export function revisionConflict(): Response {
  return kintoneError(
    409,
    'GAIA_CO02',
    '指定したリビジョンは最新ではありません。ほかのユーザーがレコードを更新した可能性があります。',
  );
}

export function invalidJson(): Response {
  return kintoneError(400, 'CB_IJ01', '不正なJSON文字列です。');
}

/** 429 as kintone sends it when a domain runs more than 100 API requests at once. */
export function tooManyRequests(): Response {
  return kintoneError(429, 'GAIA_TO04', 'APIの同時リクエスト数が上限を超えています。', {
    headers: { 'x-concurrencylimit-limit': '100', 'x-concurrencylimit-running': '101' },
  });
}

/** 503 during maintenance: an HTML page, not a JSON error. */
export function unavailable(): Response {
  return new HttpResponse(
    '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>メンテナンス中です</h1></body></html>',
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
}
