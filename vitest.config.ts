import { defineConfig } from 'vitest/config';

/**
 * Two projects, by folder. `integration`: test/integration/ — tests that need Chromium, Dovecot,
 * Prometheus/promtool or run cutover's commands end to end. `unit`: every other test (pure
 * functions, schemas and loaders, probes' contracts against msw, the demo world's HTTP fakes, lint
 * rules); test/unit-guard.ts fails a unit test that launches Chromium, with where it belongs.
 * `npm run test:unit` runs unit only; `npm test` runs both.
 */
const INTEGRATION = 'test/integration/**/*.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [INTEGRATION],
          setupFiles: ['test/unit-guard.ts'],
          testTimeout: 10_000,
          // The unit tests first, on their own (half a minute), then the integration tests.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: [INTEGRATION],
          // Most of an integration test is waiting — on absence windows, alert evaluation, a monitor's
          // cycles — so several files share the machine well; vitest's default on 2 cores is one.
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
          // Browser, SMTP, IMAP and Playwright runs: generous per-test limits; speed targets live
          // in benchmarks (npm run bench), never in timed tests.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Reports what is missing (Chromium, the CJK font, Dovecot) with the install hint; installs nothing.
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
