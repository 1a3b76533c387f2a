#!/usr/bin/env node
// The cutover command. In a checkout it runs the TypeScript sources, compiled on load by tsx, so
// a fresh clone needs no build step; the installed package runs its compiled dist/. Either way
// tsx is registered, because user config files (cutover.config.ts) load through it.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const source = new URL('../src/cli/main.ts', import.meta.url);
const { main } = await import(existsSync(source) ? source.href : '../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
