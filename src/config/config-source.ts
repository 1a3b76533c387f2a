/**
 * Where a key path of the config (`targets.staging.forms.contact.confrim`) is written in
 * cutover.config.ts, so config problems read `cutover.config.ts:14:9:` like scenario problems.
 *
 * The config is imported (compiled by tsx), so its value carries no positions; this reads the
 * source text. Not with a TypeScript parser: cutover's `typescript` is a devDependency, and
 * TypeScript 7 ships no JavaScript parser API anyway (its compiler is a 27 MB native binary);
 * `@babel/parser` would parse it but adds some 4 MB of runtime dependencies for a hint. The
 * config is an object literal, which needs little: a tokenizer (comments, strings, template
 * literals, regular expressions) and a reader of `{ key: value, ...spread }` and `[a, b]`.
 *
 * It follows `export default defineConfig({…})`, `export default {…}`, `module.exports = …`,
 * and identifiers, shorthand properties and spreads that name a top-level `const` object literal
 * in the same file (`probes: contactProbes`). Whatever it cannot follow — an import, a function
 * call, a computed key — stops it, and the path is placed at the nearest enclosing key it did
 * find: an earlier line, never a wrong one. The file is only read when a config problem needs a
 * line, and it is valid TypeScript then (it was imported).
 */

export interface SourcePosition {
  line: number;
  column: number;
}

type TokenType = 'name' | 'string' | 'number' | 'template' | 'regex' | 'punct';
interface Token {
  type: TokenType;
  value: string;
  start: number;
}

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];
/** After these a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
]);
const CLOSERS = new Map([
  ['{', '}'],
  ['[', ']'],
  ['(', ')'],
]);

class Unreadable extends Error {}

/** The tokens of a TypeScript source; a template literal is one token, its `${…}` skipped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  // Template literals nest: each open `${` counts braces until its `}` closes it; the tokens
  // inside are dropped (the template is one value), from `tokens` at the length it had.
  const templateBraces: number[] = [];
  const templateStarts: number[] = [];
  const regexAllowed = () => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.type === 'punct') return ![')', ']', '}'].includes(last.value);
    return last.type === 'name' && BEFORE_REGEX.has(last.value);
  };
  const template = (start: number, from: number) => {
    // Reads a template from `from` to its closing backtick, or to a `${` (then resumed later).
    let j = from;
    while (j < text.length) {
      const c = text[j];
      if (c === '\\') j += 2;
      else if (c === '`') {
        tokens.push({ type: 'template', value: text.slice(start, j + 1), start });
        return j + 1;
      } else if (c === '$' && text[j + 1] === '{') {
        tokens.push({ type: 'template', value: text.slice(start, j + 2), start });
        templateBraces.push(0);
        templateStarts.push(tokens.length);
        return j + 2;
      } else j++;
    }
    throw new Unreadable('unterminated template');
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Unreadable('unterminated comment');
      i = end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n') throw new Unreadable('unterminated string');
        j += text[j] === '\\' ? 2 : 1;
      }
      if (j >= text.length) throw new Unreadable('unterminated string');
      tokens.push({ type: 'string', value: text.slice(i, j + 1), start: i });
      i = j + 1;
    } else if (c === '`') {
      i = template(i, i + 1);
    } else if (c === '}' && templateBraces.length > 0 && templateBraces.at(-1) === 0) {
      templateBraces.pop();
      tokens.length = templateStarts.pop()!;
      i = template(i, i + 1);
    } else if (/[\p{L}_$\\]/u.test(c)) {
      const name = /^(?:[\p{L}\p{N}_$\u200C\u200D]|\\u[0-9a-fA-F]{4})+/u.exec(text.slice(i))?.[0];
      if (!name) throw new Unreadable('unexpected \\');
      tokens.push({ type: 'name', value: name, start: i });
      i += name.length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const number = /^(?:0[xXoObB][0-9a-fA-F_]+n?|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?n?)/.exec(
        text.slice(i),
      )![0];
      tokens.push({ type: 'number', value: number, start: i });
      i += Math.max(1, number.length);
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && (inClass || text[j] !== '/')) {
        if (text[j] === '\n') throw new Unreadable('unterminated regular expression');
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      j++;
      while (j < text.length && /[a-z]/i.test(text[j]!)) j++;
      tokens.push({ type: 'regex', value: text.slice(i, j), start: i });
      i = j;
    } else {
      const punct = PUNCTUATORS.find((p) => text.startsWith(p, i)) ?? c;
      if (templateBraces.length > 0) {
        if (punct === '{') templateBraces[templateBraces.length - 1]!++;
        else if (punct === '}') templateBraces[templateBraces.length - 1]!--;
      }
      tokens.push({ type: 'punct', value: punct, start: i });
      i += punct.length;
    }
  }
  return tokens;
}

/** One property of an object literal, or a spread into it. */
type Entry =
  | { kind: 'property'; key: string; at: number; value: number }
  | { kind: 'spread'; value: number }
  | { kind: 'unknown' };

