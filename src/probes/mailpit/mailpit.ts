import { syntheticEmailMatcher } from '../../foundation/marker.ts';
import { reveal, type Secret } from '../../foundation/secret.ts';
import type { HttpResponse } from '../../http/client.ts';
import { earliestFor, type ProbeDeps } from '../deps.ts';
import { guarded, requireIds } from '../errors.ts';
import { callVendor, excerpt, isRecord, jsonOf } from '../http-call.ts';
import { markerText } from '../marker-text.ts';
import {
  type CaseIdentity,
  type CountCall,
  type NotificationMessage,
  type NotificationProbe,
  type ProbeCall,
  ProbeError,
  type SweepCall,
} from '../probe.ts';
import { readMailBody } from '../shared/mail-body.ts';
import { parseTimestamp } from '../time.ts';
import { type MailpitProbeOptions, SYNTHETIC_TO } from './options.ts';

const PAGE = 50;
const MAX_PAGES = 10;
/** A sweep pages through up to 10,000 candidates (Mailpit keeps 500 messages by default). */
const SWEEP_PAGE = 100;
const SWEEP_MAX_PAGES = 100;

interface Address {
  Name?: string;
  Address?: string;
}

/**
 * Mailpit's REST API v1: search `to:"<inbox>" "<marker>"`, keep what the catcher received
 * (summary `Created`, never the Date header) since t0 minus the clock allowance, then read each
 * message's raw source (`/raw`, which also marks nothing read). Cleanup deletes by `{"IDs":[…]}`
 * only — an empty list would delete the whole mailbox in Mailpit, so it never leaves this probe. A
 * sweep searches the inbox for `"<prefix>-"` and keeps the messages whose subject, snippet or
 * (from the raw source) body match the marker pattern.
 *
 * Why the raw source and not the message JSON's `Text`/`HTML`: Mailpit decodes leniently — a UTF-8
 * body labelled ISO-2022-JP, or Shift_JIS labelled UTF-8, comes out of its JSON as text that
 * looks fine or with replacement characters nobody is told about — so only the bytes can say
 * whether the mail reads as it declares (src/probes/shared/mail-body.ts, the same reading as IMAP).
 *
 * With `to: "{email}"` the inbox is the case's synthetic address (the auto-reply to the visitor):
 * find searches that address, a sweep any synthetic address of the project's pattern.
 */
