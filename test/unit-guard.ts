import { vi } from 'vitest';

/**
 * Setup of the `unit` project (vitest.config.ts): a unit test may not start a browser. Launching
 * Chromium through Playwright fails at once with where the test belongs instead.
 */
const refuse = () => {
  throw new Error(
    'a unit test launched Chromium: move the test file into test/integration/ (npm run test:unit runs without a browser)',
  );
};

vi.mock('playwright', async (original) => {
  const real = await original<typeof import('playwright')>();
  return {
    ...real,
    chromium: { ...real.chromium, launch: refuse, launchPersistentContext: refuse, launchServer: refuse },
  };
});
