/**
 * `npm run build`: the installable package's dist/ — compiled JavaScript with declarations, laid
 * out like the checkout (dist/src, dist/scenarios, dist/monitors, dist/cutover.config.js), so
 * cutover finds its own files the same way in both. The checkout itself runs from the TypeScript
 * sources and needs no build.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

await rm(dist, { recursive: true, force: true });
// typescript exports no bin path; its package.json names the command.
const typescriptPackage = createRequire(import.meta.url).resolve('typescript/package.json');
const tsc = join(dirname(typescriptPackage), 'bin', 'tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  process.stderr.write('build: tsc failed; dist/ is incomplete\n');
  process.exit(1);
}
// The demo pack and the demo monitor: `cutover demo` runs them wherever cutover is installed.
await mkdir(join(dist, 'scenarios'), { recursive: true });
for (const file of await readdir(join(root, 'scenarios'))) {
  if (file.endsWith('.yaml')) await cp(join(root, 'scenarios', file), join(dist, 'scenarios', file));
}
await mkdir(join(dist, 'monitors'), { recursive: true });
await cp(join(root, 'monitors', 'demo-renewal.yaml'), join(dist, 'monitors', 'demo-renewal.yaml'));
process.stdout.write(`build: wrote ${dist}\n`);
