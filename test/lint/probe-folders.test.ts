import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBES } from '../../src/probes/index.ts';

/**
 * A probe is one folder: src/probes/<use>/ holds everything of one provider, and no provider
 * reaches into another's folder (what two share lives in src/probes/shared/ or src/probes/*.ts).
 * So removing or adding a provider touches its folder and the registry's list, nothing else.
 */

const PROBES_DIR = fileURLToPath(new URL('../../src/probes/', import.meta.url));
const NOT_PROVIDERS = new Set(['shared']);

async function providerFolders(): Promise<string[]> {
  const entries = await readdir(PROBES_DIR, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !NOT_PROVIDERS.has(e.name)).map((e) => e.name);
}

describe('a probe is one folder', () => {
  it('every provider folder is a registered probe, and every registered probe has its folder', async () => {
    const registered = Object.values(PROBES).flatMap((list) => list.map((definition) => definition.use));
    expect((await providerFolders()).sort()).toEqual([...registered].sort());
  });

  it('no provider imports from another provider’s folder', async () => {
    const folders = await providerFolders();
    const crossings: string[] = [];
    for (const folder of folders) {
      const dir = join(PROBES_DIR, folder);
      for (const file of await readdir(dir)) {
        if (!file.endsWith('.ts')) continue;
        const text = await readFile(join(dir, file), 'utf8');
        for (const [, specifier] of text.matchAll(/from '(\.[^']+)'/g)) {
          const target = relative(PROBES_DIR, resolve(dirname(join(dir, file)), specifier!));
          const owner = target.split('/')[0]!;
          if (target.includes('/') && owner !== folder && folders.includes(owner)) {
            crossings.push(`${folder}/${file} imports ${target}`);
          }
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});
