/**
 * Soak benchmark of the monitor: `cutover monitor` (the real command, as a child process) at a
 * 1 s interval on the demo world's renewal build for N scheduled cycles (default 300; cycles that
 * fall due while one still runs are skipped, as in production). Samples the process through its
 * own /metrics (RSS, heap, open file descriptors) and /proc (Chromium processes) and prints them
 * over time, then the verdict against the targets: RSS growth ≤ 10% after warm-up, 0 leftover
 * browsers after exit, 0 overlapping cycles.
 *
 *   npm run soak                 # 300 cycles
 *   npm run soak -- --cycles 60  # a shorter run
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '300' },
    every: { type: 'string', default: '10' },
    /** Also write the figures as JSON here (npm run bench reads them). */
    result: { type: 'string' },
  },
});
const cycles = Number(values.cycles);
const sampleEvery = Number(values.every);
const WARM_UP = Math.min(30, Math.floor(cycles / 5));
const root = new URL('..', import.meta.url).pathname;

interface CaseRecord {
  event: string;
  target?: string;
  url?: string;
  time: string;
  durationMs?: number;
  verdict?: string;
}

const child = spawn(
  process.execPath,
  [
    'bin/cutover.js',
    'monitor',
    'monitors/demo-renewal.yaml',
    '--interval',
    '1s',
    '--listen',
    '127.0.0.1:0',
    '--json',
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const records: CaseRecord[] = [];
let metricsUrl: string | undefined;
createInterface({ input: child.stdout }).on('line', (line) => {
  try {
    const record = JSON.parse(line) as CaseRecord;
    records.push(record);
    if (record.event === 'listening') metricsUrl = record.url;
  } catch {
    // not a JSON line
  }
});
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

function descendants(pid: number): Array<{ pid: number; name: string }> {
  const parents = new Map<number, { ppid: number; name: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      parents.set(Number(entry), { ppid: Number(fields[1]), name });
    } catch {
      // gone meanwhile
    }
  }
  const found: Array<{ pid: number; name: string }> = [];
  const walk = (parent: number) => {
    for (const [p, info] of parents) {
      if (info.ppid === parent) {
        found.push({ pid: p, name: info.name });
        walk(p);
      }
    }
  };
  walk(pid);
  return found;
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

function sum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const samples: Array<{ scheduled: number; rss: number; heap: number; fds: number; browsers: number }> = [];
const seenBrowsers = new Set<number>();
console.log(`monitor soak: ${cycles} scheduled cycles at a 1 s interval, sampling every ${sampleEvery}`);
console.log('scheduled  ran  skipped  RSS        heap       fds  chromium');
let lastSampled = -1;
const started = Date.now();
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  if (!metricsUrl) continue;
  const text = await (await fetch(metricsUrl)).text();
  const ran = metric(text, 'cutover_run_duration_seconds_count');
  const skipped = sum(text, 'cutover_monitor_skipped_runs_total');
  const scheduled = ran + skipped;
  const browsers = descendants(child.pid!).filter((p) => /chrom/i.test(p.name));
  for (const b of browsers) seenBrowsers.add(b.pid);
  if (scheduled >= lastSampled + sampleEvery || scheduled >= cycles) {
    lastSampled = scheduled;
    const sample = {
      scheduled,
      rss: metric(text, 'process_resident_memory_bytes'),
      heap: metric(text, 'nodejs_heap_size_used_bytes'),
      fds: metric(text, 'process_open_fds'),
      browsers: browsers.length,
    };
    samples.push(sample);
    console.log(
      `${String(scheduled).padStart(9)}  ${String(ran).padStart(3)}  ${String(skipped).padStart(7)}  ${mb(sample.rss).padEnd(9)}  ${mb(sample.heap).padEnd(9)}  ${String(sample.fds).padStart(3)}  ${sample.browsers}`,
    );
  }
  if (scheduled >= cycles) break;
}
child.kill('SIGTERM');
const code = await exited;
await new Promise((resolve) => setTimeout(resolve, 1000));
const leftover = [...seenBrowsers].filter((pid) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
});

// Overlaps: two case runs of one target whose [start, end] intervals intersect.
const cases = records
  .filter((r) => r.event === 'case')
  .map((r) => ({
    target: r.target,
    end: Date.parse(r.time),
    start: Date.parse(r.time) - (r.durationMs ?? 0),
  }))
  .sort((a, b) => a.start - b.start);
let overlaps = 0;
for (let i = 1; i < cases.length; i++) {
  const previous = cases.slice(0, i).filter((c) => c.target === cases[i]!.target);
  if (previous.some((c) => c.end > cases[i]!.start)) overlaps++;
}
const warm = samples.find((s) => s.scheduled >= WARM_UP) ?? samples[0]!;
const last = samples.at(-1)!;
const growth = (last.rss - warm.rss) / warm.rss;
const verdicts = records.filter((r) => r.event === 'case').map((r) => r.verdict);
console.log('');
console.log(
  `wall time: ${((Date.now() - started) / 1000).toFixed(0)} s; case runs: ${cases.length} (${verdicts.filter((v) => v === 'passed').length} passed)`,
);
console.log(
  `RSS after warm-up (${warm.scheduled} cycles): ${mb(warm.rss)}; at the end: ${mb(last.rss)}; growth ${(growth * 100).toFixed(1)}%  (target ≤ 10%) ${growth <= 0.1 ? '✓' : '✗'}`,
);
console.log(`heap used: ${mb(warm.heap)} → ${mb(last.heap)}; open fds: ${warm.fds} → ${last.fds}`);
console.log(
  `leftover Chromium processes after exit: ${leftover.length}  (target 0) ${leftover.length === 0 ? '✓' : '✗'}`,
);
console.log(`overlapping cycles: ${overlaps}  (target 0) ${overlaps === 0 ? '✓' : '✗'}`);
console.log(`monitor exit code after SIGTERM: ${code}  (expected 0)`);
if (values.result) {
  await writeFile(
    values.result,
    JSON.stringify({
      rssGrowth: growth,
      overlaps,
      leftoverChromium: leftover.length,
      exitCode: code,
      caseRuns: cases.length,
    }),
  );
}
