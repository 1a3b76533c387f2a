/**
 * The plain text Mailpit shows as `Text` for a message without a text/plain part: Mailpit parses
 * with enmime, which down-converts the HTML with `html2text.FromString(html)` (jaytaylor/html2text
 * 74c2419, forked unchanged as inbucket/html2text v1.0.0; default options, so no pretty tables).
 * This is a port of that function's rendering rules over a small HTML tree builder:
 *
 * - every text chunk is whitespace-collapsed, trimmed and emitted with one space before it unless
 *   the output already ends in whitespace — so `<th>会社名</th><td>株式会社テスト</td>` reads
 *   `会社名 株式会社テスト`, and a table's rows run together on one line;
 * - `<br>` is a line break; `<p>`, `<ul>` and `<table>` are surrounded by blank lines; `<div>`
 *   starts and ends a line; `<li>` is `* item`; `<b>`/`<strong>` become `*text*`; `<h1>`–`<h3>` get
 *   `*`/`-` rules; `<a href>` is followed by `( href )` unless the link text is the href itself
 *   (`mailto:` stripped); `<hr>` draws nothing; `<head>`, `<style>`, `<script>` are skipped;
 * - finally `\n ` → `\n`, runs of blank lines → one, and the whole is trimmed.
 *
 * The tree builder knows void elements, raw-text elements, comments, character references and
 * the implied end tags mail HTML relies on (`<p>`, `<li>`, table cells); it is not a full HTML5
 * parser (no foster parenting, no adoption agency).
 */

