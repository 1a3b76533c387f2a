/** `npm run reference`: writes docs/probe-options.md from the zod schemas (src/config/reference.ts). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { probeOptionsReference } from '../src/config/reference.ts';

const file = fileURLToPath(new URL('../docs/probe-options.md', import.meta.url));
await writeFile(file, probeOptionsReference());
process.stdout.write(`wrote ${file}\n`);
