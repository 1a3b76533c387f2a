import type { MailpitAddress, StoredMail } from './store.ts';

/**
 * Mailpit's search language (after `searchQueryBuilder`): words split on spaces, double quotes
 * group a phrase and are stripped; a leading `-` or `!` negates; prefixed words filter fields by
 * case-insensitive substring; any other word is a substring of the message's full text.
 */
export type MailPredicate = (mail: StoredMail) => boolean;

/** Split like Mailpit's ArgsParser: spaces separate, quotes group and are removed. */
export function splitSearchWords(query: string): string[] {
  const words: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of query.replaceAll('！', '!')) {
    if (ch === '"') quoted = !quoted;
    else if (/\s/.test(ch) && !quoted) {
      if (current) words.push(current);
      current = '';
    } else current += ch;
  }
  if (current) words.push(current);
  return words;
}

/** Compile a search query into one predicate (all words must hold). */
export function compileSearch(query: string): MailPredicate {
  const predicates = splitSearchWords(query).map(compileWord);
  return (mail) => predicates.every((p) => p(mail));
}

function compileWord(word: string): MailPredicate {
  const negate = word.startsWith('-') || word.startsWith('!');
  const w = negate ? word.slice(1) : word;
  const predicate = positive(w);
  return negate ? (m) => !predicate(m) : predicate;
}

const ADDRESS_FIELDS = {
  'to:': (m: StoredMail) => m.to,
  'from:': (m: StoredMail) => (m.from ? [m.from] : []),
  'cc:': (m: StoredMail) => m.cc,
  'bcc:': (m: StoredMail) => m.bcc,
  'reply-to:': (m: StoredMail) => m.replyTo,
  'addressed:': (m: StoredMail) => [...(m.from ? [m.from] : []), ...m.to, ...m.cc, ...m.bcc, ...m.replyTo],
} satisfies Record<string, (m: StoredMail) => MailpitAddress[]>;

function positive(word: string): MailPredicate {
  const lw = word.toLowerCase();
  for (const [prefix, pick] of Object.entries(ADDRESS_FIELDS)) {
    if (lw.startsWith(prefix)) {
      const value = lw.slice(prefix.length);
      return (m) => contains(JSON.stringify(pick(m)), value);
    }
  }
  if (lw.startsWith('subject:')) return (m) => contains(m.subject, lw.slice(8));
  if (lw.startsWith('message-id:')) return (m) => contains(m.messageId, lw.slice(11));
  if (lw.startsWith('tag:')) return (m) => m.tags.some((t) => t.toLowerCase() === lw.slice(4));
  if (lw === 'is:read') return (m) => m.read;
  if (lw === 'is:unread') return (m) => !m.read;
  if (lw === 'is:tagged') return (m) => m.tags.length > 0;
  if (lw === 'has:attachment' || lw === 'has:attachments') return (m) => m.attachments.length > 0;
  if (lw === 'has:inline') return (m) => m.inline.length > 0;
  if (lw.startsWith('after:') || lw.startsWith('before:')) return timeBound(lw);
  if (lw.startsWith('larger:') || lw.startsWith('smaller:')) return sizeBound(lw);
  return (m) => m.searchText.includes(lw);
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle);
}

/** Like Mailpit, an unparseable date is ignored (the word then matches everything). */
function timeBound(lw: string): MailPredicate {
  const after = lw.startsWith('after:');
  const at = Date.parse(lw.slice(after ? 6 : 7));
  if (Number.isNaN(at)) return () => true;
  return after ? (m) => m.createdMs > at : (m) => m.createdMs < at;
}

function sizeBound(lw: string): MailPredicate {
  const larger = lw.startsWith('larger:');
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/.exec(lw.slice(larger ? 7 : 8));
  if (!match) return () => true;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2] as '' | 'k' | 'm' | 'g'];
  const bytes = Number(match[1]) * unit;
  return larger ? (m) => m.size > bytes : (m) => m.size < bytes;
}
