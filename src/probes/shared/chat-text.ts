/**
 * Plain text out of the chat payloads sites post: Slack `{text, blocks, attachments}`, Teams
 * MessageCard (legacy connectors) and Teams Workflows `{type:"message", attachments:[AdaptiveCard]}`.
 * The engine matches markers and expectations against this text, so every visible string goes in,
 * one per line, in reading order.
 */

export interface ChatText {
  /** A title when the payload has one, else the first line. */
  subject: string;
  text: string;
  format: 'slack' | 'teams-messagecard' | 'teams-adaptivecard';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** Undoes Slack's three HTML escapes (`&amp;`, `&lt;`, `&gt;`). */
export function unescapeSlack(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

export function flattenChatPayload(payload: unknown): ChatText {
  if (isObject(payload)) {
    if (
      payload['@type'] === 'MessageCard' ||
      (payload.sections !== undefined && payload.blocks === undefined)
    ) {
      return withSubject(
        flattenMessageCard(payload),
        str(payload.title) ?? str(payload.summary),
        'teams-messagecard',
      );
    }
    const cards = adaptiveCards(payload);
    if (cards.length > 0) {
      const lines = cards.flatMap((card) => adaptiveLines(card.body));
      return withSubject(lines, undefined, 'teams-adaptivecard');
    }
  }
  return withSubject(isObject(payload) ? slackLines(payload) : [], undefined, 'slack');
}

function withSubject(lines: string[], title: string | undefined, format: ChatText['format']): ChatText {
  const clean = lines.map((line) => line.trim()).filter((line) => line !== '');
  const text = clean.join('\n');
  const subject = (title ?? text.split('\n')[0] ?? '').trim();
  return { subject: subject.length > 200 ? `${subject.slice(0, 200)}…` : subject, text, format };
}

/** Slack message text with blocks and attachments flattened (also used for conversations.history). */
export function slackLines(message: Json): string[] {
  const lines: string[] = [];
  const text = str(message.text);
  if (text) lines.push(unescapeSlack(text));
  for (const block of asArray(message.blocks)) lines.push(...blockLines(block));
  for (const attachment of asArray(message.attachments)) {
    if (!isObject(attachment)) continue;
    for (const key of ['pretext', 'title', 'text', 'fallback'] as const) {
      const value = str(attachment[key]);
      if (value) lines.push(unescapeSlack(value));
    }
    for (const field of asArray(attachment.fields)) {
      if (isObject(field)) lines.push([str(field.title), str(field.value)].filter(Boolean).join(': '));
    }
    for (const block of asArray(attachment.blocks)) lines.push(...blockLines(block));
  }
  // Slack requires `text` as the notification fallback, and it usually repeats the blocks.
  return dedupe(lines);
}

/** Every string under a `text` key, depth first: covers section, header, context and rich_text blocks. */
function blockLines(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(blockLines);
  if (!isObject(node)) return [];
  const out: string[] = [];
  if (typeof node.text === 'string') {
    // rich_text pieces are inline runs: keep them on one line with their siblings.
    out.push(unescapeSlack(node.text));
  } else if (isObject(node.text)) {
    out.push(...blockLines(node.text));
  }
  if (node.type === 'link' && typeof node.url === 'string' && typeof node.text !== 'string')
    out.push(node.url);
  for (const key of ['fields', 'elements']) {
    const children = node[key];
    if (!Array.isArray(children)) continue;
    if (key === 'fields') {
      // A section's fields show as a two-column grid of "*label*\nvalue" cells: one pair each.
      out.push(...children.flatMap(blockLines).map(labelledCell));
    } else if (
      node.type === 'rich_text_section' ||
      node.type === 'rich_text_quote' ||
      node.type === 'rich_text_preformatted'
    ) {
      out.push(children.flatMap(blockLines).join(''));
    } else {
      out.push(...children.flatMap(blockLines));
    }
  }
  return out;
}

/** A cell of exactly a label line and a value line reads as `label: value`. */
function labelledCell(text: string): string {
  const lines = text.split('\n');
  if (lines.length !== 2 || lines[0]!.trim() === '' || /[:：]\s*$/.test(lines[0]!)) return text;
  return `${lines[0]!.trim()}: ${lines[1]!.trim()}`;
}

function flattenMessageCard(card: Json): string[] {
  const lines: string[] = [];
  for (const key of ['title', 'summary', 'text'] as const) {
    const value = str(card[key]);
    if (value) lines.push(value);
  }
  for (const section of asArray(card.sections)) {
    if (!isObject(section)) continue;
    for (const key of ['activityTitle', 'activitySubtitle', 'activityText', 'title', 'text'] as const) {
      const value = str(section[key]);
      if (value) lines.push(value);
    }
    for (const fact of asArray(section.facts)) {
      if (isObject(fact)) lines.push([str(fact.name), str(fact.value)].filter(Boolean).join(': '));
    }
  }
  return dedupe(lines);
}

function adaptiveCards(payload: Json): Json[] {
  if (payload.type === 'AdaptiveCard') return [payload];
  return asArray(payload.attachments)
    .filter(isObject)
    .map((attachment) => attachment.content)
    .filter((content): content is Json => isObject(content) && content.type === 'AdaptiveCard');
}

function adaptiveLines(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(adaptiveLines);
  if (!isObject(node)) return [];
  switch (node.type) {
    case 'TextBlock':
      return str(node.text) ? [String(node.text)] : [];
    case 'RichTextBlock':
      return [
        asArray(node.inlines)
          .map((inline) =>
            typeof inline === 'string' ? inline : isObject(inline) ? (str(inline.text) ?? '') : '',
          )
          .join(''),
      ];
    case 'FactSet':
      return asArray(node.facts)
        .filter(isObject)
        .map((fact) => [str(fact.title), str(fact.value)].filter(Boolean).join(': '));
    case 'ColumnSet':
      return asArray(node.columns).flatMap((column) => (isObject(column) ? adaptiveLines(column.items) : []));
    case 'Table':
      return asArray(node.rows).flatMap((row) =>
        isObject(row)
          ? asArray(row.cells).flatMap((cell) => (isObject(cell) ? adaptiveLines(cell.items) : []))
          : [],
      );
    default:
      return [...adaptiveLines(node.items), ...adaptiveLines(node.body)];
  }
}

function dedupe(lines: string[]): string[] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    const key = line.trim();
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
