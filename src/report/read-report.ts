import { readFile } from 'node:fs/promises';
import { InvalidInputError, type Problem, parseWith } from '../foundation/problems.ts';
import { type AcceptanceReport, REPORT_SCHEMA_VERSION, reportSchema } from './report.schema.ts';

/**
 * Reads and validates a report.json (for `cutover diff`). Never casts: every problem is reported
 * at once with the file and the key path, e.g.
 * `legacy/report.json: cases[2].checks[0].verdict: expected one of "passed", …, got "ok"`.
 *
 * @throws InvalidInputError (code CUTOVER_INVALID_INPUT) when the file is missing, is not JSON,
 * or is not an acceptance report this version of cutover reads. A report of format version 1
 * (before findings) is refused as a whole, naming the file and saying to run the pack again:
 * without findings the diff could not tell a regression from a change.
 */
export async function readReport(path: string): Promise<AcceptanceReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'no such file; expected the report.json of a cutover run'
        : `cannot be read (${code ?? (error as Error).message})`;
    throw new InvalidInputError([{ file: path, path: '', message }]);
  }
  return parseReport(text, path);
}

/** Validates report.json text; `file` names it in problems. */
export function parseReport(text: string, file: string): AcceptanceReport {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidInputError([
      { file, path: '', message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const version = versionProblem(data, file);
  if (version) throw new InvalidInputError([version]);
  const parsed = parseWith(reportSchema, data, file);
  if (!parsed.ok) throw new InvalidInputError(parsed.problems);
  return parsed.value;
}

/** A report of another format version fails as a whole: listing every key that moved would only bury that. */
function versionProblem(data: unknown, file: string): Problem | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { file, path: '', message: 'expected an acceptance report (a JSON object)' };
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version === REPORT_SCHEMA_VERSION) return undefined;
  if (version === undefined)
    return {
      file,
      path: 'schemaVersion',
      message: `missing; this does not look like a cutover report.json (a report this cutover reads has format version ${REPORT_SCHEMA_VERSION}: run the pack again to write one)`,
    };
  if (typeof version === 'number' && version < REPORT_SCHEMA_VERSION)
    return {
      file,
      path: 'schemaVersion',
      message: `this report has format version ${version}, written by an earlier cutover: it holds no findings, which the diff compares; run the pack on ${rerunHint(data)} again with this cutover and diff the new report`,
    };
  return {
    file,
    path: 'schemaVersion',
    message: `this report has format version ${JSON.stringify(version)}; this cutover reads version ${REPORT_SCHEMA_VERSION}`,
  };
}

/** "that target (cutover uat --target legacy)", from what the old report says about its run. */
function rerunHint(data: object): string {
  const targets = (data as { run?: { targets?: Array<{ name?: unknown }> } }).run?.targets;
  const names = Array.isArray(targets)
    ? targets.map((t) => t?.name).filter((n): n is string => typeof n === 'string')
    : [];
  return names.length > 0
    ? `that target (cutover uat ${names.map((n) => `--target ${n}`).join(' ')})`
    : 'that target (cutover uat --target …)';
}
