import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Problem } from './problems.ts';

/** A YAML file read and parsed, with a way to find the line of any key path for error messages. */
export interface YamlFile {
  file: string;
  data: unknown;
  /** Line and column of the value (or key) at a path, when the file has it. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

export async function readYamlFile(path: string, displayName: string): Promise<YamlFile | Problem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return [{ file: displayName, path: '', message: `cannot read the file: ${(error as Error).message}` }];
  }
  return parseYaml(text, displayName);
}

export function parseYaml(text: string, file: string): YamlFile | Problem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        file,
        path: '',
        line: position.line,
        column: position.col,
        message: `YAML syntax error: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      };
    });
  }
  const locate = (path: readonly PropertyKey[]) => {
    const node = nodeAt(doc.contents as Node | null, path);
    if (!node?.range) return undefined;
    const position = lineCounter.linePos(node.range[0]);
    return { line: position.line, column: position.col };
  };
  return { file, data: doc.toJS(), locate };
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
