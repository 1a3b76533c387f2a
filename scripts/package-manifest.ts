/**
 * The package.json the tarball ships differs from the checkout's in one thing: its exports point
 * at the compiled dist/ (JavaScript + declarations) instead of the TypeScript sources the checkout
 * runs without a build. `prepack` builds dist/ and swaps the exports in; `postpack` puts the
 * checkout's package.json back, byte for byte (the same pattern as pinst).
 *
 *   tsx scripts/package-manifest.ts pack | restore
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const manifest = fileURLToPath(new URL('../package.json', import.meta.url));
const kept = `${manifest}.checkout`;

/** `./src/x.ts` → the compiled module and its declarations in dist/. */
function compiled(source: string): { types: string; default: string } {
  const base = source.replace(/^\.\//, './dist/').replace(/\.ts$/, '');
  return { types: `${base}.d.ts`, default: `${base}.js` };
}

async function pack(): Promise<void> {
  if (
    await readFile(kept).then(
      () => true,
      () => false,
    )
  ) {
    // A pack that died before postpack left the swapped manifest in place; swapping again would
    // lose the checkout's own.
    process.stderr.write(
      `package-manifest: ${kept} is left from a pack that did not finish; it holds the checkout's package.json — move it back (mv package.json.checkout package.json) and pack again\n`,
    );
    process.exit(2);
  }
  const text = await readFile(manifest, 'utf8');
  const pkg = JSON.parse(text) as { exports: Record<string, string> };
  const exports = Object.fromEntries(
    Object.entries(pkg.exports).map(([entry, target]) => [
      entry,
      target.endsWith('.ts') ? compiled(target) : target,
    ]),
  );
  await writeFile(kept, text);
  await writeFile(manifest, `${JSON.stringify({ ...pkg, exports }, null, 2)}\n`);
}

async function restore(): Promise<void> {
  await rename(kept, manifest);
}

const step = process.argv[2];
if (step === 'pack') await pack();
else if (step === 'restore') await restore();
else {
  process.stderr.write('usage: tsx scripts/package-manifest.ts pack|restore\n');
  process.exit(2);
}