export function createMailpitProbe(
  options: MailpitProbeOptions,
  deps: ProbeDeps,
): Omit<NotificationProbe, 'timestamps'> {
  const name = options.name ?? options.use;
  const base = options.url.replace(/\/+$/, '');
  const secrets: Secret[] = [];
  const headers: Record<string, string> = {};
  if (options.auth) {
    secrets.push(options.auth.password);
    if (typeof options.auth.username !== 'string') secrets.push(options.auth.username);
    const pair = `${reveal(options.auth.username)}:${options.auth.password.reveal()}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }

  const check = (response: HttpResponse, what: string): void => {
    if (response.status === 401 || response.status === 403) {
      throw new ProbeError(
        name,
        'auth',
        `Mailpit answered ${response.status}: credentials rejected (${what})`,
      );
    }
    if (response.status === 404) {
      throw new ProbeError(name, 'config', `Mailpit answered 404 for ${what}: is ${base} a Mailpit?`);
    }
    if (response.status < 200 || response.status >= 300) {
      throw new ProbeError(
        name,
        'protocol',
        `Mailpit answered ${response.status} for ${what}: ${excerpt(response.text)}`,
      );
    }
  };

  /**
   * Every message summary Mailpit's search returns for `query`, page by page. Past `maxPages`
   * full pages: what was read so far, or the error `tooMany` gives.
   */
  const searchAll = async (
    query: string,
    pageSize: number,
    maxPages: number,
    signal: AbortSignal,
    tooMany?: (count: number) => Error,
  ): Promise<Record<string, unknown>[]> => {
    const summaries: Record<string, unknown>[] = [];
    for (let page = 0; page < maxPages; page++) {
      const url = new URL(`${base}/api/v1/search`);
      url.searchParams.set('query', query);
      url.searchParams.set('start', String(page * pageSize));
      url.searchParams.set('limit', String(pageSize));
      const response = await callVendor(deps, { url, headers, secrets, signal });
      check(response, 'search');
      const body = jsonOf(response);
      if (!isRecord(body) || !Array.isArray(body.messages)) {
        throw new ProbeError(name, 'protocol', 'Mailpit search answered without a messages list');
      }
      summaries.push(...body.messages.filter(isRecord));
      const total = typeof body.messages_count === 'number' ? body.messages_count : 0;
      if (body.messages.length < pageSize || (page + 1) * pageSize >= total) return summaries;
    }
    if (tooMany) throw tooMany(summaries.length);
    return summaries;
  };

  /** The message's raw source, byte for byte; undefined when it was deleted meanwhile. */
  const rawOf = async (id: string, signal: AbortSignal): Promise<Uint8Array | undefined> => {
    const response = await callVendor(deps, {
      url: `${base}/api/v1/message/${encodeURIComponent(id)}/raw`,
      headers,
      secrets,
      signal,
    });
    if (response.status === 404) return undefined;
    check(response, `message ${id}`);
    return response.bytes;
  };

  const toVisitor = options.to === SYNTHETIC_TO;

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall): Promise<NotificationMessage[]> {
      return guarded(name, call.signal, async () => {
        const earliest = earliestFor(identity.t0, deps).getTime();
        // The visitor's inbox is the synthetic address, which carries the marker itself.
        const inbox = (toVisitor ? identity.email : options.to).toLowerCase();
        const query = toVisitor ? `to:"${identity.email}"` : `to:"${options.to}" "${identity.marker}"`;
        const summaries = await searchAll(query, PAGE, MAX_PAGES, call.signal);

        const found: NotificationMessage[] = [];
        for (const summary of summaries) {
          const id = typeof summary.ID === 'string' ? summary.ID : undefined;
          const receivedAt = parseTimestamp(summary.Created);
          if (!id || !receivedAt || receivedAt.getTime() < earliest) continue;
          const to = addresses(summary.To);
          // `to:` is a substring match in Mailpit (presales@ matches sales@): check the address exactly.
          if (!to.some((address) => address.toLowerCase() === inbox)) continue;
          const raw = await rawOf(id, call.signal);
          if (!raw) continue; // deleted between search and read
          const message = messageOf(summary, id, receivedAt, to, raw);
          const haystack = markerText.notification(message);
          if (haystack.includes(identity.marker) || haystack.includes(identity.email)) found.push(message);
        }
        return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
      });
    },

    sweep(call: SweepCall): Promise<NotificationMessage[]> {
      return guarded(name, call.signal, async () => {
        const synthetic = syntheticEmailMatcher(call.syntheticEmail, call.markerPrefix);
        const syntheticPrefix = call.syntheticEmail.split('{marker}')[0] ?? '';
        const ours = (address: string): boolean =>
          toVisitor ? synthetic.test(address) : address.toLowerCase() === options.to.toLowerCase();
        // Candidates: mail to the inbox (or to any synthetic address: the start of the pattern and
        // the marker prefix) with "<prefix>-" anywhere in it; the marker pattern decides.
        const query = toVisitor
          ? `to:"${syntheticPrefix}${call.markerPrefix}-"`
          : `to:"${options.to}" "${call.markerPrefix}-"`;
        const summaries = await searchAll(
          query,
          SWEEP_PAGE,
          SWEEP_MAX_PAGES,
          call.signal,
          (count) =>
            new ProbeError(
              name,
              'protocol',
              `Mailpit search for "${call.markerPrefix}-" matches more than ${count} messages: sweep a shorter period (--since)`,
            ),
        );

        const found: NotificationMessage[] = [];
        for (const summary of summaries) {
          const id = typeof summary.ID === 'string' ? summary.ID : undefined;
          const receivedAt = parseTimestamp(summary.Created);
          if (!id || !receivedAt || receivedAt.getTime() < call.since.getTime()) continue;
          const to = addresses(summary.To);
          if (!to.some(ours)) continue;
          const subject = typeof summary.Subject === 'string' ? summary.Subject : '';
          const text = typeof summary.Snippet === 'string' ? summary.Snippet : '';
          if (call.markerPattern.test(markerText.notification({ subject, text, to }))) {
            found.push({ id, receivedAt, to, from: addresses([summary.From])[0], subject, text });
            continue;
          }
          // Past the snippet: the raw source, which (unlike GET /message/{ID}) marks nothing read.
          const raw = await rawOf(id, call.signal);
          if (!raw) continue; // deleted meanwhile
          const message = messageOf(summary, id, receivedAt, to, raw);
          if (call.markerPattern.test(markerText.notification(message))) found.push(message);
        }
        return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
      });
    },

    countCreated(call: CountCall): Promise<number> {
      return guarded(name, call.signal, async () => {
        const inbox = options.to.toLowerCase();
        const synthetic = syntheticEmailMatcher(call.syntheticEmail, call.markerPrefix);
        // after:/before: narrow the search (an unparseable date would be ignored, so the window is
        // checked again on each summary's Created); the synthetic address is excluded by the search
        // (it is in the body and Reply-To, past the snippet) and the marker on what the summary shows.
        const syntheticPrefix = call.syntheticEmail.split('{marker}')[0] ?? '';
        const query = [
          `to:"${options.to}"`,
          `after:"${new Date(call.from.getTime() - 1000).toISOString()}"`,
          `before:"${new Date(call.to.getTime() + 1000).toISOString()}"`,
          ...(syntheticPrefix ? [`-"${syntheticPrefix}${call.markerPrefix}-"`] : []),
        ].join(' ');
        const summaries = await searchAll(
          query,
          SWEEP_PAGE,
          SWEEP_MAX_PAGES,
          call.signal,
          (count) =>
            new ProbeError(
              name,
              'protocol',
              `Mailpit search matches more than ${count} messages in one window`,
            ),
        );
        return summaries.filter((summary) => {
          const receivedAt = parseTimestamp(summary.Created)?.getTime();
          if (receivedAt === undefined || receivedAt < call.from.getTime() || receivedAt >= call.to.getTime())
            return false;
          const to = addresses(summary.To);
          if (!to.some((address) => address.toLowerCase() === inbox)) return false;
          if (addresses(summary.ReplyTo).some((address) => synthetic.test(address))) return false;
          // What the summary shows (no body): its subject and snippet.
          const shown = {
            subject: typeof summary.Subject === 'string' ? summary.Subject : '',
            text: typeof summary.Snippet === 'string' ? summary.Snippet : '',
            to,
          };
          return !call.markerPattern.test(markerText.notification(shown));
        }).length;
      });
    },

    delete(messages: NotificationMessage[], call: ProbeCall): Promise<void> {
      return guarded(name, call.signal, async () => {
        const ids = [...new Set(messages.map((message) => message.id))];
        requireIds(name, ids);
        const response = await callVendor(deps, {
          method: 'DELETE',
          url: `${base}/api/v1/messages`,
          headers,
          json: { IDs: ids },
          secrets,
          signal: call.signal,
        });
        check(response, 'delete');
      });
    },
  };
}

/** A message as the engine sees it: the summary's receive time and addresses, the raw source read strictly. */
function messageOf(
  summary: Record<string, unknown>,
  id: string,
  receivedAt: Date,
  to: string[],
  raw: Uint8Array,
): NotificationMessage {
  const body = readMailBody(raw);
  return {
    id,
    receivedAt,
    to,
    from: addresses([summary.From])[0],
    subject: body.subject || (typeof summary.Subject === 'string' ? summary.Subject : ''),
    text: body.text,
    ...(body.html !== undefined ? { html: body.html } : {}),
    ...(body.charsetProblems.length ? { charsetProblems: body.charsetProblems } : {}),
  };
}

function addresses(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Address => isRecord(item))
    .map((item) => item.Address)
    .filter((address): address is string => typeof address === 'string' && address !== '');
}
