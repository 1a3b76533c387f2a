import { randomBytes } from 'node:crypto';
import { type AddressObject, type Attachment, simpleParser } from 'mailparser';
import { mailpitBodies, stripHtml } from './mailpit-body.ts';

export interface MailpitAddress {
  Name: string;
  Address: string;
}

export interface MailpitAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
}

/** One received message, already in Mailpit's vocabulary. */
export interface StoredMail {
  id: string;
  /** Receive time, RFC3339 with nanoseconds as Go prints it (trailing zeros trimmed), UTC. */
  created: string;
  createdMs: number;
  read: boolean;
  size: number;
  raw: Buffer;
  messageId: string;
  from: MailpitAddress | null;
  to: MailpitAddress[];
  cc: MailpitAddress[];
  bcc: MailpitAddress[];
  replyTo: MailpitAddress[];
  returnPath: string;
  subject: string;
  /** The Date header (RFC3339), or the receive time when the header is missing. */
  date: string;
  text: string;
  html: string;
  tags: string[];
  attachments: MailpitAttachment[];
  inline: MailpitAttachment[];
  headers: Record<string, string[]>;
  /** Lower-cased text that free-text search words are matched against. */
  searchText: string;
}

export interface MailEnvelope {
  mailFrom?: string;
  rcptTo?: readonly string[];
}

export interface MailStore {
  /** Parse and keep a raw RFC 5322 message; its receive time is now. */
  add(raw: Buffer | string, envelope?: MailEnvelope): Promise<StoredMail>;
  /** Keep a message received at `receivedMs` in the past (the seeded history), in receive order. */
  addAt(raw: Buffer | string, receivedMs: number): Promise<StoredMail>;
  /** Newest first. */
  list(): StoredMail[];
  /** By ID, or `latest`. */
  get(id: string): StoredMail | undefined;
  delete(ids: readonly string[]): void;
  clear(): void;
}

export interface MailStoreOptions {
  /** Wall-clock nanoseconds since the epoch (injectable for tests). */
  nowNs?: () => bigint;
}

/** The wall clock's milliseconds (what delays are measured against) with sub-millisecond digits from hrtime. */
const wallClockNs = (): bigint => BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);

export function createMailStore(options: MailStoreOptions = {}): MailStore {
  const nowNs = options.nowNs ?? wallClockNs;
  let messages: StoredMail[] = [];
  return {
    add: async (raw, envelope = {}) => {
      const receivedNs = nowNs();
      const mail = await parseMail(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), receivedNs, envelope);
      messages.push(mail);
      return mail;
    },
    addAt: async (raw, receivedMs) => {
      const mail = await parseMail(
        Buffer.isBuffer(raw) ? raw : Buffer.from(raw),
        BigInt(receivedMs) * 1_000_000n,
        {},
      );
      const at = messages.findIndex((m) => m.createdMs > receivedMs);
      messages.splice(at < 0 ? messages.length : at, 0, mail);
      return mail;
    },
    list: () => [...messages].reverse(),
    get: (id) => (id === 'latest' ? messages.at(-1) : messages.find((m) => m.id === id)),
    delete: (ids) => {
      const drop = new Set(ids);
      messages = messages.filter((m) => !drop.has(m.id));
    },
    clear: () => {
      messages = [];
    },
  };
}

/** Go's `time.RFC3339Nano` in UTC: `2026-09-01T10:00:01.123456789Z`, trailing zeros trimmed. */
export function formatRfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const seconds = new Date(ms).toISOString().slice(0, 19);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${seconds}${fraction ? `.${fraction}` : ''}Z`;
}

const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A 22-character ID like Mailpit's short UUIDs. */
function newId(): string {
  return [...randomBytes(22)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

async function parseMail(raw: Buffer, receivedNs: bigint, envelope: MailEnvelope): Promise<StoredMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const createdMs = Number(receivedNs / 1_000_000n);
  const from = addresses(parsed.from)[0] ?? null;
  const to = addresses(parsed.to);
  const cc = addresses(parsed.cc);
  const bcc = addresses(parsed.bcc);
  const replyTo = addresses(parsed.replyTo);
  const returnPathHeader = parsed.headers.get('return-path');
  const returnPath =
    (isAddressObject(returnPathHeader) ? addresses(returnPathHeader)[0]?.Address : undefined) ??
    envelope.mailFrom ??
    '';
  const subject = parsed.subject ?? '';
  // Mailpit's Text/HTML: an HTML-only message gets html2text's Text, an ISO-2022-JP label is believed.
  const parsedBodies = { text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' };
  const { text, html } = mailpitBodiesOr(raw, parsedBodies);
  const parts = parsed.attachments.map((a, i) => ({ attachment: a, part: toAttachment(a, i) }));
  const attachments = parts.filter((p) => p.attachment.contentDisposition !== 'inline').map((p) => p.part);
  const inline = parts.filter((p) => p.attachment.contentDisposition === 'inline').map((p) => p.part);
  const tagHeader = parsed.headers.get('x-tags');
  const tags = typeof tagHeader === 'string' ? splitTags(tagHeader) : [];
  const people = [from, ...to, ...cc, ...bcc, ...replyTo].filter((a): a is MailpitAddress => a !== null);
  // Like Mailpit's createSearchText: the HTML's text when there is HTML, else the Text.
  const searchText = [
    subject,
    ...people.flatMap((a) => [a.Name, a.Address]),
    html ? stripHtml(html) : text,
    ...attachments.map((a) => a.FileName),
  ]
    .join(' ')
    .toLowerCase();
  return {
    id: newId(),
    created: formatRfc3339Nano(receivedNs),
    createdMs,
    read: false,
    size: raw.length,
    raw,
    messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
    from,
    to,
    cc,
    bcc,
    replyTo,
    returnPath,
    subject,
    date: (parsed.date ?? new Date(createdMs)).toISOString(),
    text,
    html,
    tags,
    attachments,
    inline,
    headers: headerMap(parsed.headerLines),
    searchText,
  };
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && 'value' in value;
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailpitAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  const out: MailpitAddress[] = [];
  const visit = (list: AddressObject['value']): void => {
    for (const a of list) {
      if (a.group) visit(a.group);
      else out.push({ Name: a.name ?? '', Address: a.address ?? '' });
    }
  };
  for (const o of objects) visit(o.value);
  return out;
}

function toAttachment(a: Attachment, i: number): MailpitAttachment {
  return {
    PartID: String(i + 2),
    FileName: a.filename ?? '',
    ContentType: a.contentType,
    ContentID: a.contentId?.replace(/^<|>$/g, '') ?? '',
    Size: a.size,
  };
}

function splitTags(header: string): string[] {
  const tags = header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set(tags)].sort();
}

function headerMap(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { line } of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    const values = out[name] ?? [];
    values.push(value);
    out[name] = values;
  }
  return out;
}

/** {@link mailpitBodies}, or mailparser's bodies should that fail: a mail is never refused over it. */
function mailpitBodiesOr(
  raw: Buffer,
  parsed: { text: string; html: string },
): { text: string; html: string } {
  try {
    return mailpitBodies(raw, parsed);
  } catch {
    return parsed;
  }
}
