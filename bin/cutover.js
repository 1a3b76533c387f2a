#!/usr/bin/env node
// The cutover command. Sources are TypeScript; tsx compiles them on load so a fresh clone
// runs without a build step, and user config files (cutover.config.ts) load the same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
