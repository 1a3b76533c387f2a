import { htmlToMailpitText } from './html-to-text.ts';

/**
 * What Mailpit shows as a message's `Text` and `HTML` where it differs from mailparser, which the
 * catcher otherwise parses with. Mailpit parses with enmime (`DisableCharacterDetection`: the
 * declared charset is trusted), which
 *
 * - for a message without a text/plain body part, sets `Text` to `html2text(HTML)` (see
 *   html-to-text.ts), where mailparser would use html-to-text's different rendering;
 * - decodes a part declared `charset=ISO-2022-JP` with Go's x/text decoder (the WHATWG table):
 *   a byte ≥ 0x80 is not ISO-2022-JP and becomes U+FFFD, so UTF-8 bytes under an ISO-2022-JP
 *   label read as mojibake, where mailparser's decoder (encoding-japanese) quietly reads them as
 *   UTF-8. Node's `TextDecoder('iso-2022-jp')` is the same WHATWG decoder.
 *
 * Line ends are given as `\n`, as the catcher has always given mailparser's text.
 */

export interface MimeLeaf {
  /** Lower-cased `type/subtype`; `text/plain` when the part has no Content-Type. */
  contentType: string;
  /** Lower-cased declared charset, '' when none. */
  charset: string;
  /** Lower-cased disposition type (`attachment`, `inline`), '' when none. */
  disposition: string;
  /** The body after transfer decoding (base64, quoted-printable), before charset decoding. */
  body: Buffer;
}

interface Header {
  value: string;
  params: Record<string, string>;
}

function splitHeaderBody(raw: Buffer): { headers: Map<string, string>; body: Buffer } {
  let end = raw.indexOf('\r\n\r\n');
  let skip = 4;
  const lf = raw.indexOf('\n\n');
  if (end < 0 || (lf >= 0 && lf < end)) {
    end = lf;
    skip = 2;
  }
  const head = (end < 0 ? raw : raw.subarray(0, end)).toString('latin1');
  const body = end < 0 ? Buffer.alloc(0) : raw.subarray(end + skip);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parseHeader(value: string | undefined): Header {
  if (!value) return { value: '', params: {} };
  const [first = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const m of rest.join(';').matchAll(/([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g)) {
    params[(m[1] ?? '').toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return { value: first.trim().toLowerCase(), params };
}

function transferDecode(body: Buffer, encoding: string): Buffer {
  switch (encoding) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable': {
      const text = body.toString('latin1').replace(/=\r?\n/g, '');
      const out: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const hex = text.slice(i + 1, i + 3);
        if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
          out.push(Number.parseInt(hex, 16));
          i += 2;
        } else out.push(text.charCodeAt(i) & 0xff);
      }
      return Buffer.from(out);
    }
    default:
      return body;
  }
}

/** The leaf parts of a message, depth first, multiparts opened. */
export function mimeLeaves(raw: Buffer, depth = 0): MimeLeaf[] {
  const { headers, body } = splitHeaderBody(raw);
  const type = parseHeader(headers.get('content-type'));
  const boundary = type.params.boundary;
  if (type.value.startsWith('multipart/') && boundary && depth < 20) {
    const text = body.toString('latin1');
    const delimiter = `--${boundary}`;
    const parts: MimeLeaf[] = [];
    const lines = text.split(/(?<=\n)/);
    let current: string[] | undefined;
    for (const line of lines) {
      const bare = line.replace(/\r?\n$/, '').trimEnd();
      if (bare === delimiter || bare === `${delimiter}--`) {
        if (current) {
          const chunk = current.join('').replace(/\r?\n$/, '');
          parts.push(...mimeLeaves(Buffer.from(chunk, 'latin1'), depth + 1));
        }
        current = bare === delimiter ? [] : undefined;
        if (!current) break;
      } else current?.push(line);
    }
    return parts;
  }
  return [
    {
      contentType: type.value || 'text/plain',
      charset: (type.params.charset ?? '').toLowerCase(),
      disposition: parseHeader(headers.get('content-disposition')).value,
      body: transferDecode(body, (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase()),
    },
  ];
}

const ISO_2022_JP = new Set(['iso-2022-jp', 'csiso2022jp']);

/** As Mailpit decodes it; undefined where Node lacks the decoder (a build without full ICU). */
function decodeIso2022Jp(leaf: MimeLeaf): string | undefined {
  try {
    return new TextDecoder('iso-2022-jp').decode(leaf.body).replace(/\r\n/g, '\n');
  } catch {
    return undefined;
  }
}

const isBody = (type: string) => (leaf: MimeLeaf) =>
  leaf.contentType === type && leaf.disposition !== 'attachment';

/**
 * Mailpit's `Text` and `HTML` for `raw`, given what mailparser made of it: mailparser's values
 * unless one of the differences above applies.
 */
export function mailpitBodies(
  raw: Buffer,
  parsed: { text: string; html: string },
): { text: string; html: string } {
  const leaves = mimeLeaves(raw);
  const textPart = leaves.find(isBody('text/plain'));
  const htmlPart = leaves.find(isBody('text/html'));
  const html =
    (htmlPart && ISO_2022_JP.has(htmlPart.charset) ? decodeIso2022Jp(htmlPart) : undefined) ?? parsed.html;
  let text = parsed.text;
  if (textPart && ISO_2022_JP.has(textPart.charset)) text = decodeIso2022Jp(textPart) ?? parsed.text;
  else if (!textPart && html) text = htmlToMailpitText(html);
  return { text, html };
}

/**
 * The HTML's visible text, roughly as Mailpit's own `html2text.Strip` takes it for the search
 * text and the snippet: `<head>`, `<title>`, `<style>`, `<script>`, `<noscript>` skipped, each
 * tag a space, character references decoded.
 */
export function stripHtml(html: string): string {
  return html
    .replace(/<(head|title|style|script|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);/g, (_, ref: string) => {
      if (ref.startsWith('#'))
        return String.fromCodePoint(
          ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)),
        );
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[ref] ?? '';
    });
}
