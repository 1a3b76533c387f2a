import { Parser } from 'htmlparser2';
import type { CharsetProblem } from '../probe.ts';

/**
 * A mail's raw RFC 822 source read as the recipient's mail reader reads it, and checked against
 * what it declares: the Subject (RFC 2047 encoded words, or raw UTF-8 per RFC 6532), the text/plain
 * and the text/html body, each decoded **strictly** in the charset it declares.
 *
 * Why not mailparser's text: mailparser (through libmime and iconv-lite) decodes leniently — a UTF-8
 * body labelled ISO-2022-JP comes out as if it were fine, or with U+FFFD where nobody looks — so a
 * mail the sales team sees as 文字化け would pass. Here the transfer-decoded bytes of each part go
 * through the WHATWG decoder of the declared charset with `fatal: true` (TextDecoder: Node's
 * official builds carry full ICU, so shift_jis — which is Windows-31J/CP932 —, euc-jp and
 * iso-2022-jp are there). A part whose bytes do not fit carries a {@link CharsetProblem}; its text
 * is then what a reader that trusts the declaration shows (the lenient decoding in that charset),
 * not a silent repair.
 *
 * The rules, each about what a reader would get wrong:
 * - Bytes that are not valid in the declared charset: `invalid`, with the first offending byte (a
 *   byte the decoder turns into a C1 control character counts: no charset here has text there).
 *   No charset declared means US-ASCII (RFC 2045 §5.2), so any 8-bit byte is invalid; an HTML part
 *   without one may declare it in its own `<meta charset>`, as mail readers honour it.
 * - Bytes that decode in the declared charset only by chance: `mislabelled`. Two cases are certain
 *   enough to call: UTF-8 labelled as anything else (a text in Shift_JIS, EUC-JP or Latin-1 that
 *   happens to be valid UTF-8 throughout, with several multi-byte characters one of which needs 3
 *   bytes, does not occur in practice — kana alone would break it), and ISO-2022-JP escape
 *   sequences (`ESC $ B`) in a part labelled anything else (ESC is never text).
 * - A charset no reader need know (not in the WHATWG Encoding Standard): `unknown`.
 * CP932 and Shift_JIS are the same charset here (as in every mail reader), as are the Latin-1
 * labels and windows-1252 (the Encoding Standard's mapping).
 */
export interface MailBody {
  /** The Subject header, decoded ('' when there is none). */
  subject: string;
  /** The text/plain body ('' when the mail has none), line breaks as `\n`. */
  text: string;
  /** The text/html body, when the mail has one. */
  html?: string;
  /** The parts whose bytes do not fit their declared charset: at most one per part. */
  charsetProblems: CharsetProblem[];
}

/** Reads a raw message (IMAP BODY[], Mailpit /raw): subject, text, HTML, and what does not fit its charset. */
export function readMailBody(raw: Uint8Array): MailBody {
  const source = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const top = parseEntity(source);
  const problems: CharsetProblem[] = [];

  const subject = decodeSubject(top.headers.get('subject')?.[0]);
  if (subject.problem) problems.push({ part: 'subject', ...subject.problem });

  const pieces: Piece[] = [];
  collect(top, 0, pieces);
  const read = (type: Piece['type']): { text: string; found: boolean } => {
    const texts: string[] = [];
    let problem: Omit<CharsetProblem, 'part'> | undefined;
    for (const piece of pieces.filter((p) => p.type === type)) {
      const declared = piece.charset ?? (type === 'html' ? metaCharset(piece.bytes) : undefined);
      const decoded = decodePart(piece.bytes, declared);
      problem ??= decoded.problem;
      const text = decoded.text.replace(/\r\n?/g, '\n');
      texts.push(type === 'text' && piece.flowed ? unflow(text, piece.flowed.delsp) : text);
    }
    if (problem) problems.push({ part: type, ...problem });
    return { text: texts.join('\n'), found: texts.length > 0 };
  };
  const text = read('text');
  const html = read('html');
  return {
    subject: subject.text,
    text: text.text,
    ...(html.found ? { html: html.text } : {}),
    charsetProblems: problems,
  };
}

// MIME structure ---------------------------------------------------------------------------------

/** Nested multiparts deeper than this are not read (a hostile or broken message). */
const MAX_DEPTH = 16;

interface Entity {
  /** Lower-cased names; values unfolded, as bytes (latin1). */
  headers: Map<string, string[]>;
  /** The body as bytes (latin1: one char per byte). */
  body: string;
}

interface Piece {
  type: 'text' | 'html';
  bytes: Buffer;
  charset?: string;
  flowed?: { delsp: boolean };
}

