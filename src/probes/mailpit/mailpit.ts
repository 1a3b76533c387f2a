import { simpleParser } from 'mailparser';
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
import { parseTimestamp } from '../time.ts';
import type { MailpitProbeOptions } from './options.ts';

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
 * message's plain text. Cleanup deletes by `{"IDs":[…]}` only — an empty list would delete the
 * whole mailbox in Mailpit, so it never leaves this probe. A sweep searches the inbox for
 * `"<prefix>-"` and keeps the messages whose subject, snippet or (read from the raw source, which
 * marks nothing read) body match the marker pattern.
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

  return {
    name,

    find(identity: CaseIdentity, call: ProbeCall): Promise<NotificationMessage[]> {
      return guarded(name, call.signal, async () => {
        const earliest = earliestFor(identity.t0, deps).getTime();
        const inbox = options.to.toLowerCase();
        const summaries = await searchAll(
          `to:"${options.to}" "${identity.marker}"`,
          PAGE,
          MAX_PAGES,
          call.signal,
        );

        const found: NotificationMessage[] = [];
        for (const summary of summaries) {
          const id = typeof summary.ID === 'string' ? summary.ID : undefined;
          const receivedAt = parseTimestamp(summary.Created);
          if (!id || !receivedAt || receivedAt.getTime() < earliest) continue;
          const to = addresses(summary.To);
          // `to:` is a substring match in Mailpit (presales@ matches sales@): check the address exactly.
          if (!to.some((address) => address.toLowerCase() === inbox)) continue;
          const response = await callVendor(deps, {
            url: `${base}/api/v1/message/${encodeURIComponent(id)}`,
            headers,
            secrets,
            signal: call.signal,
          });
          if (response.status === 404) continue; // deleted between search and read
          check(response, `message ${id}`);
          const full = jsonOf(response);
          const text =
            isRecord(full) && typeof full.Text === 'string' ? full.Text : String(summary.Snippet ?? '');
          const subject = typeof summary.Subject === 'string' ? summary.Subject : '';
          const message: NotificationMessage = {
            id,
            receivedAt,
            to,
            from: addresses([summary.From])[0],
            subject,
            text,
          };
          const haystack = markerText.notification(message);
          if (haystack.includes(identity.marker) || haystack.includes(identity.email)) found.push(message);
        }
        return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
      });
    },

    sweep(call: SweepCall): Promise<NotificationMessage[]> {
      return guarded(name, call.signal, async () => {
        const inbox = options.to.toLowerCase();
        // Candidates: mail to the inbox with "<prefix>-" anywhere in it; the marker pattern decides.
        const summaries = await searchAll(
          `to:"${options.to}" "${call.markerPrefix}-"`,
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
          if (!to.some((address) => address.toLowerCase() === inbox)) continue;
          const subject = typeof summary.Subject === 'string' ? summary.Subject : '';
          let text = typeof summary.Snippet === 'string' ? summary.Snippet : '';
          if (!call.markerPattern.test(markerText.notification({ subject, text, to }))) {
            // Past the snippet: the raw source, which (unlike GET /message/{ID}) marks nothing read.
            const response = await callVendor(deps, {
              url: `${base}/api/v1/message/${encodeURIComponent(id)}/raw`,
              headers,
              secrets,
              signal: call.signal,
            });
            if (response.status === 404) continue; // deleted meanwhile
            check(response, `message ${id}`);
            text = (await simpleParser(response.text)).text ?? '';
            if (!call.markerPattern.test(markerText.notification({ subject, text, to }))) continue;
          }
          found.push({ id, receivedAt, to, from: addresses([summary.From])[0], subject, text });
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

function addresses(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Address => isRecord(item))
    .map((item) => item.Address)
    .filter((address): address is string => typeof address === 'string' && address !== '');
}
