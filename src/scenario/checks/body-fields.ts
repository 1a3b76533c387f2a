import { DomUtils, parseDocument } from 'htmlparser2';
import type { NotificationMessage } from '../../probes/index.ts';
import { visibleText } from './visible-text.ts';

/**
 * A notification's fields — its `label → value` pairs — as a person reads them.
 *
 * Where they come from: the plain-text part when it has any; else the HTML part (an HTML-only
 * 自動返信, or a text part that only says "see the HTML"): table rows of a label and a value
 * (`<th>` + `<td>`, two `<td>`s, or three with a lone colon between), `<dl>` terms and
 * descriptions, and `label: value` lines of its visible text — block elements and `<br>` end a
 * line, hidden elements and `<head>`/`<style>`/`<script>` are not seen.
 *
 * What a field line is (text and HTML alike):
 * - `label: value` with a half- or full-width colon, or `【label】value` / `[label] value` without
 *   one; the first occurrence of a label wins; the value is the rest of the line, trimmed.
 * - A colon between two digits is part of a time or a ratio (`9:00`, `１０：３０`), and a colon
 *   followed by `//` part of a URL: neither separates a label from its value.
 * - A label is what a form names a field: at most 40 characters, no colon (a cell `お名前: 山田`
 *   holds a label and its value) and no 【】[] inside, no sentence
 *   (no `。`), no unbalanced bracket (a label never opens a parenthesis it does not close: `TEL
 *   052-000-0000（平日 9` is a fragment of a line, not a label), no run of three or more digits (a
 *   phone number, a postal code or a year is a value, never a label), no `@` (an address).
 *
 * Where the body's fields end — signatures and footers merely contain colons (`営業時間:
 * 9:00〜17:30`) and are never fields:
 * - at a signature delimiter line `-- ` (RFC 3676): everything after it is the signature;
 * - HTML `<footer>`, `role="contentinfo"`, and elements whose class or id name them a footer or a
 *   signature (`class="mail-footer"`) are not read;
 * - at the last rule with text after it (a line of `───`, `━━━`, `＿＿＿`, `===`, `---`, or `<hr>`),
 *   when fields came before it and the block after it does not begin like a section of fields
 *   (with a field, or a heading such as `■お問い合わせ内容`): that closing block is the sender's
 *   signature (`株式会社サンプル` / `TEL …` / `営業時間: …`). A rule that, with the next one, only
 *   frames a heading (`━━━` / `■ご注文内容` / `━━━`) delimits nothing.
 */
export type Fields = Record<string, string>;

/** The fields of a message: its text part's, or — when that has none — its HTML's. */
export function messageFields(message: Pick<NotificationMessage, 'text' | 'html'>): Fields {
  const fromText = bodyFields(message.text);
  if (Object.keys(fromText).length > 0 || message.html === undefined) return fromText;
  return htmlFields(message.html);
}

/** The text a person reads in a message: its text part, or — when that is empty — its HTML's visible text. */
export function readableText(message: Pick<NotificationMessage, 'text' | 'html'>): string {
  if (message.text.trim() !== '' || message.html === undefined) return message.text;
  return htmlText(message.html);
}

/**
 * The fields of a plain text: a mail's text part, or a chat message's text with blocks flattened
 * (Slack mrkdwn / Markdown marks and link syntax are not part of what a person sees: visible-text.ts).
 */
export function bodyFields(text: string): Fields {
  return fieldsOf(textItems(text));
}

/** The fields of an HTML body: tables, definition lists and `label: value` lines, up to its signature. */
export function htmlFields(html: string): Fields {
  return fieldsOf(htmlItems(html, { footers: false }));
}

/** An HTML body's visible text, one line per block; a table row of a label and a value as `label⇥value`. */
export function htmlText(html: string): string {
  return htmlItems(html, { footers: true })
    .map((item) =>
      item.kind === 'line'
        ? item.text
        : item.kind === 'pair'
          ? `${item.label}\t${item.value}`
          : item.kind === 'rule'
            ? '────────'
            : '-- ',
    )
    .join('\n');
}

