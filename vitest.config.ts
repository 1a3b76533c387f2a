import { defineConfig } from 'vitest/config';

/**
 * Two projects. `integration`: the tests listed here by name — they need Chromium, Dovecot,
 * Prometheus/promtool or run cutover's commands end to end. `unit`: every other test (pure
 * functions, schemas and loaders, probes' contracts against msw, the demo world's HTTP fakes);
 * test/unit-guard.ts fails a unit test that launches Chromium. `npm run test:unit` runs unit only;
 * `npm test` runs both.
 */
const integration = [
  'test/e2e/**/*.test.ts',
  'test/init/init-from-url.test.ts',
  'test/init/init-then-uat.test.ts',
  'test/cleanup/cleanup-command.test.ts',
  'test/cleanup/sweep-demo-world.test.ts',
  'test/cli/bad-input.test.ts',
  'test/cli/commonjs-project.test.ts',
  'test/cli/demo-monitor.test.ts',
  'test/cli/demo-serve.test.ts',
  'test/cli/fresh-report.test.ts',
  'test/cli/grep-selection.test.ts',
  'test/cli/uat-cancel.test.ts',
  'test/cli/uat-webhook-workers.test.ts',
  'test/cli/validate-cli.test.ts',
  'test/demo/defects.test.ts',
  'test/demo/site-browser.test.ts',
  'test/monitor/metrics-server.test.ts',
  'test/monitor/monitor-health.test.ts',
  'test/monitor/monitor-resilience.test.ts',
  'test/monitor/monitor-sigterm.test.ts',
  'test/monitor/monitor-usage.test.ts',
  'test/monitor/prometheus-alerting.test.ts',
  'test/monitor/pushgateway.test.ts',
  'test/monitor/real-inquiry-alerting.test.ts',
  'test/monitor/rules.test.ts',
  'test/package/tarball.test.ts',
  'test/probes/datalayer.test.ts',
  'test/probes/ga4.test.ts',
  'test/probes/imap.test.ts',
  'test/probes/imap-shared-session.test.ts',
  'test/probes/imap-sweep.test.ts',
  'test/report/html.test.ts',
  'test/scenario/analytics-unreachable-host.test.ts',
  'test/scenario/cleanup-in-the-demo-world.test.ts',
  'test/scenario/cleanup-systems-down.test.ts',
  'test/scenario/crm-duplicates-and-updates.test.ts',
  'test/scenario/crm-marker-field.test.ts',
  'test/scenario/delay-intervals.test.ts',
  'test/scenario/faults.test.ts',
  'test/scenario/late-not-missing.test.ts',
  'test/scenario/pack-on-both-builds.test.ts',
  'test/scenario/pack-on-clean-renewal.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: integration,
          setupFiles: ['test/unit-guard.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: integration,
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
