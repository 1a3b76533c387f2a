import { fileURLToPath } from 'node:url';

/** The checkout's root, wherever a test file lives. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
