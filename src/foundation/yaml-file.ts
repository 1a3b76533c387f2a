import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { readInputFile } from './input-file.ts';
import type { Problem } from './problems.ts';

/** A YAML file read and parsed, with a way to find the line of any key path for error messages. */
export interface YamlFile {
  file: string;
  data: unknown;
  /** Line and column of the value (or key) at a path, when the file has it. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

/**
 * Resource limits of a scenario or monitor file. Those files nest a few levels and use an alias
 * or two; deeper nesting or aliases that expand further are refused with a problem instead of
 * exhausting the stack, the memory or the CPU (a YAML "billion laughs").
 */
export const YAML_LIMITS = { maxNesting: 64, maxAliasCount: 100 } as const;

export async function readYamlFile(path: string, displayName: string): Promise<YamlFile | Problem[]> {
  const text = await readInputFile(path, displayName);
  if (typeof text !== 'string') return [text];
  return parseYaml(text, displayName);
}

export function parseYaml(text: string, file: string): YamlFile | Problem[] {
  const tooDeep = nestingBeyond(text, YAML_LIMITS.maxNesting);
  if (tooDeep) return [nestingProblem(file, tooDeep)];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      if (/call stack/i.test(error.message)) return nestingProblem(file, position.line);
      return {
        file,
        path: '',
        line: position.line,
        column: position.col,
        message: `YAML syntax error: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      };
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    if (error instanceof RangeError) return [nestingProblem(file, 1)];
    if (!(error instanceof ReferenceError)) throw error;
    // "Excessive alias count" (expansion limit) or an alias to an anchor that does not exist.
    const message = /alias count/i.test(error.message)
      ? `refused: its aliases (*name) expand to too much data (limit: ${YAML_LIMITS.maxAliasCount} expanded aliases) — a YAML "billion laughs"; write the values out`
      : `YAML error: ${error.message.split('\n')[0]}`;
    return [{ file, path: '', message }];
  }
  const locate = (path: readonly PropertyKey[]) => {
    const node = nodeAt(doc.contents as Node | null, path);
    if (!node?.range) return undefined;
    const position = lineCounter.linePos(node.range[0]);
    return { line: position.line, column: position.col };
  };
  return { file, data, locate };
}

function nestingProblem(file: string, line: number): Problem {
  return {
    file,
    path: '',
    line,
    column: 1,
    message: `refused: the file nests deeper than ${YAML_LIMITS.maxNesting} levels (lists and mappings inside each other); scenario and monitor files need a few`,
  };
}

/**
 * The line at which the text nests deeper than `max` levels, before any YAML parser sees it: flow
 * collections (`[`, `{`) outside quotes and comments, and block nesting (indentation, `- `, `? `).
 * Conservative on purpose — it may count a level the parser would not, never the other way round
 * on the files cutover reads, so a nesting bomb never reaches the parser's recursion.
 */
export function nestingBeyond(text: string, max: number): number | undefined {
  const lines = text.split('\n');
  const block: number[] = [];
  let flow = 0;
  let blockScalarParent: number | undefined;
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    const indent = /^ */.exec(line)![0].length;
    const rest = line.slice(indent);
    if (blockScalarParent !== undefined) {
      if (rest === '' || indent > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    if (rest === '' || rest.startsWith('#')) continue;
    if (flow === 0) {
      // Each "- " or "? " opens a level at its own column, then the content starts another.
      const columns = [indent];
      let at = indent;
      for (;;) {
        const indicator = /^[-?:](?: +|$)/.exec(line.slice(at));
        if (!indicator) break;
        at += indicator[0].length;
        if (at >= line.length) break;
        columns.push(at);
        if (columns.length > max) return index + 1;
      }
      while (block.length > 0 && block.at(-1)! >= indent) block.pop();
      block.push(...columns);
      if (block.length > max) return index + 1;
    }
    // Flow collections, outside quoted text and comments; a quote ends at its line at the latest.
    let quote: '"' | "'" | undefined;
    for (let i = indent; i < line.length; i++) {
      const c = line[i]!;
      const before = i === indent ? ' ' : line[i - 1]!;
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = undefined;
      } else if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") quote = undefined;
      } else if ((c === '"' || c === "'") && /[\s[{,:]/.test(before)) {
        quote = c;
      } else if (c === '#' && /\s/.test(before)) {
        break;
      } else if (c === '[' || c === '{') {
        flow++;
        if (flow + block.length > max) return index + 1;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
    // A block scalar (`key: |`) holds text: its lines, indented past the key, are not structure.
    if (flow === 0 && /(?:^|[\s:-])[|>][1-9+-]*\s*(?:#.*)?$/.test(rest)) blockScalarParent = block.at(-1);
  }
  return undefined;
}

/**
 * The deepest node along a path: a scalar or flow value, or the key when the value is a block
 * that starts on the next line (or is missing), else the nearest parent.
 */
function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let node: Node | null = root;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return node;
      const value = pair.value as (Node & { flow?: boolean }) | null;
      const keyFirst = i === path.length - 1 && !(isScalar(value) || value?.flow);
      node = keyFirst ? (pair.key as Node) : value;
      if (!node) return null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/** Adds line and column to problems whose key path the file can locate. */
export function withPositions(problems: Problem[], yaml: YamlFile): Problem[] {
  return problems.map((problem) => {
    if (problem.line || !problem.keys) return problem;
    const position = yaml.locate(problem.keys);
    return position ? { ...problem, ...position } : problem;
  });
}