// What a body is made of ----------------------------------------------------------------------

type Item =
  | { kind: 'line'; text: string; heading?: boolean }
  | { kind: 'pair'; label: string; value: string }
  | { kind: 'rule' }
  | { kind: 'signature' };

/** A line of rule characters only (at least three): ───, ━━━, ＿＿＿, ===, ---, ***, ・・・. */
const RULE = /^[\s]*[-─━═＿_=＝―—‐*＊~～・]{3,}[\s]*$/;
/** RFC 3676's signature delimiter `-- ` (its trailing space is often lost on the way). */
const SIGNATURE = /^-- ?$/;
/** A heading's mark: ■お問い合わせ内容, ◆ご注文内容, ▼お客様情報. */
const HEADING_MARK = /^\s*[■□◆◇●○▼▽▲△◎★☆►▶]/;

function textItems(text: string): Item[] {
  return text.split(/\r?\n/).map((raw): Item => {
    if (SIGNATURE.test(raw)) return { kind: 'signature' };
    if (RULE.test(raw)) return { kind: 'rule' };
    return { kind: 'line', text: visibleText(raw) };
  });
}

function fieldsOf(items: Item[]): Fields {
  const fields: Fields = {};
  for (const item of withoutSignature(items)) {
    const pair = item.kind === 'pair' ? item : item.kind === 'line' ? lineField(item.text) : undefined;
    if (pair && !(pair.label in fields)) fields[pair.label] = pair.value;
  }
  return fields;
}

function isField(item: Item): boolean {
  return item.kind === 'pair' || (item.kind === 'line' && lineField(item.text) !== undefined);
}

function isBlank(item: Item): boolean {
  return item.kind === 'line' && item.text.trim() === '';
}

/** The items up to where the signature begins (see the rules above). */
function withoutSignature(all: Item[]): Item[] {
  const delimiter = all.findIndex((item) => item.kind === 'signature');
  const items = (delimiter < 0 ? all : all.slice(0, delimiter)).filter((item) => !isBlank(item));
  const rules = items.flatMap((item, i) => (item.kind === 'rule' ? [i] : []));
  // A rule, one short line that is no field and no sentence, a rule: the frame of a heading.
  const framing = new Set<number>();
  for (const [k, rule] of rules.entries()) {
    const next = rules[k + 1];
    if (next !== rule + 2) continue;
    const line = items[rule + 1]!;
    if (
      line.kind === 'line' &&
      !isField(line) &&
      line.text.trim().length <= 30 &&
      !/[。.]\s*$/.test(line.text)
    ) {
      framing.add(rule);
      framing.add(next);
    }
  }
  for (const rule of [...rules].reverse()) {
    if (framing.has(rule)) continue;
    const after = items.slice(rule + 1).filter((item) => item.kind !== 'rule');
    if (after.length === 0) continue; // a closing rule
    const first = after[0]!;
    const section =
      isField(first) || (first.kind === 'line' && (first.heading || HEADING_MARK.test(first.text)));
    const before = items.slice(0, rule);
    return !section && before.some(isField) ? before : items;
  }
  return items;
}

// Field lines ----------------------------------------------------------------------------------

const DIGIT = /[0-9０-９]/;

/** A field line's label and value, or undefined when the line is no field (see the rules above). */
function lineField(line: string): { label: string; value: string } | undefined {
  const bracketed = /^\s*[【[]([^:：【】[\]\n]{1,40}?)[】\]]\s*[:：]?\s*(.*?)\s*$/.exec(line);
  if (bracketed) {
    // A label that keeps its own colon inside the marks (`*会社名:* 値`, a Teams fact "会社名:").
    const label = bracketed[1]!.replace(/\s*[:：]\s*$/, '').trim();
    return label ? { label, value: value(bracketed[2] ?? '') } : undefined;
  }
  const colon = separator(line);
  if (colon < 0) return undefined;
  const label = line.slice(0, colon).trim();
  if (!isLabel(label)) return undefined;
  return { label, value: value(line.slice(colon + 1)) };
}

