import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of biome.json fire. For every row of the layer table (README, Development) the
 * test writes, into a temporary tree shaped like src/, an import of every layer (a barrel and a
 * module in a subfolder; for probes also registry.ts and a provider) — from the layer's top folder
 * and from three folders down — lints that tree once with the project's Biome and a copy of its
 * biome.json, and checks that exactly the imports the table forbids are reported, each with its
 * rule's message. The allowed imports are the control: a rule that forbade everything fails too.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

const LAYERS = [
  'foundation',
  'http',
  'browser',
  'probes',
  'config',
  'cleanup',
  'scenario',
  'report',
  'init',
  'uat',
  'monitor',
  'cli',
  'demo',
] as const;
type Layer = (typeof LAYERS)[number];

/** `probes/index.ts`: the probes' public barrel only, never a provider folder or registry.ts. */
const BARREL = 'probes/index.ts';
const DIRECTION = 'dependencies point cli → ';

interface Row {
  /** A folder of src/, or `index.ts` for src/index.ts (the public API). */
  layer: Layer | 'index.ts';
  /** What the layer may import: the layer table. */
  mayImport: readonly (Layer | typeof BARREL)[];
  /** How its rule's message starts; null: no rule (it may import everything). */
  says: string | null;
}

const TABLE: readonly Row[] = [
  { layer: 'foundation', mayImport: [], says: 'src/foundation imports nothing of the harness' },
  { layer: 'http', mayImport: ['foundation'], says: 'src/http may import only foundation;' },
  { layer: 'browser', mayImport: ['foundation'], says: 'src/browser may import only foundation;' },
  {
    layer: 'probes',
    mayImport: ['foundation', 'http'],
    says: 'src/probes may import only foundation and http;',
  },
  {
    layer: 'config',
    mayImport: ['foundation', BARREL],
    says: 'src/config may import only foundation and probes/index.ts;',
  },
  {
    layer: 'cleanup',
    mayImport: ['foundation', 'config', BARREL],
    says: 'src/cleanup may import only foundation, config and probes/index.ts;',
  },
  {
    layer: 'scenario',
    mayImport: ['foundation', 'http', 'browser', 'config', 'cleanup', BARREL],
    says: 'src/scenario may import only foundation, http, browser, config, cleanup and probes/index.ts;',
  },
  {
    layer: 'report',
    mayImport: ['foundation', 'config', 'scenario'],
    says: 'src/report may import only foundation, config and scenario;',
  },
  {
    layer: 'init',
    mayImport: ['foundation', 'config', 'browser', 'scenario'],
    says: 'src/init may import only foundation, config, browser and scenario;',
  },
  {
    layer: 'uat',
    mayImport: ['foundation', 'http', 'browser', 'config', 'cleanup', BARREL, 'scenario', 'report', 'demo'],
    says: 'src/uat may import only foundation, http, browser, config, cleanup, scenario, report, demo and probes/index.ts;',
  },
  {
    layer: 'monitor',
    mayImport: ['foundation', 'http', 'browser', 'config', 'cleanup', BARREL, 'scenario', 'report'],
    says: 'src/monitor may import only foundation, http, browser, config, cleanup, scenario, report and probes/index.ts;',
  },
  { layer: 'cli', mayImport: LAYERS, says: null },
  {
    layer: 'demo',
    mayImport: [],
    says: 'src/demo is the world the harness tests: it imports nothing of the harness;',
  },
  {
    layer: 'index.ts',
    mayImport: ['config', 'foundation'],
    says: 'src/index.ts (the public API) may import only config and foundation;',
  },
];

/** Modules of each layer to import: its barrel and a module in a subfolder; for probes also registry.ts. */
const targets = (layer: Layer): string[] =>
  layer === 'probes'
    ? [BARREL, 'probes/registry.ts', 'probes/imap/index.ts']
    : [`${layer}/index.ts`, `${layer}/inner/module.ts`];

interface Case {
  file: string;
  line: number;
  spec: string;
  /** How the message must start; null: the import is allowed. */
  expected: string | null;
}

const expectation = (row: Row, target: string): string | null => {
  const layer = target.split('/')[0] as Layer;
  if (layer === row.layer || row.mayImport.includes(layer)) return null;
  if (layer === 'probes' && row.mayImport.includes(BARREL)) {
    return target === BARREL ? null : `src/${row.layer} sees the probes only through probes/index.ts`;
  }
  return row.says ?? `src/${row.layer} has no rule`;
};