/** An object literal, array literal or anything else, at a token index. */
type Shape =
  | { kind: 'object'; entries: Entry[] }
  | { kind: 'array'; elements: Array<number | 'spread'> }
  | { kind: 'leaf'; at: number };

class Source {
  private readonly tokens: Token[];
  private readonly consts = new Map<string, number | undefined>();
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    this.tokens = tokenize(text);
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    this.findConsts();
  }

  position(tokenIndex: number): SourcePosition {
    const offset = this.tokens[tokenIndex]!.start;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }

  private is(index: number, value: string): boolean {
    const token = this.tokens[index];
    return token !== undefined && (token.type === 'punct' || token.type === 'name') && token.value === value;
  }

  /** The index just past a balanced `(…)`, `[…]` or `{…}` starting at `index`. */
  private skipGroup(index: number): number {
    const open = this.tokens[index]!.value;
    const close = CLOSERS.get(open);
    if (!close) throw new Unreadable(`not a bracket: ${open}`);
    let depth = 0;
    for (let i = index; i < this.tokens.length; i++) {
      const token = this.tokens[i]!;
      if (token.type !== 'punct') continue;
      if (token.value === open) depth++;
      else if (token.value === close && --depth === 0) return i + 1;
    }
    throw new Unreadable(`unclosed ${open}`);
  }

  /** The index of the `,` or closing bracket that ends the expression starting at `index`. */
  private skipExpression(index: number): number {
    let i = index;
    while (i < this.tokens.length) {
      const token = this.tokens[i]!;
      if (token.type === 'punct') {
        if (CLOSERS.has(token.value)) {
          i = this.skipGroup(i);
          continue;
        }
        if ([',', ')', ']', '}', ';'].includes(token.value)) return i;
      }
      i++;
    }
    return i;
  }

  /** Top-level `const name = value` (and `let`, `var`, `export const`); a name declared twice is dropped. */
  private findConsts(): void {
    let i = 0;
    while (i < this.tokens.length) {
      const token = this.tokens[i]!;
      if (token.type === 'punct' && CLOSERS.has(token.value)) {
        i = this.skipGroup(i);
        continue;
      }
      const name = this.tokens[i + 1];
      if (token.type === 'name' && ['const', 'let', 'var'].includes(token.value) && name?.type === 'name') {
        let j = i + 2;
        if (this.is(j, ':')) {
          // A type annotation, up to the `=` of the initializer.
          j++;
          while (j < this.tokens.length && !this.is(j, '=') && !this.is(j, ';')) {
            j =
              this.tokens[j]!.type === 'punct' && CLOSERS.has(this.tokens[j]!.value)
                ? this.skipGroup(j)
                : j + 1;
          }
        }
        if (this.is(j, '=')) {
          this.consts.set(name.value, this.consts.has(name.value) ? undefined : j + 1);
          // On from the value: its brackets are skipped as groups, and the next declaration found.
          i = j + 1;
          continue;
        }
      }
      i++;
    }
  }

  /** Where the config's value starts: after `export default` or `module.exports =`. */
  root(): number | undefined {
    let i = 0;
    while (i < this.tokens.length) {
      if (this.is(i, '{') || this.is(i, '(') || this.is(i, '[')) {
        i = this.skipGroup(i);
        continue;
      }
      if (this.is(i, 'export') && this.is(i + 1, 'default')) return i + 2;
      if (this.is(i, 'module') && this.is(i + 1, '.') && this.is(i + 2, 'exports') && this.is(i + 3, '='))
        return i + 4;
      i++;
    }
    return undefined;
  }

  /**
   * What the expression at `index` is, seen through parentheses, a `defineConfig(…)` call and
   * identifiers naming a top-level const (`as const` / `satisfies T` after it change nothing).
   */
  shape(index: number, seen = new Set<string>()): Shape {
    const token = this.tokens[index];
    if (!token) throw new Unreadable('expected a value');
    if (this.is(index, '(')) return this.shape(index + 1, seen);
    if (this.is(index, '{')) return { kind: 'object', entries: this.entries(index) };
    if (this.is(index, '[')) return { kind: 'array', elements: this.elements(index) };
    if (token.type === 'name' && token.value === 'defineConfig' && this.is(index + 1, '('))
      return this.shape(index + 2, seen);
    const next = this.tokens[index + 1];
    const ends = !next || (next.type === 'punct' && [',', '}', ']', ')', ';'].includes(next.value));
    const cast = next?.type === 'name' && (next.value === 'as' || next.value === 'satisfies');
    if (token.type === 'name' && (ends || cast) && this.consts.get(token.value) && !seen.has(token.value)) {
      return this.shape(this.consts.get(token.value)!, new Set([...seen, token.value]));
    }
    return { kind: 'leaf', at: index };
  }

  private entries(open: number): Entry[] {
    const entries: Entry[] = [];
    let i = open + 1;
    while (!this.is(i, '}')) {
      const token = this.tokens[i];
      if (!token) throw new Unreadable('unclosed object');
      if (this.is(i, '...')) {
        entries.push({ kind: 'spread', value: i + 1 });
        i = this.skipExpression(i + 1);
      } else if (
        (token.type === 'name' || token.type === 'string' || token.type === 'number') &&
        (this.is(i + 1, ':') || this.is(i + 1, ',') || this.is(i + 1, '}'))
      ) {
        const key = token.type === 'string' ? keyOfString(token.value) : token.value;
        if (key === undefined) entries.push({ kind: 'unknown' });
        else if (this.is(i + 1, ':')) entries.push({ kind: 'property', key, at: i, value: i + 2 });
        // Shorthand `{ contactProbes }` is `{ contactProbes: contactProbes }`.
        else entries.push({ kind: 'property', key, at: i, value: i });
        i = this.is(i + 1, ':') ? this.skipExpression(i + 2) : i + 1;
      } else {
        // A computed key, a method, a getter: its key is not known here.
        entries.push({ kind: 'unknown' });
        i = this.skipExpression(i);
      }
      if (this.is(i, ',')) i++;
      else if (!this.is(i, '}')) throw new Unreadable('expected , or }');
    }
    return entries;
  }

  private elements(open: number): Array<number | 'spread'> {
    const elements: Array<number | 'spread'> = [];
    let i = open + 1;
    while (!this.is(i, ']')) {
      if (!this.tokens[i]) throw new Unreadable('unclosed array');
      if (this.is(i, ',')) {
        elements.push(-1);
        i++;
        continue;
      }
      elements.push(this.is(i, '...') ? 'spread' : i);
      i = this.skipExpression(i);
      if (this.is(i, ',')) i++;
      else if (!this.is(i, ']')) throw new Unreadable('expected , or ]');
    }
    return elements;
  }

  /**
   * The property that gives an object its `key`: the last one written, directly or by a spread
   * (as in JavaScript). 'unknown' when a spread or computed key the reader cannot see into could.
   */
  property(
    entries: Entry[],
    key: string,
    seen = new Set<number>(),
  ): Extract<Entry, { kind: 'property' }> | 'absent' | 'unknown' {
    for (const entry of [...entries].reverse()) {
      if (entry.kind === 'property' && entry.key === key) return entry;
      if (entry.kind === 'unknown') return 'unknown';
      if (entry.kind === 'spread') {
        if (seen.has(entry.value)) return 'unknown';
        const spread = this.shape(entry.value);
        if (spread.kind !== 'object') return 'unknown';
        const found = this.property(spread.entries, key, new Set([...seen, entry.value]));
        if (found !== 'absent') return found;
      }
    }
    return 'absent';
  }
}