function parseEntity(source: string): Entity {
  let head = source;
  let body = '';
  const blank = /^\r?\n|\r?\n\r?\n/.exec(source);
  if (blank) {
    head = source.slice(0, blank.index);
    body = source.slice(blank.index + blank[0].length);
  }
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

interface ContentType {
  type: string;
  params: Record<string, string>;
}

/** `text/plain; charset="ISO-2022-JP"` → type and lower-cased parameter names (RFC 2045, RFC 2231 values). */
function parseContentType(value: string | undefined): ContentType {
  const semicolon = value?.indexOf(';') ?? -1;
  const type = (semicolon < 0 ? (value ?? '') : value!.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const [, rawName, quoted, bare] of (value ?? '').matchAll(pattern)) {
    let name = rawName!.toLowerCase();
    let text = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    if (name.endsWith('*')) {
      // RFC 2231: charset'language'percent-encoded (continuations are not needed for these params).
      name = name.slice(0, -1);
      text = text
        .slice(text.lastIndexOf("'") + 1)
        .replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
    if (!(name in params)) params[name] = text;
  }
  // A missing or malformed type is text/plain (RFC 2045 §5.2).
  return { type: type.includes('/') ? type : 'text/plain', params };
}

/** The inline text/plain and text/html parts, in order; attachments and attached messages are not the body. */
function collect(entity: Entity, depth: number, out: Piece[]): void {
  const { type, params } = parseContentType(entity.headers.get('content-type')?.[0]);
  if (type.startsWith('multipart/')) {
    if (!params.boundary || depth >= MAX_DEPTH) return;
    for (const part of splitMultipart(entity.body, params.boundary))
      collect(parseEntity(part), depth + 1, out);
    return;
  }
  const disposition = (entity.headers.get('content-disposition')?.[0] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (disposition === 'attachment') return;
  if (type !== 'text/plain' && type !== 'text/html') return;
  const encoding = (entity.headers.get('content-transfer-encoding')?.[0] ?? '').trim().toLowerCase();
  out.push({
    type: type === 'text/html' ? 'html' : 'text',
    bytes: transferDecode(entity.body, encoding),
    ...(params.charset ? { charset: params.charset.trim() } : {}),
    ...(params.format?.toLowerCase() === 'flowed'
      ? { flowed: { delsp: params.delsp?.toLowerCase() === 'yes' } }
      : {}),
  });
}

/** The parts between `--boundary` lines (RFC 2046 §5.1.1); an unterminated last part runs to the end. */
function splitMultipart(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start = -1;
  for (let match = delimiter.exec(body); match; match = delimiter.exec(body)) {
    if (start >= 0) parts.push(body.slice(start, Math.max(start, match.index)));
    if (match[1]) return parts;
    const end = match.index + match[0].length;
    const lineEnd = body.indexOf('\n', end);
    start = lineEnd < 0 ? body.length : lineEnd + 1;
    delimiter.lastIndex = end;
  }
  if (start >= 0 && start < body.length) parts.push(body.slice(start));
  return parts;
}

function transferDecode(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const decoded = body
      .replace(/[ \t]+(?=\r?\n|$)/g, '')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(decoded, 'latin1');
  }
  // 7bit, 8bit, binary, or none: the bytes as they are.
  return Buffer.from(body, 'latin1');
}

/** RFC 3676 format=flowed: a line ending in a space continues on the next (space-stuffing undone). */
function unflow(text: string, delsp: boolean): string {
  const out: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (line.endsWith(' ') && line !== '-- ') pending += delsp ? line.slice(0, -1) : line;
    else {
      out.push(pending + line);
      pending = '';
    }
  }
  if (pending) out.push(pending);
  return out.join('\n');
}

/** An HTML part's own `<meta charset>` / `<meta http-equiv="Content-Type">`, from its first 4 KiB. */
function metaCharset(bytes: Buffer): string | undefined {
  let found: string | undefined;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (found !== undefined || name !== 'meta') return;
      if (attributes.charset) found = attributes.charset.trim();
      else if (attributes['http-equiv']?.toLowerCase() === 'content-type')
        found = parseContentType(attributes.content).params.charset?.trim();
    },
  });
  parser.write(bytes.subarray(0, 4096).toString('latin1'));
  parser.end();
  return found || undefined;
}

// Subject ----------------------------------------------------------------------------------------

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047 encoded words, each decoded strictly in its charset: adjacent words of one charset are
 * joined before decoding (an encoder may split a character across them), whitespace between
 * encoded words is not text. Raw 8-bit bytes outside encoded words must be UTF-8 (RFC 6532).
 */
