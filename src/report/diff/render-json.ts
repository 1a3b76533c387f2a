import type { DiffResult } from './diff-types.ts';

/** The diff as JSON for tools (pretty, newline-terminated): the DiffResult as it is. */
export function renderDiffJson(result: DiffResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
