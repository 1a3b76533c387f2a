import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/monitor-process.ts';
import { waitFor } from '../../support/prometheus-tools.ts';

/**
 * `cutover demo --monitor`: the demo world and a monitor on its renewal build, for a person to
 * switch a fault on and watch the metrics move. It prints the /metrics URL and the fault switch,
 * serves the metrics, and stops cleanly on Ctrl-C.
 */
describe('cutover demo --monitor', () => {
  it('prints the metrics URL and the fault switch, serves metrics that move, and stops on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      ['bin/cutover.js', 'demo', '--monitor', '--listen', '127.0.0.1:0'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const metricsUrl = await waitFor(
        () => /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(output)?.[1],
        {
          what: 'the metrics URL',
          timeoutMs: 60_000,
        },
      );
      expect(output).toMatch(/curl -X POST http:\/\/127\.0\.0\.1:\d+\/faults -d '\{"smtpRefused":true\}'/);
      await waitFor(
        async () =>
          /cutover_checks_total\{[^}]*scenario="AC-01"[^}]*check="notification"[^}]*result="passed"\} [1-9]/.test(
            await (await fetch(metricsUrl)).text(),
          ),
        { what: 'a passed notification check in the metrics', timeoutMs: 90_000, intervalMs: 1000 },
      );
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 180_000);
});