function decodeSubject(raw: string | undefined): { text: string; problem?: Omit<CharsetProblem, 'part'> } {
  if (raw === undefined) return { text: '' };
  type Segment = { kind: 'text'; value: string } | { kind: 'word'; charset: string; bytes: Buffer[] };
  const segments: Segment[] = [];
  let last = 0;
  for (const match of raw.matchAll(ENCODED_WORD)) {
    const between = raw.slice(last, match.index);
    const previous = segments.at(-1);
    if (between && !(previous?.kind === 'word' && /^[ \t]*$/.test(between)))
      segments.push({ kind: 'text', value: between });
    const charset = match[1]!.split('*')[0]!;
    const bytes = /^[Bb]$/.test(match[2]!) ? Buffer.from(match[3]!, 'base64') : qDecode(match[3]!);
    const before = segments.at(-1);
    if (before?.kind === 'word' && before.charset.toLowerCase() === charset.toLowerCase())
      before.bytes.push(bytes);
    else segments.push({ kind: 'word', charset, bytes: [bytes] });
    last = match.index + match[0].length;
  }
  if (last < raw.length) segments.push({ kind: 'text', value: raw.slice(last) });

  let text = '';
  let problem: Omit<CharsetProblem, 'part'> | undefined;
  for (const segment of segments) {
    const bytes =
      segment.kind === 'word' ? Buffer.concat(segment.bytes) : Buffer.from(segment.value, 'latin1');
    // Text outside encoded words: ASCII, or UTF-8 (RFC 6532) — never another charset.
    const decoded =
      segment.kind === 'word'
        ? decodePart(bytes, segment.charset)
        : decodePart(bytes, hasHighBytes(bytes) ? 'UTF-8' : 'US-ASCII', { undeclared: true });
    problem ??= decoded.problem;
    text += decoded.text;
  }
  return { text: text.replace(/\r?\n/g, ' '), ...(problem ? { problem } : {}) };
}

function qDecode(text: string): Buffer {
  const decoded = text
    .replace(/_/g, ' ')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(decoded, 'latin1');
}

// Strict decoding --------------------------------------------------------------------------------

/** Labels of US-ASCII (the Encoding Standard maps them to windows-1252, which accepts any byte). */
const ASCII_LABELS = new Set([
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'iso-ir-6',
  'iso646-us',
  'us',
  'csascii',
  'cp367',
  'ibm367',
]);

/** Names mail software uses that the Encoding Standard spells otherwise. */
const ALIASES: Record<string, string> = {
  cp932: 'shift_jis',
  'windows-932': 'shift_jis',
  'x-ms-cp932': 'shift_jis',
  'ms-kanji': 'shift_jis',
};