/** One file per row and depth, one import a line: src/<layer>/imports.ts and src/<layer>/a/b/c/imports.ts. */
function casesOf(row: Row): Case[] {
  const places =
    row.layer === 'index.ts'
      ? [{ file: 'src/index.ts', up: './' }]
      : [0, 3].map((depth) => ({
          file: ['src', row.layer, ...['a', 'b', 'c'].slice(0, depth), 'imports.ts'].join('/'),
          up: '../'.repeat(depth + 1),
        }));
  return places.flatMap(({ file, up }) =>
    LAYERS.flatMap(targets).map((target, i) => ({
      file,
      line: i + 1,
      spec: `${up}${target}`,
      expected: expectation(row, target),
    })),
  );
}

const CASES = new Map(TABLE.map((row) => [row, casesOf(row)]));

interface RdjsonDiagnostic {
  code: { value: string };
  location: { path: string; range: { start: { line: number } } };
  message: string;
}

let dir: string;
/** Messages of noRestrictedImports by `file:line`. */
const reported = new Map<string, string[]>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-layer-rules-'));
  const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8'));
  delete config.$schema;
  config.vcs = { enabled: false };
  await writeFile(join(dir, 'biome.json'), JSON.stringify(config, null, 2));

  const files = new Map<string, Case[]>();
  for (const c of [...CASES.values()].flat()) files.set(c.file, [...(files.get(c.file) ?? []), c]);
  for (const [file, cases] of files) {
    const source = [
      ...cases.map((c, i) => `import * as m${i} from '${c.spec}';`),
      `export const modules = [${cases.map((_, i) => `m${i}`).join(', ')}];`,
    ];
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), `${source.join('\n')}\n`);
  }

  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      BIOME,
      ['lint', '--reporter=rdjson', '--max-diagnostics=none', 'src'],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
      (error, out, err) => {
        // Biome exits 1 when it reports errors: that is what this test expects.
        if (error && error.code !== 1) reject(new Error(`biome lint failed: ${error.message}\n${err}`));
        else resolve(out);
      },
    );
  });
  const { diagnostics } = JSON.parse(stdout) as { diagnostics?: RdjsonDiagnostic[] };
  for (const d of diagnostics ?? []) {
    if (d.code.value !== 'lint/style/noRestrictedImports') continue;
    const key = `${d.location.path}:${d.location.range.start.line}`;
    reported.set(key, [...(reported.get(key) ?? []), d.message]);
  }
}, 30_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the layer rules of biome.json', () => {
  it.each(TABLE)('$layer: reports every import the table forbids, and only those, at any depth', (row) => {
    const wrong = CASES.get(row)!.flatMap((c) => {
      const messages = reported.get(`${c.file}:${c.line}`) ?? [];
      const fine =
        c.expected === null
          ? messages.length === 0
          : messages.length === 1 && messages[0]!.startsWith(c.expected);
      const should = c.expected === null ? 'be allowed' : `be reported: "${c.expected}…"`;
      return fine
        ? []
        : [`${c.file}:${c.line} import '${c.spec}' should ${should}; reported: ${JSON.stringify(messages)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('tells the direction of the dependencies in every layer message', () => {
    const layerMessages = [...reported.values()]
      .flat()
      .filter((m) => !m.includes('sees the probes only through'));
    expect(layerMessages.length).toBeGreaterThan(0);
    expect(layerMessages.filter((m) => !m.includes(DIRECTION))).toEqual([]);
  });

  it('has a row for every folder of src/ and for every layer rule of biome.json', async () => {
    const folders = (await readdir(join(ROOT, 'src'), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !TABLE.some((r) => r.layer === f))).toEqual([]);

    const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8')) as {
      overrides: { includes: string[]; linter?: { rules?: { style?: { noRestrictedImports?: unknown } } } }[];
    };
    const ruled = config.overrides
      .filter((o) => o.linter?.rules?.style?.noRestrictedImports)
      .flatMap((o) => o.includes);
    const rows = TABLE.filter((r) => r.says !== null).map((r) =>
      r.layer === 'index.ts' ? 'src/index.ts' : `src/${r.layer}/**`,
    );
    expect(ruled.sort()).toEqual(rows.sort());
  });
});
