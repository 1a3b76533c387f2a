/**
 * Benchmark: how fast the demo world starts and stops, and what one case run costs, measured here
 * and printed — speed targets live here, never in timed tests (these machines are shared).
 * Target: the world starts in ≤ 1 s.   Run: npm run bench
 */
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../src/browser/index.ts';
import { loadProject, resolveDemo } from '../src/config/index.ts';
import { startDemoWorld } from '../src/demo/index.ts';
import { createCaseRunner } from '../src/scenario/case-runner.ts';

const ROUNDS = 10;

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (n=${samples.length})`;
}

const starts: number[] = [];
const stops: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  const world = await startDemoWorld();
  starts.push(performance.now() - t);
  const s = performance.now();
  await world.stop();
  stops.push(performance.now() - s);
}
console.log(`demo world start: ${stats(starts)}  (target ≤ 1000 ms)`);
console.log(`demo world stop:  ${stats(stops)}`);

const loaded = await loadProject({ cwd: new URL('..', import.meta.url).pathname });
if (!loaded.ok) throw new Error('the shipped project is invalid; run cutover validate');
const world = await startDemoWorld();
const config = resolveDemo(loaded.project.config.config, { urls: world.urls, crmToken: world.crmToken });
const browser = await launchChromium();
const runner = createCaseRunner({ config, browser: async () => browser });
const scenario = loaded.project.scenarios.find((s) => s.value.id === 'AC-05')!.value;
const durations: number[] = [];
const rss: number[] = [];
for (const target of ['legacy', 'renewal']) {
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await runner.run({ target, scenario });
    durations.push(performance.now() - t);
    rss.push(process.memoryUsage().rss / 1024 / 1024);
  }
}
await runner.close();
console.log(`one case run (AC-05, both builds, settle ${config.defaults.settle} ms): ${stats(durations)}`);
console.log(
  `process RSS after case runs: ${Math.max(...rss).toFixed(0)} MB (cutover + demo world, browser excluded)`,
);
await browser.close();
await world.stop();
