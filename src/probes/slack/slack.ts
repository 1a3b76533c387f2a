import type { HttpResponse } from '../../http/client.ts';
import type { ResponseVerdict } from '../../http/retry.ts';
import { earliestFor, type ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { callVendor, isRecord, jsonOf } from '../http-call.ts';
import { markerText } from '../marker-text.ts';
import {
  type CaseIdentity,
  type NotificationMessage,
  type NotificationProbe,
  type ProbeCall,
  ProbeError,
  type ProbeErrorReason,
} from '../probe.ts';
import { slackLines } from '../shared/chat-text.ts';
import type { SlackProbeOptions } from './options.ts';

/** Slack `ok:false` errors that mean the token cannot read or act, and those that mean a wrong setting. */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'missing_scope',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'not_allowed_token_type',
  'ekm_access_denied',
]);
const CONFIG_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'invalid_cursor', 'invalid_ts_oldest']);

const MAX_PAGES = 20;

/**
 * Reads the channel the site posts to with `conversations.history` (oldest = t0 minus the clock
 * allowance, newest first, paged by cursor) and keeps messages whose text or flattened blocks
 * carry the case's marker or synthetic address. `ts` is both the id and the receive time.
 * Throttling (429 + Retry-After) goes through the shared retry policy. Cleanup: `chat.delete`.
 */
export function createSlackProbe(
  options: SlackProbeOptions,
  deps: ProbeDeps,
): Omit<NotificationProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const api = options.apiUrl.replace(/\/+$/, '');
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${options.token.reveal()}` });
  const secrets = [options.token];

  const fail = (reason: ProbeErrorReason, message: string): ProbeError =>
    new ProbeError(name, reason, message);

  /** Slack answers 200 with ok:false; turn that into a ProbeError, or return the body. */
  const readOk = (response: HttpResponse, method: string): Record<string, unknown> => {
    const body = jsonOf(response);
    if (response.status === 401 || response.status === 403) {
      throw fail('auth', `Slack ${method} answered ${response.status}: token rejected`);
    }
    if (!isRecord(body)) {
      throw fail('protocol', `Slack ${method} answered ${response.status} without a JSON body`);
    }
    if (body.ok === true) return body;
    const error = typeof body.error === 'string' ? body.error : 'unknown_error';
    if (AUTH_ERRORS.has(error)) {
      const needed = typeof body.needed === 'string' ? ` (needs ${body.needed})` : '';
      throw fail('auth', `Slack ${method} refused: ${error}${needed}`);
    }
    if (CONFIG_ERRORS.has(error))
      throw fail('config', `Slack ${method} refused: ${error} (channel ${options.channel})`);
    throw fail('protocol', `Slack ${method} answered ok:false: ${error}`);
  };

  const classify = (response: HttpResponse): ResponseVerdict | undefined => {
    // Some gateways answer throttling as 200 ok:false instead of a 429.
    if (response.status !== 200) return undefined;
    const body = jsonOf(response);
    if (isRecord(body) && body.ok === false && body.error === 'ratelimited') {
      return { action: 'retry', reason: 'throttled', message: 'Slack answered ratelimited' };
    }
    return undefined;
  };

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall): Promise<NotificationMessage[]> {
      return guarded(name, call.signal, async () => {
        const oldest = (earliestFor(identity.t0, deps).getTime() / 1000).toFixed(6);
        const found: NotificationMessage[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const url = new URL(`${api}/conversations.history`);
          url.searchParams.set('channel', options.channel);
          url.searchParams.set('oldest', oldest);
          url.searchParams.set('inclusive', 'true');
          url.searchParams.set('limit', '200');
          if (cursor) url.searchParams.set('cursor', cursor);
          const response = await callVendor(
            deps,
            { url, headers: auth(), secrets, signal: call.signal },
            classify,
          );
          const body = readOk(response, 'conversations.history');
          for (const message of Array.isArray(body.messages) ? body.messages : []) {
            const item = toMessage(message);
            const text = item && markerText.notification(item);
            if (item && text && (text.includes(identity.marker) || text.includes(identity.email)))
              found.push(item);
          }
          const next = isRecord(body.response_metadata) ? body.response_metadata.next_cursor : undefined;
          if (body.has_more !== true || typeof next !== 'string' || next === '') break;
          cursor = next;
        }
        return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
      });
    },

    delete(messages: NotificationMessage[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = messages.map((message) => message.id);
        requireIds(name, ids);
        const bad = ids.find((id) => !/^\d+\.\d+$/.test(id));
        if (bad !== undefined)
          throw fail('config', `refusing to delete ${JSON.stringify(bad)}: not a Slack ts`);
        for (const ts of ids) {
          const response = await callVendor(
            deps,
            {
              method: 'POST',
              url: `${api}/chat.delete`,
              headers: { ...auth(), 'content-type': 'application/json; charset=utf-8' },
              json: { channel: options.channel, ts },
              secrets,
              signal: call.signal,
            },
            classify,
          );
          const body = jsonOf(response);
          const error = isRecord(body) && body.ok === false ? body.error : undefined;
          // Already gone is what cleanup wants.
          if (error === 'message_not_found') continue;
          if (error === 'cant_delete_message') {
            throw fail(
              'auth',
              `Slack refused to delete message ${ts}: cant_delete_message (a bot token deletes only what it may)`,
            );
          }
          readOk(response, 'chat.delete');
        }
      });
    },
  };
}

function toMessage(message: unknown): NotificationMessage | undefined {
  if (!isRecord(message) || typeof message.ts !== 'string') return undefined;
  const seconds = Number(message.ts);
  if (!Number.isFinite(seconds)) return undefined;
  const text = slackLines(message).join('\n');
  const from = [message.username, message.bot_id, message.user, message.app_id].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return {
    id: message.ts,
    receivedAt: new Date(Math.round(seconds * 1000)),
    to: [],
    from,
    subject: (text.split('\n')[0] ?? '').slice(0, 200),
    text,
  };
}