function value(text: string): string {
  return text.trim().replace(/^[:：]\s*/, '');
}

/** The colon that ends the label: the first that is neither in a time (`9:00`) nor a URL (`http://`). */
function separator(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char !== ':' && char !== '：') continue;
    if (DIGIT.test(line[i - 1] ?? '') && DIGIT.test(line[i + 1] ?? '')) continue;
    if (line.startsWith('//', i + 1)) continue;
    return i;
  }
  return -1;
}

const BRACKETS: ReadonlyArray<[string, string]> = [
  ['(', ')'],
  ['（', '）'],
  ['「', '」'],
  ['『', '』'],
  ['<', '>'],
  ['＜', '＞'],
  ['〈', '〉'],
];

/** What a form names a field (see the rules above). */
function isLabel(label: string): boolean {
  if (label.length === 0 || label.length > 40) return false;
  if (/[【】[\]。@＠:：]/.test(label)) return false;
  if (/[0-9０-９]{3,}/.test(label)) return false;
  for (const [open, close] of BRACKETS) {
    let depth = 0;
    for (const char of label) {
      if (char === open) depth += 1;
      else if (char === close && --depth < 0) return false;
    }
    if (depth !== 0) return false;
  }
  return true;
}

/** A cell's or term's text as a label: one line, without the colon or the 【】 a template puts around it. */
function asLabel(text: string): string {
  const label = text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\s*[:：]$/, '')
    .trim();
  const marked = /^[【[](.+)[】\]]$/.exec(label);
  return marked ? marked[1]!.trim() : label;
}

// HTML -----------------------------------------------------------------------------------------

type Document = ReturnType<typeof parseDocument>;
type Node = Document['children'][number];
type Element = Extract<Node, { attribs: Record<string, string> }>;

/** Elements nobody sees the content of. */
const UNSEEN = new Set([
  'head',
  'title',
  'style',
  'script',
  'template',
  'noscript',
  'meta',
  'link',
  'object',
]);
/** Elements that begin and end a line. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
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
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const ROW_GROUPS = new Set(['thead', 'tbody', 'tfoot']);
/** A class or id that names a footer or a signature: `footer`, `mail-footer`, `signature_block`. */
const FOOTER_NAME = /(?:^|[-_])(?:footer|signature)(?:$|[-_])/i;

function isHidden(element: Element): boolean {
  if ('hidden' in element.attribs) return true;
  const style = (element.attribs.style ?? '').toLowerCase().replace(/\s+/g, '');
  return /(?:^|;)(?:display:none|visibility:hidden|mso-hide:all)/.test(style);
}

function isFooter(element: Element): boolean {
  if (element.name === 'footer' || element.attribs.role === 'contentinfo') return true;
  const names = [...(element.attribs.class ?? '').split(/\s+/), element.attribs.id ?? ''];
  return names.some((name) => name !== '' && FOOTER_NAME.test(name));
}

