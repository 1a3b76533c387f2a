/**
 * `npm run bench`: B1–B5 side by side in one run, each with its figure, its target and the command
 * that reproduces it alone. Speed targets live here, never in timed tests (these machines are shared).
 *
 *   npm run bench                      # everything (≈ 10 min on 2 cores)
 *   npm run bench -- --only B1         # one item (B1 … B5; comma-separated for several)
 *   npm run bench -- --rounds 5        # B1 rounds (default 3)
 *   npm run bench -- --cycles 300      # B3 cycles (default 60; the long soak is npm run soak)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startDemoWorld } from '../src/demo/index.ts';
import { measureOverhead, median } from './overhead.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    cycles: { type: 'string', default: '60' },
  },
});
const only = values.only ? new Set(values.only.toUpperCase().split(',')) : undefined;
const wanted = (item: string) => !only || only.has(item);
const root = new URL('..', import.meta.url).pathname;

interface Row {
  item: string;
  figure: string;
  target: string;
  met: boolean | undefined;
  alone: string;
}
const rows: Row[] = [];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs a command in the project, echoing its output indented; resolves with its output, exit code and wall time. */
function run(cmd: string, args: string[], echo = true): Promise<{ code: number; out: string; ms: number }> {
  const t = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    const take = (chunk: Buffer) => {
      out += chunk;
      if (echo) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '    '));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ code: code ?? 1, out, ms: performance.now() - t }));
  });
}
/** A benchmark script's figures, as the JSON it wrote with --result (undefined when it wrote none). */
async function readResult<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  } finally {
    await rm(file, { force: true });
  }
}
const tsx = (script: string, args: string[]) => run(process.execPath, ['--import', 'tsx', script, ...args]);
const cutover = (args: string[], echo = false) => run(process.execPath, ['bin/cutover.js', ...args], echo);

if (wanted('B1')) {
  console.log(
    `\nB1 overhead: the pack on legacy via cutover vs a hand-written Playwright script (${values.rounds} rounds)`,
  );
  const b1 = await measureOverhead(Number(values.rounds), console.log);
  for (const f of b1.failures) console.log(`  ! ${f}`);
  for (const [key, label] of [
    ['withAbsence', 'with absence windows'],
    ['withoutAbsence', 'absence windows 0'],
  ] as const) {
    const r = b1[key];
    rows.push({
      item: `B1 overhead (${label})`,
      figure: `×${r.ratio.toFixed(2)} (median cutover ${s(median(r.cutover))} / hand-written ${s(median(r.handwritten))})`,
      target: '≤ 1.10',
      met: r.ratio <= 1.1 && b1.failures.length === 0,
      alone: 'npm run bench -- --only B1',
    });
  }
}

if (wanted('B2')) {
  console.log('\nB2 delay accuracy (bench/delay-accuracy.ts, 1 round per injected delay)');
  const b2File = join(tmpdir(), `cutover-b2-${process.pid}.json`);
  const b2 = await tsx('bench/delay-accuracy.ts', ['--rounds', '1', '--result', b2File]);
  const probes =
    await readResult<Array<{ probe: string; worstErrorMs: number; allContained: boolean }>>(b2File);
  rows.push({
    item: 'B2 delay accuracy',
    figure: probes
      ? `worst |error| ${probes.map((p) => `${p.probe} ${p.worstErrorMs} ms`).join(', ')}; interval holds the truth: ${probes.every((p) => p.allContained) ? 'always' : 'NOT always'}`
      : `exit ${b2.code} (see output above)`,
    target: '|error| ≤ 250 ms; interval holds truth',
    met:
      b2.code === 0 && probes !== undefined && probes.every((p) => p.worstErrorMs <= 250 && p.allContained),
    alone: 'npm run bench:delay',
  });
}

