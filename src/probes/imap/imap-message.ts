import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { NotificationMessage } from '../probe.ts';

/** A fetched message as the engine sees it: INTERNALDATE, recipients (To and Cc), subject, plain text. */
export async function toMessage(message: FetchMessageObject): Promise<NotificationMessage | undefined> {
  const receivedAt = dateOf(message.internalDate);
  if (!receivedAt) return undefined;
  const envelope = message.envelope;
  const parsed = message.source ? await simpleParser(message.source) : undefined;
  const to = [...addressesOf(envelope?.to), ...addressesOf(envelope?.cc)];
  return {
    id: String(message.uid),
    receivedAt,
    to,
    from: addressesOf(envelope?.from)[0],
    subject: envelope?.subject ?? parsed?.subject ?? '',
    text: parsed?.text ?? '',
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