function htmlItems(html: string, options: { footers: boolean }): Item[] {
  const items: Item[] = [];
  let line = '';
  let heading = false;
  let pre = 0;
  const flush = (): void => {
    const text = line
      .replace(/\u00a0/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim();
    if (text !== '') {
      if (SIGNATURE.test(text)) items.push({ kind: 'signature' });
      else if (RULE.test(text)) items.push({ kind: 'rule' });
      else items.push(heading ? { kind: 'line', text, heading: true } : { kind: 'line', text });
    }
    line = '';
  };

  const walk = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      if (DomUtils.isText(node)) {
        if (pre > 0) {
          const [first, ...rest] = node.data.split(/\r?\n/);
          line += first;
          for (const next of rest) {
            flush();
            line = next;
          }
        } else line += node.data.replace(/[ \t\r\n\f]+/g, ' ');
        continue;
      }
      if (!DomUtils.isTag(node)) continue;
      const element = node as Element;
      const name = element.name;
      if (UNSEEN.has(name) || isHidden(element)) continue;
      if (!options.footers && isFooter(element)) {
        flush();
        continue;
      }
      if (name === 'br') {
        flush();
        continue;
      }
      if (name === 'hr') {
        flush();
        items.push({ kind: 'rule' });
        continue;
      }
      if (name === 'table') {
        flush();
        table(element);
        continue;
      }
      if (name === 'dl') {
        flush();
        definitions(element);
        continue;
      }
      if (!BLOCKS.has(name)) {
        walk(element.children);
        continue;
      }
      flush();
      const wasHeading = heading;
      heading = HEADINGS.has(name);
      if (name === 'pre') pre += 1;
      walk(element.children);
      flush();
      if (name === 'pre') pre -= 1;
      heading = wasHeading;
    }
  };

  /** A table: each row of a label and a value is a pair; any other row is read cell by cell. */
  const table = (element: Element): void => {
    for (const child of element.children) {
      if (!DomUtils.isTag(child)) continue;
      const part = child as Element;
      const rows = part.name === 'tr' ? [part] : ROW_GROUPS.has(part.name) ? part.children : undefined;
      if (!rows || isHidden(part) || (!options.footers && isFooter(part))) {
        walk([part]);
        flush();
        continue;
      }
      for (const row of rows) {
        if (!DomUtils.isTag(row)) continue;
        const pair = (row as Element).name === 'tr' ? rowPair(row as Element) : undefined;
        if (pair) items.push({ kind: 'pair', ...pair });
        else {
          walk([row]);
          flush();
        }
      }
    }
  };

  /** A definition list: each term with its descriptions (several joined by line breaks) is a pair. */
  const definitions = (element: Element): void => {
    let term: string | undefined;
    let values: string[] = [];
    const done = (): void => {
      if (term !== undefined) {
        const label = asLabel(term);
        if (label && isLabel(label)) items.push({ kind: 'pair', label, value: values.join('\n') });
        else if (term) items.push({ kind: 'line', text: [term, ...values].join(' ') });
      }
      term = undefined;
      values = [];
    };
    for (const child of element.children) {
      if (!DomUtils.isTag(child)) continue;
      const item = child as Element;
      if (UNSEEN.has(item.name) || isHidden(item)) continue;
      if (item.name === 'dt') {
        done();
        term = cellText(item);
      } else if (item.name === 'dd' && term !== undefined) values.push(cellText(item));
      else if (item.name === 'div') {
        // <div><dt/><dd/></div> groups are allowed in a <dl>.
        done();
        definitions(item);
      } else {
        done();
        walk([item]);
        flush();
      }
    }
    done();
  };

  /** A cell's visible text, its lines joined by `\n` (a <br> or a block inside it ends a line). */
  const cellText = (element: Element): string => {
    const outer = { items: items.length, line };
    line = '';
    walk(element.children);
    flush();
    const lines = items
      .splice(outer.items)
      .flatMap((item) =>
        item.kind === 'line' ? [item.text] : item.kind === 'pair' ? [`${item.label}\t${item.value}`] : [],
      );
    line = outer.line;
    return lines.join('\n');
  };

  /** A row that is a field: a label cell and a value cell (a lone colon cell between them allowed), no table inside. */
  const rowPair = (row: Element): { label: string; value: string } | undefined => {
    if (isHidden(row) || (!options.footers && isFooter(row))) return undefined;
    let cells = row.children.filter(
      (child): child is Element =>
        DomUtils.isTag(child) &&
        ['td', 'th'].includes((child as Element).name) &&
        !isHidden(child as Element),
    );
    if (cells.length === 3 && /^[:：]$/.test(DomUtils.textContent(cells[1]!).trim()))
      cells = [cells[0]!, cells[2]!];
    if (cells.length !== 2) return undefined;
    if (cells.some((cell) => DomUtils.findOne((e) => e.name === 'table', cell.children, true)))
      return undefined;
    if (!options.footers && cells.some(isFooter)) return undefined;
    const label = asLabel(cellText(cells[0]!));
    if (!isLabel(label)) return undefined;
    return { label, value: cellText(cells[1]!) };
  };

  walk(parseDocument(html).children);
  flush();
  return items;
}
