import { debugEnabled } from '../foundation/debug.ts';
import { type CaseResult, checkLabel } from '../scenario/case-result.ts';

/**
 * The error that fails a UAT test whose case had a failed or errored check: one line per such
 * check with its verdict and reason — no assertion diff, no code frame of the fixture, no stack
 * frames (they would point into cutover, not at the site). Undefined when the case passed.
 */
export function caseFailure(result: CaseResult, id: string, target: string): Error | undefined {
  const problems = result.checks.filter((c) => c.verdict === 'failed' || c.verdict === 'error');
  if (problems.length === 0) return undefined;
  const error = new Error(
    [
      `${id} on ${target} (marker ${result.marker}):`,
      ...problems.map((c) => `  ${checkLabel(c)} ${c.verdict}: ${c.reason}`),
    ].join('\n'),
  );
  // Playwright prints the stack and a code frame where it points; a stack of the message alone
  // prints the message alone. With --debug / DEBUG=cutover the frames stay.
  if (!debugEnabled()) error.stack = `Error: ${error.message}`;
  return error;
}