/** ISO-2022-JP's escape sequences: to JIS X 0208 (`ESC $ B`, `ESC $ @`), JIS X 0212, back to ASCII / Roman, katakana. */
const ISO_2022_JP_ESCAPE = /\x1b(?:\$[@B]|\$\(D|\([BJI])/;

/** Names of the charsets a problem may say the bytes are in. */
const SHOWN: Record<string, string> = {
  'utf-8': 'UTF-8',
  shift_jis: 'Shift_JIS',
  'euc-jp': 'EUC-JP',
  'iso-2022-jp': 'ISO-2022-JP',
};

type Decoded = { text: string; problem?: Omit<CharsetProblem, 'part'> };

/**
 * The bytes in the declared charset, strictly. `undeclared`: the charset is the default of where the
 * bytes are (a header's raw text), so the problem names none.
 */
function decodePart(
  bytes: Buffer,
  declared: string | undefined,
  options: { undeclared?: boolean } = {},
): Decoded {
  const shownDeclared = options.undeclared ? undefined : declared?.trim() || undefined;
  const high = hasHighBytes(bytes);
  const escapes = ISO_2022_JP_ESCAPE.test(bytes.toString('latin1'));
  const label = (declared ?? 'us-ascii').trim().toLowerCase();
  const named = (extra: Omit<CharsetProblem, 'part' | 'declared'>): Omit<CharsetProblem, 'part'> => ({
    ...(shownDeclared ? { declared: shownDeclared } : {}),
    ...extra,
  });

  if (ASCII_LABELS.has(label)) {
    const text = new TextDecoder('windows-1252').decode(bytes);
    if (high) {
      const offset = bytes.findIndex((byte) => byte > 0x7f);
      return {
        text,
        problem: named({ problem: 'invalid', ...guess(bytes, 'us-ascii'), offset, byte: bytes[offset]! }),
      };
    }
    if (escapes) return { text, problem: named({ problem: 'mislabelled', looksLike: 'ISO-2022-JP' }) };
    return { text };
  }

  const encoding = ALIASES[label] ?? label;
  let strict: TextDecoder;
  try {
    strict = new TextDecoder(encoding, { fatal: true });
  } catch {
    return {
      text: new TextDecoder('utf-8').decode(bytes),
      problem: named({ problem: 'unknown', ...guess(bytes, '') }),
    };
  }
  const input =
    strict.encoding === 'iso-2022-jp' ? withoutIdleEscapes(bytes) : { bytes, at: (i: number) => i };
  try {
    const text = strict.decode(input.bytes);
    if (C1_CONTROL.test(text)) throw new RangeError('a C1 control character is no text');
    if (strict.encoding !== 'utf-8' && !strict.encoding.startsWith('utf-16') && high && isPlainlyUtf8(bytes))
      return { text, problem: named({ problem: 'mislabelled', looksLike: 'UTF-8' }) };
    if (strict.encoding !== 'iso-2022-jp' && escapes)
      return { text, problem: named({ problem: 'mislabelled', looksLike: 'ISO-2022-JP' }) };
    return { text };
  } catch {
    const offset = input.at(firstInvalid(input.bytes, strict.encoding));
    return {
      text: new TextDecoder(strict.encoding).decode(input.bytes),
      problem: named({ problem: 'invalid', ...guess(bytes, strict.encoding), offset, byte: bytes[offset]! }),
    };
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte > 0x7f);
}

/**
 * The WHATWG ISO-2022-JP decoder rejects an escape sequence followed at once by another (one that
 * switches to a mode no character uses), a guard for web pages; RFC 1468 allows it and mail
 * encoders produce it (encoded words joined, `ESC ( B ESC $ B`). Such an idle escape means nothing,
 * so it is dropped before decoding; `at` maps an offset back to the original bytes.
 */
function withoutIdleEscapes(bytes: Buffer): { bytes: Buffer; at: (offset: number) => number } {
  const source = bytes.toString('latin1');
  const idle = /\x1b(?:\$[@B]|\$\(D|\([BJI])(?=\x1b)/g;
  const removed: Array<{ at: number; length: number }> = [];
  const cleaned = source.replace(idle, (match, offset: number) => {
    removed.push({ at: offset, length: match.length });
    return '';
  });
  if (removed.length === 0) return { bytes, at: (offset) => offset };
  return {
    bytes: Buffer.from(cleaned, 'latin1'),
    at: (offset) => {
      let original = offset;
      for (const cut of removed) if (cut.at <= original) original += cut.length;
      return original;
    },
  };
}

/**
 * C1 control characters (U+0080–U+009F) are never text. A decoder that yields one read a byte its
 * charset has no character for: ICU's EUC-JP passes 0x80–0x8D and 0x90–0x9F through as C1 controls
 * where the Encoding Standard rejects them, so Shift_JIS bytes labelled EUC-JP would pass.
 */
const C1_CONTROL = /[\u0080-\u009f]/;

/**
 * The offset of the byte at which the strict decoder first fails or yields a C1 control (a
 * streaming decoder fails as early as it can tell).
 */
function firstInvalid(bytes: Uint8Array, encoding: string): number {
  const failsWithin = (n: number): boolean => {
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return C1_CONTROL.test(text);
    } catch {
      return true;
    }
  };
  // Nothing fails until the end: a sequence cut short by the end of the part.
  if (!failsWithin(bytes.length)) return Math.max(0, bytes.length - 1);
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsWithin(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** Valid UTF-8 throughout, with at least two multi-byte characters, one of three bytes or more (kana, kanji, most symbols). */
function isPlainlyUtf8(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  let multiByte = 0;
  let wide = false;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code > 0x7f) multiByte += 1;
    if (code >= 0x800) wide = true;
  }
  return multiByte >= 2 && wide;
}

/** The one charset of UTF-8, Shift_JIS, EUC-JP and ISO-2022-JP (other than `not`) the bytes plainly are in. */
function guess(bytes: Uint8Array, not: string): { looksLike?: string } {
  const high = hasHighBytes(bytes);
  if (!high) {
    const escapes = ISO_2022_JP_ESCAPE.test(Buffer.from(bytes).toString('latin1'));
    return escapes && not !== 'iso-2022-jp' ? { looksLike: SHOWN['iso-2022-jp']! } : {};
  }
  if (not !== 'utf-8' && isPlainlyUtf8(bytes)) return { looksLike: SHOWN['utf-8']! };
  const fits = ['shift_jis', 'euc-jp'].filter((encoding) => {
    if (encoding === not) return false;
    try {
      return !C1_CONTROL.test(new TextDecoder(encoding, { fatal: true }).decode(bytes));
    } catch {
      return false;
    }
  });
  return fits.length === 1 ? { looksLike: SHOWN[fits[0]!]! } : {};
}
