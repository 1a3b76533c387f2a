import { RE2JS } from 're2js';

/**
 * User-written regular expressions (`matches` in scenarios, `success.url` in the config) run on
 * RE2 (re2js, a pure-JS port): matching takes time linear in the input, so no pattern can hang a
 * run the way `^(a+)+$` hangs a backtracking engine.
 *
 * The language stays the one users know — JavaScript syntax with the `u` flag — minus what RE2
 * cannot run in linear time: backreferences and lookaround are refused, with a message that says
 * so. Where RE2's meaning differs from JavaScript's, the pattern is rewritten to keep
 * JavaScript's: `\s` includes the full-width space U+3000 (common between Japanese names), `.`
 * stops at every line terminator, `\uXXXX`/`\u{…}` escapes, `\p{Script=Han}`/`\p{sc=…}`/
 * `\p{gc=…}` and long category names, `[]`/`[^]`, `[\b]`, `\cX`, `\0`.
 */
export interface LinearRegex {
  /** The pattern as the user wrote it. */
  readonly source: string;
  /** True when the pattern matches somewhere in the text (like RegExp.prototype.test). */
  test(text: string): boolean;
}

/** The pattern cannot run on RE2; the message starts with "RE2 syntax:". */
export class LinearRegexError extends Error {
  readonly code = 'CUTOVER_REGEX';

  constructor(message: string) {
    super(message);
    this.name = 'LinearRegexError';
  }
}

/** JavaScript's `\s`: the Unicode space separators plus these controls and line terminators. */
const JS_SPACE = '\\t\\n\\x{0B}\\f\\r\\x{FEFF}\\x{2028}\\x{2029}\\p{Zs}';
/** JavaScript's `.` without the `s` flag: anything but a line terminator. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/** Long General_Category names JavaScript accepts, by RE2's short name. */
const CATEGORY_ALIASES: Record<string, string> = {
  Letter: 'L',
  Cased_Letter: 'L',
  Uppercase_Letter: 'Lu',
  Lowercase_Letter: 'Ll',
  Titlecase_Letter: 'Lt',
  Modifier_Letter: 'Lm',
  Other_Letter: 'Lo',
  Mark: 'M',
  Combining_Mark: 'M',
  Nonspacing_Mark: 'Mn',
  Spacing_Mark: 'Mc',
  Enclosing_Mark: 'Me',
  Number: 'N',
  Decimal_Number: 'Nd',
  digit: 'Nd',
  Letter_Number: 'Nl',
  Other_Number: 'No',
  Punctuation: 'P',
  punct: 'P',
  Connector_Punctuation: 'Pc',
  Dash_Punctuation: 'Pd',
  Open_Punctuation: 'Ps',
  Close_Punctuation: 'Pe',
  Initial_Punctuation: 'Pi',
  Final_Punctuation: 'Pf',
  Other_Punctuation: 'Po',
  Symbol: 'S',
  Math_Symbol: 'Sm',
  Currency_Symbol: 'Sc',
  Modifier_Symbol: 'Sk',
  Other_Symbol: 'So',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Line_Separator: 'Zl',
  Paragraph_Separator: 'Zp',
  Other: 'C',
  Control: 'Cc',
  cntrl: 'Cc',
  Format: 'Cf',
  Surrogate: 'Cs',
  Private_Use: 'Co',
  Unassigned: 'Cn',
};

const NO_LINEAR = 'RE2 syntax: no backreferences or lookaround';

/**
 * Why this pattern cannot be used, or undefined when it can. The pattern must already compile as
 * a JavaScript regular expression with the `u` flag (the schema checks that first).
 */
export function linearRegexProblem(source: string): string | undefined {
  try {
    compileLinear(source);
    return undefined;
  } catch (error) {
    if (error instanceof LinearRegexError) return error.message;
    throw error;
  }
}

const cache = new Map<string, LinearRegex>();
const CACHE_SIZE = 256;

