import { access } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { type CutoverConfig, configSchema } from './config.schema.ts';
import { formatPath, type Problem, parseWith } from './problems.ts';
import { Secret } from './secret.ts';

export interface LoadedConfig {
  /** Path as the user would write it (relative to the working directory). */
  file: string;
  config: CutoverConfig;
  /** Every secret the config names, bound to its value; for redaction. */
  secrets: Secret[];
}

export const DEFAULT_CONFIG_FILE = 'cutover.config.ts';

/**
 * Imports cutover.config.ts (TypeScript, compiled on load), validates it and binds its secrets
 * from the environment. Returns the config or every problem found.
 */
export async function loadConfig(
  path: string,
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<{ ok: true; value: LoadedConfig } | { ok: false; problems: Problem[] }> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, path);
  const file = relative(cwd, absolute) || path;
  try {
    await access(absolute);
  } catch {
    return fail(
      file,
      `config file not found (looked for ${absolute}); create ${DEFAULT_CONFIG_FILE} or pass --config`,
    );
  }

  let exported: unknown;
  try {
    const module = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as { default?: unknown };
    exported = unwrapDefault(module.default);
  } catch (error) {
    return { ok: false, problems: [loadProblem(file, error)] };
  }
  if (exported === undefined) {
    return fail(file, 'the config has no default export; write `export default defineConfig({ … })`');
  }

  const parsed = parseWith(configSchema, exported, file);
  if (!parsed.ok) return parsed;

  const env = options.env ?? process.env;
  const problems: Problem[] = [];
  const secrets: Secret[] = [];
  for (const [secret, keys] of secretsIn(parsed.value)) {
    const value = env[secret.name];
    if (value === undefined || value === '') {
      problems.push({
        file,
        path: formatPath(keys),
        keys,
        message: `environment variable ${secret.name} is not set (needed by ${formatPath(keys)})`,
      });
    } else {
      secret.bind(value);
      secrets.push(secret);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { file, config: parsed.value, secrets } };
}

function* secretsIn(value: unknown, keys: PropertyKey[] = []): Generator<[Secret, PropertyKey[]]> {
  if (value instanceof Secret) yield [value, keys];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* secretsIn(item, [...keys, i]);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* secretsIn(item, [...keys, key]);
  }
}

function fail(file: string, message: string): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [{ file, path: '', message }] };
}

/** A config compiled as CommonJS (no "type": "module" nearby) arrives as { default: config }. */
function unwrapDefault(value: unknown): unknown {
  if (
    value &&
    typeof value === 'object' &&
    'default' in value &&
    Object.keys(value).every((k) => k === 'default' || k === '__esModule')
  ) {
    return (value as { default: unknown }).default;
  }
  return value;
}

/** A syntax error names its line and column (esbuild's "file:line:col: ERROR: message"); others their first line. */
function loadProblem(file: string, error: unknown): Problem {
  const text = error instanceof Error ? error.message : String(error);
  const located = /:(\d+):(\d+): ERROR: (.+)/.exec(text);
  if (located) {
    return {
      file,
      path: '',
      line: Number(located[1]),
      column: Number(located[2]) + 1,
      message: `syntax error: ${located[3]}`,
    };
  }
  const first = text.split('\n').find((line) => line.trim()) ?? text;
  return { file, path: '', message: `the config could not be loaded: ${first}` };
}
