import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';
import { tsImport } from 'tsx/esm/api';
import { readInputFile } from '../foundation/input-file.ts';
import { Broken, type Partly, parseParts } from '../foundation/parse-parts.ts';
import { formatPath, type Problem, parseWith } from '../foundation/problems.ts';
import { Secret } from '../foundation/secret.ts';
import { type CutoverConfig, configSchema } from './config.schema.ts';
import { configLocator, type SourcePosition } from './config-source.ts';

export interface LoadedConfig {
  /** Path as the user would write it (relative to the working directory). */
  file: string;
  config: CutoverConfig;
  /** Every secret the config names, bound to its value; for redaction. */
  secrets: Secret[];
}

export const DEFAULT_CONFIG_FILE = 'cutover.config.ts';

/**
 * The config as far as it validated — whole when it did — for the checks against scenarios and
 * monitors, which run on it even when the config has problems of its own; with the line and
 * column of any key path in the source, for the problems those checks find in it.
 */
export interface ConfigParts {
  file: string;
  value: Partly<CutoverConfig>;
  broken: Broken;
  locate(keys: readonly PropertyKey[]): SourcePosition | undefined;
}

/**
 * Imports cutover.config.ts (TypeScript, compiled on load), validates it and binds its secrets
 * from the environment. Returns the config or every problem found, each placed at its line and
 * column in the source where the source shows it; and in both cases the config's parts that
 * validated (none when it could not be imported).
 */
export async function loadConfig(
  path: string,
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<
  | { ok: true; value: LoadedConfig; parts: ConfigParts }
  | { ok: false; problems: Problem[]; parts?: ConfigParts }
> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, path);
  const file = relative(cwd, absolute) || path;
  // Read first: a missing, oversized or non-UTF-8 file is named here, not by the module loader.
  const text = await readInputFile(absolute, file);
  if (typeof text !== 'string') {
    return text.message === 'no such file'
      ? fail(
          file,
          `config file not found (looked for ${absolute}); run npx cutover init to write one, or pass --config`,
        )
      : { ok: false, problems: [text] };
  }

  const format = await moduleFormat(absolute);
  let exported: unknown;
  try {
    exported = format === 'commonjs' ? requireConfig(absolute) : await importConfig(absolute);
  } catch (error) {
    const problem = loadProblem(file, error);
    if (format === 'commonjs' && MODULE_FORMAT_ERROR.test(String((error as Error)?.message ?? error)))
      problem.message += ` (${file} loads as CommonJS: ${COMMONJS_WHY}; to load it as an ES module, name it ${file.replace(/\.(c?ts|c?js)$/, '.mts')} or set "type": "module")`;
    return { ok: false, problems: [problem] };
  }
  if (exported === undefined) {
    return fail(file, 'the config has no default export; write `export default defineConfig({ … })`');
  }

  const parsed = parseWith(configSchema, exported, file);
  // What validated, when not all did: its secrets are still checked and its names cross-checked.
  const { value, broken } = parsed.ok
    ? { value: parsed.value as Partly<CutoverConfig>, broken: Broken.none }
    : parseParts(configSchema, exported);
  const locate = configLocator(text);
  const parts = value && { file, value, broken, locate };
  const problems: Problem[] = parsed.ok ? [] : [...parsed.problems];

  const env = options.env ?? process.env;
  const secrets: Secret[] = [];
  for (const [secret, keys] of secretsIn(value)) {
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
  if (!parsed.ok || problems.length > 0) {
    const placed = problems.map((problem) => {
      const position = problem.keys && !problem.line ? locate(problem.keys) : undefined;
      return position ? { ...problem, ...position } : problem;
    });
    return { ok: false, problems: placed, parts };
  }
  return { ok: true, value: { file, config: parsed.value, secrets }, parts: parts! };
}

/**
 * Every bound secret a config holds — those read from the environment and those cutover binds
 * itself (the demo world's CRM token): what must be redacted from anything the config's runs write.
 */
export function boundSecretsOf(config: unknown): Secret[] {
  return [...new Set([...secretsIn(config)].map(([secret]) => secret))].filter((s) => s.bound);
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

const COMMONJS_WHY = 'the nearest package.json has no "type": "module"';
/** Errors that mean "this is an ES module", e.g. top-level await in a config loaded as CommonJS. */
const MODULE_FORMAT_ERROR =
  /top-level await|import\.meta|ERR_REQUIRE|require\(\) of ES|Cannot use import statement|exports is not defined/i;

/**
 * How Node would load the config: .mts/.mjs as an ES module, .cts/.cjs as CommonJS, .ts/.js by
 * the nearest package.json's "type" (CommonJS unless it says "module").
 *
 * The config is loaded by that format explicitly, with tsx, wherever it is loaded — by `cutover
 * validate` and by every Playwright process. Left to the module loader, a CommonJS config
 * loaded in `cutover` and failed inside Playwright, whose own loader hooks stand in between.
 */
export async function moduleFormat(file: string): Promise<'module' | 'commonjs'> {
  const extension = extname(file);
  if (extension === '.mts' || extension === '.mjs') return 'module';
  if (extension === '.cts' || extension === '.cjs') return 'commonjs';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}

async function importConfig(absolute: string): Promise<unknown> {
  const module = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as { default?: unknown };
  return unwrapDefault(module.default);
}

/** tsx's CommonJS loader: the config's `import` statements become `require`, 'cutover' included. */
function requireConfig(absolute: string): unknown {
  const exported = tsxRequire(absolute, import.meta.url) as unknown;
  // `export default defineConfig(…)` arrives as { default }, `module.exports = defineConfig(…)` as is.
  if (exported && typeof exported === 'object' && 'default' in exported) {
    return unwrapDefault((exported as { default: unknown }).default);
  }
  return exported;
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