interface ElementNode {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
interface TextNode {
  kind: 'text';
  data: string;
}
type HtmlNode = ElementNode | TextNode;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noscript']);
/** Start tags that close an open `<p>`. */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  yen: '¥',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  times: '×',
  middot: '·',
  bull: '•',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  zwnj: '\u200c',
  zwj: '\u200d',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of source.matchAll(re)) {
    const name = (m[1] ?? '').toLowerCase();
    if (name && !(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** A tree of the HTML: the document's children, elements nested as a browser would mostly nest them. */
export function parseHtml(html: string): HtmlNode[] {
  const root: ElementNode = { kind: 'element', name: '#document', attrs: {}, children: [] };
  const stack: ElementNode[] = [root];
  const current = (): ElementNode => stack[stack.length - 1]!;
  const isOpen = (name: string): boolean => stack.some((e) => e.name === name);
  const closeTo = (name: string): void => {
    for (let i = stack.length - 1; i > 0; i--) {
      if (stack[i]!.name === name) {
        stack.length = i;
        return;
      }
    }
  };
  /** Close `names` back to (not past) the nearest of `boundaries`. */
  const closeWithin = (names: string[], boundaries: string[]): void => {
    for (let i = stack.length - 1; i > 0; i--) {
      const name = stack[i]!.name;
      if (boundaries.includes(name)) return;
      if (names.includes(name)) {
        stack.length = i;
        return;
      }
    }
  };
  const text = (data: string): void => {
    if (data) current().children.push({ kind: 'text', data: decodeEntities(data.replace(/\r\n?/g, '\n')) });
  };

  const source = html.replace(/^\ufeff/, '');
  let at = 0;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    if (lt < 0) {
      text(source.slice(at));
      break;
    }
    text(source.slice(at, lt));
    at = lt;
    if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at + 4);
      at = end < 0 ? source.length : end + 3;
      continue;
    }
    if (source.startsWith('<!', at) || source.startsWith('<?', at)) {
      const end = source.indexOf('>', at);
      at = end < 0 ? source.length : end + 1;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(source.slice(at));
    if (!tag) {
      text('<');
      at += 1;
      continue;
    }
    at += tag[0].length;
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    if (closing) {
      if (name === 'p' && !isOpen('p'))
        current().children.push({ kind: 'element', name, attrs: {}, children: [] });
      else if (name === 'br') current().children.push({ kind: 'element', name, attrs: {}, children: [] });
      else closeTo(name);
      continue;
    }
    if (CLOSES_P.has(name)) closeWithin(['p'], ['table', 'td', 'th', 'button']);
    if (name === 'li') closeWithin(['li'], ['ul', 'ol']);
    if (name === 'dd' || name === 'dt') closeWithin(['dd', 'dt'], ['dl']);
    if (name === 'tr') closeWithin(['tr'], ['table']);
    if (name === 'td' || name === 'th') closeWithin(['td', 'th'], ['tr', 'table']);
    if (name === 'tbody' || name === 'thead' || name === 'tfoot')
      closeWithin(['tbody', 'thead', 'tfoot'], ['table']);
    const element: ElementNode = { kind: 'element', name, attrs: parseAttrs(tag[3] ?? ''), children: [] };
    current().children.push(element);
    if (VOID.has(name) || /\/\s*$/.test(tag[3] ?? '')) continue;
    if (RAW_TEXT.has(name)) {
      const end = source.toLowerCase().indexOf(`</${name}`, at);
      const content = source.slice(at, end < 0 ? source.length : end);
      if (content)
        element.children.push({ kind: 'text', data: name === 'title' ? decodeEntities(content) : content });
      at = end < 0 ? source.length : source.indexOf('>', end) + 1 || source.length;
      continue;
    }
    stack.push(element);
  }
  return root.children;
}

/** Go's `unicode.IsSpace`. */
function isSpace(char: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(char);
}

/** Go's `strings.TrimSpace`. */
function trimSpace(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && isSpace(chars[start]!)) start++;
  while (end > start && isSpace(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

const MAX_LINE = 74;

class Textify {
  out = '';
  prefix = '';
  blockquoteLevel = 0;
  lineLength = 0;
  endsWithSpace = false;
  justClosedDiv = false;
  isPre = false;

  traverse(node: HtmlNode): void {
    if (node.kind === 'text') {
      this.emit(this.isPre ? node.data : trimSpace(node.data.replace(/[ \r\n\t]+/g, ' ')));
      return;
    }
    this.element(node);
  }

  children(node: ElementNode): void {
    for (const child of node.children) this.traverse(child);
  }

  element(node: ElementNode): void {
    this.justClosedDiv = false;
    switch (node.name) {
      case 'br':
        this.emit('\n');
        return;
      case 'h1':
      case 'h2':
      case 'h3': {
        const sub = new Textify();
        sub.children(node);
        const str = sub.out;
        let dividerLen = 0;
        for (const line of str.split('\n')) {
          const len = [...line].length;
          if (len - 1 > dividerLen) dividerLen = len - 1;
        }
        const divider = (node.name === 'h1' ? '*' : '-').repeat(Math.max(0, dividerLen));
        if (node.name === 'h3') this.emit(`\n\n${str}\n${divider}\n\n`);
        else this.emit(`\n\n${divider}\n${str}\n${divider}\n\n`);
        return;
      }
      case 'blockquote':
        this.blockquoteLevel++;
        this.prefix = `${'>'.repeat(this.blockquoteLevel)} `;
        this.emit('\n');
        if (this.blockquoteLevel === 1) this.emit('\n');
        this.children(node);
        this.blockquoteLevel--;
        this.prefix = '>'.repeat(this.blockquoteLevel);
        if (this.blockquoteLevel > 0) this.prefix += ' ';
        this.emit('\n\n');
        return;
      case 'div':
        if (this.lineLength > 0) this.emit('\n');
        this.children(node);
        if (!this.justClosedDiv) this.emit('\n');
        this.justClosedDiv = true;
        return;
      case 'li':
        this.emit('* ');
        this.children(node);
        this.emit('\n');
        return;
      case 'b':
      case 'strong': {
        const sub = new Textify();
        sub.endsWithSpace = true;
        sub.children(node);
        this.emit(`*${sub.out}*`);
        return;
      }
      case 'a': {
        const only = node.children.length === 1 ? node.children[0] : undefined;
        const linkText = only?.kind === 'text' ? only.data : '';
        if (only?.kind === 'element' && only.name === 'img') {
          if (only.attrs.alt) this.emit(only.attrs.alt);
        } else this.children(node);
        let href = node.attrs.href ? trimSpace(node.attrs.href) : '';
        if (href.startsWith('mailto:')) href = href.slice('mailto:'.length);
        this.emit(href !== '' && linkText !== href ? `( ${href} )` : '');
        return;
      }
      case 'p':
      case 'ul':
      case 'table':
        this.emit('\n\n');
        this.children(node);
        this.emit('\n\n');
        return;
      case 'pre':
        this.isPre = true;
        this.children(node);
        this.isPre = false;
        return;
      case 'style':
      case 'script':
      case 'head':
      case 'title':
        return;
      default:
        this.children(node);
    }
  }

  emit(data: string): void {
    if (data === '') return;
    for (const line of this.breakLongLines(data)) {
      const chars = [...line];
      if (!isSpace(chars[0]!) && !this.endsWithSpace && !data.startsWith('.')) {
        this.out += ' ';
        this.lineLength++;
      }
      this.endsWithSpace = isSpace(chars[chars.length - 1]!);
      for (const c of chars) {
        this.out += c;
        this.lineLength++;
        if (c === '\n') {
          this.lineLength = 0;
          this.out += this.prefix;
        }
      }
    }
  }

  breakLongLines(data: string): string[] {
    if (this.blockquoteLevel === 0) return [data];
    const out: string[] = [];
    let runes = [...data];
    let existing = this.lineLength;
    if (existing >= MAX_LINE) {
      out.push('\n');
      existing = 0;
    }
    while (runes.length + existing > MAX_LINE) {
      let i = MAX_LINE - existing;
      while (i >= 0 && !isSpace(runes[i]!)) i--;
      if (i === -1) {
        i = MAX_LINE - existing;
        while (i < runes.length && !isSpace(runes[i]!)) i++;
      }
      out.push(`${runes.slice(0, i).join('')}\n`);
      while (i < runes.length && isSpace(runes[i]!)) i++;
      runes = runes.slice(i);
      existing = 0;
    }
    if (runes.length > 0) out.push(runes.join(''));
    return out;
  }
}

/** Mailpit's `Text` for an HTML-only message (see the module comment). */
export function htmlToMailpitText(html: string): string {
  const ctx = new Textify();
  for (const node of parseHtml(html)) ctx.traverse(node);
  return trimSpace(ctx.out.replaceAll('\n ', '\n').replace(/\n\n+/g, '\n\n'));
}
