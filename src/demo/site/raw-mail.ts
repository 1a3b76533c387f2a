import { randomUUID } from 'node:crypto';

/**
 * Hand-made RFC 5322 messages, for the mails nodemailer cannot write: nodemailer always encodes
 * text as UTF-8, while old Japanese mail systems send `ISO-2022-JP` (JIS: 7-bit, escape sequences
 * switching between ASCII and JIS X 0208), and a broken one may label UTF-8 bytes as ISO-2022-JP.
 * Lines end in CRLF; the bytes built here are the bytes the catcher keeps.
 */

const ESC_JIS = [0x1b, 0x24, 0x42]; // ESC $ B: JIS X 0208-1983
const ESC_ASCII = [0x1b, 0x28, 0x42]; // ESC ( B: ASCII
/** 〓 (geta mark), what Japanese mailers put for a character JIS X 0208 lacks. */
const GETA = 0x222e;

let jisTable: Map<string, number> | undefined;

/**
 * Unicode → JIS for the characters where Node's decoder (the WHATWG table, as Windows maps them)
 * differs from JIS X 0208 as old mailers map it: 〜 (WAVE DASH) is 0x2141 there, not ～.
 */
const JIS_ALIASES: ReadonlyArray<[string, number]> = [
  ['\u301c', 0x2141], // 〜
  ['\u2016', 0x2142], // ‖
  ['\u2212', 0x215d], // −
  ['\u2014', 0x213d], // —
  ['\u00a2', 0x2171], // ¢
  ['\u00a3', 0x2172], // £
  ['\u00ac', 0x224c], // ¬
];

/**
 * Character → JIS X 0208 code (`row << 8 | cell`), read off Node's own ISO-2022-JP decoder
 * (WHATWG Encoding, full ICU) so that no table has to be carried here.
 */
function jis(): Map<string, number> {
  if (jisTable) return jisTable;
  const codes: number[] = [];
  for (let row = 0x21; row <= 0x7e; row++) for (let cell = 0x21; cell <= 0x7e; cell++) codes.push(row, cell);
  const decoded = [
    ...new TextDecoder('iso-2022-jp').decode(Uint8Array.of(...ESC_JIS, ...codes, ...ESC_ASCII)),
  ];
  if (decoded.length !== codes.length / 2) throw new Error('unexpected ISO-2022-JP decoder output');
  const table = new Map<string, number>(JIS_ALIASES);
  decoded.forEach((char, i) => {
    if (char !== '\ufffd' && !table.has(char)) table.set(char, (codes[2 * i]! << 8) | codes[2 * i + 1]!);
  });
  jisTable = table;
  return table;
}

function isAscii(code: number): boolean {
  return code < 0x80 && code !== 0x1b && code !== 0x0e && code !== 0x0f;
}

/**
 * `text` in ISO-2022-JP (RFC 1468): ASCII as is, everything else as JIS X 0208 between `ESC $ B`
 * and `ESC ( B`, back to ASCII before every line end and at the end. A character JIS X 0208 lacks
 * is tried in its NFKC form (half-width katakana → full-width, `～` → `~`), else written as 〓.
 */
export function encodeIso2022Jp(text: string): Buffer {
  const table = jis();
  const out: number[] = [];
  let inJis = false;
  const ascii = (code: number): void => {
    if (inJis) out.push(...ESC_ASCII);
    inJis = false;
    out.push(code);
  };
  const kanji = (code: number): void => {
    if (!inJis) out.push(...ESC_JIS);
    inJis = true;
    out.push(code >> 8, code & 0xff);
  };
  const put = (char: string, fallback: boolean): boolean => {
    const code = char.codePointAt(0) ?? 0;
    if (isAscii(code)) ascii(code);
    else {
      const found = table.get(char);
      if (found !== undefined) kanji(found);
      else if (!fallback) return false;
      else {
        const nfkc = [...char.normalize('NFKC')];
        const mappable = nfkc.every((c) => isAscii(c.codePointAt(0) ?? 0) || table.has(c));
        if (nfkc.join('') !== char && mappable) for (const c of nfkc) put(c, false);
        else kanji(GETA);
      }
    }
    return true;
  };
  for (const char of text) put(char, true);
  if (inJis) out.push(...ESC_ASCII);
  return Buffer.from(out);
}

/**
 * A header value as RFC 2047 encoded-words (`=?CHARSET?B?…?=`), each under 75 characters and
 * each self-contained (an ISO-2022-JP word ends back in ASCII); ASCII-only values stay as they are.
 */
export function encodeWords(value: string, charset: 'ISO-2022-JP' | 'UTF-8'): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const encode = (s: string): Buffer => (charset === 'UTF-8' ? Buffer.from(s, 'utf8') : encodeIso2022Jp(s));
  const limit = charset === 'UTF-8' ? 45 : 36;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (chunk && encode(chunk + char).length > limit) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?${charset}?B?${encode(w).toString('base64')}?=`).join('\r\n ');
}

export interface RawAddress {
  name: string;
  address: string;
}

/** `"name" <address>` with the name as encoded-words; an odd local part is quoted. */
export function formatAddress(a: RawAddress, charset: 'ISO-2022-JP' | 'UTF-8'): string {
  const at = a.address.lastIndexOf('@');
  const local = a.address.slice(0, at);
  const safeLocal = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local)
    ? local
    : `"${local.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const address = `${safeLocal}${a.address.slice(at)}`;
  if (!a.name) return address;
  const name = /^[\x20-\x7e]*$/.test(a.name)
    ? /[()<>[\]:;@\\,."]/.test(a.name)
      ? `"${a.name.replace(/["\\]/g, (c) => `\\${c}`)}"`
      : a.name
    : encodeWords(a.name, charset);
  return `${name} <${address}>`;
}

/** RFC 5322 date in Japan time, as Japanese mail servers stamp it: `Mon, 07 Dec 2026 21:04:05 +0900`. */
export function rfc5322DateJst(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 3600_000);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][jst.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    jst.getUTCMonth()
  ];
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${day}, ${two(jst.getUTCDate())} ${month} ${jst.getUTCFullYear()} ${two(jst.getUTCHours())}:${two(
    jst.getUTCMinutes(),
  )}:${two(jst.getUTCSeconds())} +0900`;
}

export interface RawTextMail {
  from: RawAddress;
  to: RawAddress;
  replyTo?: RawAddress;
  subject: string;
  /** How names and the subject are encoded (RFC 2047). */
  headerCharset: 'ISO-2022-JP' | 'UTF-8';
  /** The `charset` the Content-Type header declares. */
  declaredCharset: string;
  /** The body bytes exactly as they go on the wire (lines already CRLF). */
  body: Buffer;
  contentTransferEncoding: '7bit' | '8bit';
  date?: Date;
}

/** One text/plain message, headers and body, byte for byte as given. */
export function rawTextMail(mail: RawTextMail): Buffer {
  const domain = mail.from.address.slice(mail.from.address.lastIndexOf('@') + 1);
  const headers = [
    `Date: ${rfc5322DateJst(mail.date ?? new Date())}`,
    `From: ${formatAddress(mail.from, mail.headerCharset)}`,
    `To: ${formatAddress(mail.to, mail.headerCharset)}`,
    ...(mail.replyTo ? [`Reply-To: ${formatAddress(mail.replyTo, mail.headerCharset)}`] : []),
    `Subject: ${encodeWords(mail.subject, mail.headerCharset)}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${mail.declaredCharset}`,
    `Content-Transfer-Encoding: ${mail.contentTransferEncoding}`,
  ];
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'), mail.body]);
}

/** `\n` (or stray `\r\n`) line ends to CRLF. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
