import { HttpResponse, http, type RequestHandler } from 'msw';
import { stripHtml } from './mailpit-body.ts';
import { compileSearch } from './search.ts';
import type { MailStore, StoredMail } from './store.ts';

export interface MailpitHandlerOptions {
  /** Origin the handlers answer for, e.g. `http://localhost:8025`; default any origin. */
  baseUrl?: string;
}

/**
 * A Mailpit-compatible REST subset (API v1) over a {@link MailStore}: list, search, one
 * message (marks it read), headers, raw, delete by IDs and delete by search. Errors are plain
 * text, like Mailpit's. As in Mailpit, `DELETE /api/v1/messages` with a missing, unparseable or
 * empty body, or an empty `IDs`, deletes EVERY message.
 */
export function mailpitHandlers(store: MailStore, options: MailpitHandlerOptions = {}): RequestHandler[] {
  const base = options.baseUrl ?? '*';
  return [
    http.get(`${base}/api/v1/messages`, ({ request }) => {
      const all = store.list();
      return HttpResponse.json(summaries(all, all, new URL(request.url).searchParams));
    }),
    http.delete(`${base}/api/v1/messages`, async ({ request }) => {
      const ids = await requestedIds(request);
      if (ids.length === 0) store.clear();
      else store.delete(ids);
      return HttpResponse.text('ok');
    }),
    http.get(`${base}/api/v1/search`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const query = (params.get('query') ?? '').trim();
      if (!query) return plain(400, 'Error: no search query');
      const all = store.list();
      return HttpResponse.json(summaries(all, all.filter(compileSearch(query)), params));
    }),
    http.delete(`${base}/api/v1/search`, ({ request }) => {
      const query = (new URL(request.url).searchParams.get('query') ?? '').trim();
      if (!query) return plain(400, 'Error: no search query');
      store.delete(
        store
          .list()
          .filter(compileSearch(query))
          .map((m) => m.id),
      );
      return HttpResponse.text('ok');
    }),
    http.get(`${base}/api/v1/message/:id`, ({ params }) => {
      const mail = store.get(String(params.id));
      if (!mail) return plain(404, '404 page not found');
      mail.read = true;
      return HttpResponse.json(fullMessage(mail));
    }),
    http.get(`${base}/api/v1/message/:id/headers`, ({ params }) => {
      const mail = store.get(String(params.id));
      return mail ? HttpResponse.json(mail.headers) : plain(404, '404 page not found');
    }),
    http.get(`${base}/api/v1/message/:id/raw`, ({ params }) => {
      const mail = store.get(String(params.id));
      if (!mail) return plain(404, '404 page not found');
      return new HttpResponse(new Uint8Array(mail.raw), {
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }),
  ];
}

function plain(status: number, text: string): Response {
  return new HttpResponse(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** IDs from `{"IDs":[…]}`; anything else (no body, bad JSON, no IDs) is the empty list. */
async function requestedIds(request: Request): Promise<string[]> {
  try {
    const body: unknown = JSON.parse(await request.text());
    const ids = (body as { IDs?: unknown })?.IDs;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  } catch {
    return [];
  }
}

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const n = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function summaries(all: StoredMail[], matched: StoredMail[], params: URLSearchParams) {
  const start = intParam(params, 'start', 0);
  const limit = intParam(params, 'limit', 50) || 50;
  return {
    total: all.length,
    unread: all.filter((m) => !m.read).length,
    messages_count: matched.length,
    messages_unread: matched.filter((m) => !m.read).length,
    start,
    tags: [...new Set(all.flatMap((m) => m.tags))].sort(),
    messages: matched.slice(start, start + limit).map(summary),
  };
}

function summary(m: StoredMail) {
  return {
    ID: m.id,
    MessageID: m.messageId,
    Read: m.read,
    From: m.from,
    To: m.to,
    Cc: m.cc,
    Bcc: m.bcc,
    ReplyTo: m.replyTo,
    Subject: m.subject,
    Created: m.created,
    Size: m.size,
    Attachments: m.attachments.length,
    // Mailpit's CreateSnippet: from the HTML when there is HTML, else from the Text.
    Snippet: snippet(m.html ? stripHtml(m.html) : m.text),
    Tags: m.tags,
    Username: '',
  };
}

function fullMessage(m: StoredMail) {
  return {
    ID: m.id,
    MessageID: m.messageId,
    From: m.from,
    To: m.to,
    Cc: m.cc,
    Bcc: m.bcc,
    ReplyTo: m.replyTo,
    ReturnPath: m.returnPath,
    Subject: m.subject,
    Date: m.date,
    Text: m.text,
    HTML: m.html,
    Size: m.size,
    Tags: m.tags,
    Attachments: m.attachments,
    Inline: m.inline,
    ListUnsubscribe: { Header: '', Links: [], Errors: '', HeaderPost: '' },
    Username: '',
  };
}

function snippet(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > 250 ? `${chars.slice(0, 250).join('')}...` : chars.join('');
}
