import { HttpResponse, http, type RequestHandler } from 'msw';

/**
 * A Slack workspace's Web API as reference/api-contracts.md §3.1 describes it, from the contract:
 * `conversations.history` (oldest/latest/inclusive, newest first, cursor paging, `ok:false`
 * errors with HTTP 200, 429 + Retry-After + `ratelimited` when throttled) and `chat.delete`.
 */

export interface SlackMessage {
  type: 'message';
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  subtype?: string;
  bot_id?: string;
  username?: string;
  user?: string;
}

export interface SlackToken {
  scopes: string[];
  /** Bot id of the app: chat.delete only deletes this bot's messages. */
  botId: string;
}

export interface SlackStore {
  channels: Map<string, SlackMessage[]>;
  tokens: Map<string, SlackToken>;
  /** The next N calls answer 429 with `Retry-After: retryAfterSeconds`. */
  throttle: { remaining: number; retryAfterSeconds: number };
  historyCalls: URLSearchParams[];
  deleted: string[];
  /** Posts a message at the given time (default now); returns its ts. */
  post(channel: string, message: Omit<SlackMessage, 'type' | 'ts'>, at?: Date): string;
}

export function createSlackStore(): SlackStore {
  let tick = 0;
  const store: SlackStore = {
    channels: new Map(),
    tokens: new Map(),
    throttle: { remaining: 0, retryAfterSeconds: 1 },
    historyCalls: [],
    deleted: [],
    post(channel, message, at = new Date()) {
      tick += 1;
      // Unique per message like Slack's: seconds plus microseconds.
      const ts = `${Math.floor(at.getTime() / 1000)}.${String((at.getTime() % 1000) * 1000 + (tick % 1000)).padStart(6, '0')}`;
      const list = store.channels.get(channel) ?? [];
      list.push({ type: 'message', ts, ...message });
      store.channels.set(channel, list);
      return ts;
    },
  };
  return store;
}

const fail = (error: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json({ ok: false, error, ...extra });

async function argsOf(request: Request): Promise<URLSearchParams> {
  const args = new URL(request.url).searchParams;
  if (request.method !== 'POST') return args;
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (type.includes('application/json')) {
    for (const [key, value] of Object.entries(JSON.parse(text || '{}') as Record<string, unknown>))
      args.set(key, String(value));
  } else {
    for (const [key, value] of new URLSearchParams(text)) args.set(key, value);
  }
  return args;
}

export function slackHandlers(
  store: SlackStore,
  options: { apiUrl: string; pageSize?: number },
): RequestHandler[] {
  const pageSize = options.pageSize ?? 100;

  const gate = (request: Request, scope: string): Response | SlackToken => {
    if (store.throttle.remaining > 0) {
      store.throttle.remaining -= 1;
      return HttpResponse.json(
        { ok: false, error: 'ratelimited' },
        { status: 429, headers: { 'retry-after': String(store.throttle.retryAfterSeconds) } },
      );
    }
    const header = request.headers.get('authorization');
    if (!header) return fail('not_authed');
    const token = store.tokens.get(header.replace(/^Bearer\s+/i, ''));
    if (!token) return fail('invalid_auth');
    if (!token.scopes.includes(scope))
      return fail('missing_scope', { needed: scope, provided: token.scopes.join(',') });
    return token;
  };

  const history = async ({ request }: { request: Request }) => {
    const checked = gate(request, 'channels:history');
    if (checked instanceof Response) return checked;
    const args = await argsOf(request);
    store.historyCalls.push(args);
    const messages = store.channels.get(args.get('channel') ?? '');
    if (!messages) return fail('channel_not_found');
    const oldest = args.get('oldest');
    const latest = args.get('latest');
    const inclusive = args.get('inclusive') === 'true' || args.get('inclusive') === '1';
    const limit = Math.min(Number(args.get('limit') ?? pageSize) || pageSize, pageSize);
    const newestFirst = messages
      .filter((message) => {
        const ts = Number(message.ts);
        if (oldest !== null && (inclusive ? ts < Number(oldest) : ts <= Number(oldest))) return false;
        if (latest !== null && (inclusive ? ts > Number(latest) : ts >= Number(latest))) return false;
        return true;
      })
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const offset = Number(args.get('cursor')?.replace(/^next_ts:/, '') || 0);
    const page = newestFirst.slice(offset, offset + limit);
    const hasMore = offset + limit < newestFirst.length;
    return HttpResponse.json({
      ok: true,
      messages: page,
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: hasMore ? `next_ts:${offset + limit}` : '' },
    });
  };

  return [
    http.get(`${options.apiUrl}/conversations.history`, history),
    http.post(`${options.apiUrl}/conversations.history`, history),
    http.post(`${options.apiUrl}/chat.delete`, async ({ request }) => {
      const checked = gate(request, 'chat:write');
      if (checked instanceof Response) return checked;
      const args = await argsOf(request);
      const channel = args.get('channel') ?? '';
      const messages = store.channels.get(channel);
      if (!messages) return fail('channel_not_found');
      const index = messages.findIndex((message) => message.ts === args.get('ts'));
      if (index < 0) return fail('message_not_found');
      if (messages[index]!.bot_id !== checked.botId) return fail('cant_delete_message');
      const [removed] = messages.splice(index, 1);
      store.deleted.push(removed!.ts);
      return HttpResponse.json({ ok: true, channel, ts: removed!.ts });
    }),
  ];
}