/** The key a quoted property name spells, when it has no escapes to decode. */
function keyOfString(literal: string): string | undefined {
  const inner = literal.slice(1, -1);
  return inner.includes('\\') ? undefined : inner;
}

/**
 * A function from a key path to where it is written in the config source: its key (a list's item
 * itself), or the nearest enclosing key found; undefined when the source cannot be read this way.
 */
export function configLocator(text: string): (keys: readonly PropertyKey[]) => SourcePosition | undefined {
  // Read on first use: a valid config is never tokenized.
  let read: { source: Source; root: number | undefined } | 'unreadable' | undefined;
  return (keys) => {
    if (read === undefined) {
      try {
        const source = new Source(text);
        read = { source, root: source.root() };
      } catch (error) {
        if (!(error instanceof Unreadable)) throw error;
        read = 'unreadable';
      }
    }
    if (read === 'unreadable' || read.root === undefined) return undefined;
    const { source, root } = read;
    try {
      return locate(source, root, keys);
    } catch (error) {
      if (error instanceof Unreadable) return undefined;
      throw error;
    }
  };
}

function locate(source: Source, root: number, keys: readonly PropertyKey[]): SourcePosition | undefined {
  let value = root;
  // The token of the nearest key found so far (at first the config itself): where a path that
  // goes on unseen is placed.
  let found = root;
  for (const key of keys) {
    const shape = source.shape(value);
    if (shape.kind === 'object' && typeof key === 'string') {
      const property = source.property(shape.entries, key);
      if (typeof property === 'string') break;
      found = property.at;
      value = property.value;
    } else if (shape.kind === 'array' && typeof key === 'number') {
      // Past a spread, the elements' indexes are not known.
      const before = shape.elements.slice(0, key + 1);
      const element = shape.elements[key];
      if (before.includes('spread') || element === undefined || element === 'spread' || element < 0) break;
      found = element;
      value = element;
    } else if (shape.kind === 'object' && key === 0) {
      // One probe where a list may stand (`notification: { … }`) is read as that list's first item.
    } else {
      break;
    }
  }
  return source.position(found);
}