/** Compiles a user's pattern for linear-time matching; throws {@link LinearRegexError}. */
export function compileLinear(source: string): LinearRegex {
  const cached = cache.get(source);
  if (cached) return cached;
  const translated = toRe2(source);
  let re: RE2JS;
  try {
    re = RE2JS.compile(translated);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).replace(
      /^error parsing regexp: /,
      '',
    );
    const hint = /invalid repeat count/.test(detail) ? ' (RE2 repeats at most 1000 times)' : '';
    throw new LinearRegexError(`RE2 syntax: ${detail}${hint}`);
  }
  const compiled: LinearRegex = { source, test: (text) => re.test(text) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/** Rewrites JavaScript (`u` flag) syntax into RE2 syntax with the same meaning. */
function toRe2(source: string): string {
  let out = '';
  let inClass = false;
  let i = 0;
  const refuse = (what: string): never => {
    throw new LinearRegexError(`${NO_LINEAR} (${what}); matching must take linear time`);
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      const escaped = translateEscape(source, i, inClass, refuse);
      out += escaped.text;
      i = escaped.end;
      if (next === '') break;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      // A `[` inside a class is literal in JavaScript; RE2 would read `[:alpha:]` as a POSIX class.
      out += ch === '[' ? '\\[' : ch;
      i += 1;
      continue;
    }
    if (ch === '[') {
      const negated = source[i + 1] === '^';
      const start = i + (negated ? 2 : 1);
      if (source[start] === ']') {
        // JavaScript's empty classes: [] matches nothing, [^] matches anything.
        out += negated ? '[\\x{0}-\\x{10FFFF}]' : '[^\\x{0}-\\x{10FFFF}]';
        i = start + 1;
        continue;
      }
      inClass = true;
      out += negated ? '[^' : '[';
      i = start;
      continue;
    }
    if (ch === '.') {
      out += JS_DOT;
      i += 1;
      continue;
    }
    if (ch === '(' && source[i + 1] === '?') {
      const head = source.slice(i, i + 4);
      if (head.startsWith('(?=')) refuse('"(?=" is a lookahead');
      if (head.startsWith('(?!')) refuse('"(?!" is a negative lookahead');
      if (head === '(?<=') refuse('"(?<=" is a lookbehind');
      if (head === '(?<!') refuse('"(?<!" is a negative lookbehind');
    }
    out += ch;
    i += 1;
  }
  return out;
}

function translateEscape(
  source: string,
  at: number,
  inClass: boolean,
  refuse: (what: string) => never,
): { text: string; end: number } {
  const next = source[at + 1] ?? '';
  const end = at + 2;
  switch (next) {
    case 'u': {
      const unit = readUnicodeEscape(source, at);
      if (!unit) return { text: '\\u', end };
      // A surrogate pair written as two escapes is one code point with the u flag.
      if (unit.value >= 0xd800 && unit.value <= 0xdbff && source.startsWith('\\u', unit.end)) {
        const low = readUnicodeEscape(source, unit.end);
        if (low && low.value >= 0xdc00 && low.value <= 0xdfff) {
          const point = (unit.value - 0xd800) * 0x400 + (low.value - 0xdc00) + 0x10000;
          return { text: `\\x{${point.toString(16)}}`, end: low.end };
        }
      }
      return { text: `\\x{${unit.value.toString(16)}}`, end: unit.end };
    }
    case 'p':
    case 'P': {
      const close = source.indexOf('}', at + 3);
      if (source[at + 2] !== '{' || close < 0) return { text: `\\${next}`, end };
      const property = source.slice(at + 3, close);
      return { text: `\\${next}{${re2Property(property)}}`, end: close + 1 };
    }
    case 's':
      return { text: inClass ? JS_SPACE : `[${JS_SPACE}]`, end };
    case 'S':
      // Inside a class RE2's own \S stands in (it differs only on the non-ASCII spaces).
      return { text: inClass ? '\\S' : `[^${JS_SPACE}]`, end };
    case 'b':
      return { text: inClass ? '\\x{08}' : '\\b', end };
    case 'k':
      return refuse('"\\k<…>" is a backreference');
    case 'c': {
      const letter = source[at + 2] ?? '';
      if (/^[A-Za-z]$/.test(letter)) {
        return { text: `\\x{${(letter.charCodeAt(0) % 32).toString(16)}}`, end: at + 3 };
      }
      return { text: '\\c', end };
    }
    case '0':
      return { text: '\\x{0}', end };
    default:
      if (/^[1-9]$/.test(next)) return refuse(`"\\${next}" is a backreference`);
      return { text: `\\${next}`, end };
  }
}

function readUnicodeEscape(source: string, at: number): { value: number; end: number } | undefined {
  if (source[at + 2] === '{') {
    const close = source.indexOf('}', at + 3);
    const hex = close < 0 ? '' : source.slice(at + 3, close);
    return /^[0-9A-Fa-f]{1,6}$/.test(hex) ? { value: Number.parseInt(hex, 16), end: close + 1 } : undefined;
  }
  const hex = source.slice(at + 2, at + 6);
  return /^[0-9A-Fa-f]{4}$/.test(hex) ? { value: Number.parseInt(hex, 16), end: at + 6 } : undefined;
}

function re2Property(property: string): string {
  const [key, value] = property.includes('=') ? property.split('=', 2) : [undefined, property];
  if (key === 'Script_Extensions' || key === 'scx') {
    throw new LinearRegexError(
      `RE2 syntax: \\p{${property}} is not supported (RE2 knows scripts, not script extensions); write \\p{${value}}`,
    );
  }
  const name = value ?? '';
  return CATEGORY_ALIASES[name] ?? name;
}
