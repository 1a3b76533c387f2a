import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import type { NotificationMessage } from '../probe.ts';
import { readMailBody } from '../shared/mail-body.ts';

/**
 * A fetched message as the engine sees it: INTERNALDATE, recipients (To and Cc), and — read from
 * the raw source, strictly in the charsets it declares (mail-body.ts) — subject, text, HTML and
 * any charset problem. The envelope's subject (the server's lenient decoding) only stands in when
 * the source could not be fetched.
 */
export function toMessage(message: FetchMessageObject): NotificationMessage | undefined {
  const receivedAt = dateOf(message.internalDate);
  if (!receivedAt) return undefined;
  const envelope = message.envelope;
  const body = message.source ? readMailBody(message.source) : undefined;
  const to = [...addressesOf(envelope?.to), ...addressesOf(envelope?.cc)];
  return {
    id: String(message.uid),
    receivedAt,
    to,
    from: addressesOf(envelope?.from)[0],
    subject: body?.subject || envelope?.subject || '',
    text: body?.text ?? '',
    ...(body?.html !== undefined ? { html: body.html } : {}),
    ...(body?.charsetProblems.length ? { charsetProblems: body.charsetProblems } : {}),
  };
}

function addressesOf(list: MessageAddressObject[] | undefined): string[] {
  return (list ?? []).map((entry) => entry.address).filter((address): address is string => Boolean(address));
}

export function dateOf(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
