/**
 * Stack traces are for cutover's developers: shown with `cutover --debug` (which sets
 * CUTOVER_DEBUG=1 for every process of the run) or DEBUG=cutover; otherwise one line per error.
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CUTOVER_DEBUG === '1') return true;
  return (env.DEBUG ?? '').split(/[\s,]+/).some((name) => name === '*' || /^cutover(:|\*|$)/.test(name));
}
