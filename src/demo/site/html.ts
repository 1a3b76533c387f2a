import { HttpResponse } from 'msw';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export interface PageOptions {
  title: string;
  /** Build-specific stylesheet. */
  css: string;
  body: string;
  /** The GA4 tag (`ga4Tag(...)`), placed at the end of the body. */
  tag: string;
}

export function page(options: PageOptions): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)}</title>
<style>${options.css}</style>
</head>
<body>
${options.body}
${options.tag}
</body>
</html>
`;
}

export function htmlResponse(
  html: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new HttpResponse(html, {
    status: init.status ?? 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...init.headers },
  });
}

/** 303 See Other, optionally setting a cookie (the thank-you page's one-shot lead session). */
export function seeOther(location: string, cookie?: string): Response {
  const headers = new Headers({ location });
  if (cookie) headers.append('set-cookie', cookie);
  return new HttpResponse(null, { status: 303, headers });
}

export function serverError(): Response {
  const body = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>500 Internal Server Error</title></head>
<body><h1>500 Internal Server Error</h1><p>サーバーでエラーが発生しました。しばらくしてから再度お試しください。</p></body></html>`;
  return htmlResponse(body, { status: 500 });
}