if (wanted('B3')) {
  console.log(`\nB3 monitor footprint (bench/monitor-soak.ts, ${values.cycles} cycles at 1 s)`);
  const b3File = join(tmpdir(), `cutover-b3-${process.pid}.json`);
  const b3 = await tsx('bench/monitor-soak.ts', [
    '--cycles',
    values.cycles,
    '--every',
    '10',
    '--result',
    b3File,
  ]);
  const soak = await readResult<{
    rssGrowth: number;
    overlaps: number;
    leftoverChromium: number;
    exitCode: number;
  }>(b3File);
  rows.push({
    item: `B3 monitor footprint (${values.cycles} cycles)`,
    figure: soak
      ? `RSS ${soak.rssGrowth >= 0 ? '+' : ''}${(soak.rssGrowth * 100).toFixed(1)}%; overlaps ${soak.overlaps}; leftover chromium ${soak.leftoverChromium}; exit ${soak.exitCode}`
      : `exit ${b3.code} (see output above)`,
    target: 'RSS growth ≤ 10%, overlaps 0, leftover 0',
    met:
      b3.code === 0 &&
      soak !== undefined &&
      soak.rssGrowth <= 0.1 &&
      soak.overlaps === 0 &&
      soak.leftoverChromium === 0 &&
      soak.exitCode === 0,
    alone: 'npm run soak -- --cycles 60 (300: npm run soak)',
  });
}

if (wanted('B4')) {
  console.log(
    '\nB4 scaling: cutover uat on legacy with 1 and 2 workers; legacy + renewal one after the other and at once',
  );
  const dir = await mkdtemp(join(tmpdir(), 'cutover-bench-'));
  const uat = (target: string, workers: number, name: string) =>
    cutover(['uat', '--target', target, '--workers', String(workers), '--report-dir', join(dir, name)]);
  const one = await uat('legacy', 1, 'w1');
  const two = await uat('legacy', 2, 'w2');
  console.log(`  legacy, 1 worker: ${s(one.ms)}; 2 workers: ${s(two.ms)}`);
  const legacy = await uat('legacy', 2, 'l');
  const renewal = await uat('renewal', 2, 'r');
  const t = performance.now();
  await Promise.all([uat('legacy', 2, 'lc'), uat('renewal', 2, 'rc')]);
  const both = performance.now() - t;
  console.log(`  legacy then renewal (2 workers each): ${s(legacy.ms + renewal.ms)}; at once: ${s(both)}`);
  await rm(dir, { recursive: true, force: true });
  const workers = one.ms / two.ms;
  const builds = (legacy.ms + renewal.ms) / both;
  rows.push({
    item: 'B4 scaling, 1 → 2 workers',
    figure: `×${workers.toFixed(2)} (${s(one.ms)} → ${s(two.ms)})`,
    target: '≥ 1.6×',
    met: workers >= 1.6,
    alone: 'npm run bench -- --only B4',
  });
  rows.push({
    item: 'B4 scaling, legacy + renewal at once',
    figure: `×${builds.toFixed(2)} (${s(legacy.ms + renewal.ms)} → ${s(both)})`,
    target: '≥ 1.6×',
    met: builds >= 1.6,
    alone: 'npm run bench -- --only B4',
  });
}

if (wanted('B5')) {
  console.log('\nB5 start-up: demo world start (10 rounds); cutover demo end to end');
  const starts: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const world = await startDemoWorld();
    starts.push(performance.now() - t);
    await world.stop();
  }
  const worst = Math.max(...starts);
  rows.push({
    item: 'B5 demo world start',
    figure: `median ${median(starts).toFixed(1)} ms, max ${worst.toFixed(1)} ms (n=10)`,
    target: '≤ 1000 ms',
    met: worst <= 1000,
    alone: 'npm run bench -- --only B5',
  });
  const out = await mkdtemp(join(tmpdir(), 'cutover-demo-bench-'));
  const demo = await cutover(['demo', '--out', out]);
  await rm(out, { recursive: true, force: true });
  console.log(`  cutover demo: ${s(demo.ms)}, exit ${demo.code}`);
  rows.push({
    item: 'B5 cutover demo end to end',
    figure: `${s(demo.ms)} (exit ${demo.code})`,
    target: '≤ 45 s, exit 0',
    met: demo.ms <= 45_000 && demo.code === 0,
    alone: 'time node bin/cutover.js demo',
  });
}

const width = (k: keyof Row) => Math.max(...rows.map((r) => String(r[k]).length), 6);
console.log(
  `\nSummary (${new Date().toISOString().slice(0, 10)}, ${(await run('git', ['rev-parse', '--short', 'HEAD'], false)).out.trim()})`,
);
for (const r of rows) {
  const mark = r.met === undefined ? '·' : r.met ? '✓' : '✗';
  console.log(
    `  ${mark} ${r.item.padEnd(width('item'))}  ${r.figure.padEnd(width('figure'))}  target ${r.target.padEnd(width('target'))}  alone: ${r.alone}`,
  );
}
