import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

/** Runs a script in a child that arms the watchdog and then blocks (or does not). */
function child(
  script: string,
): Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const run = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    run.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    run.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    run.on('exit', (code, signal) => resolve({ code, signal, stderr, stdout }));
  });
}

const IMPORT = `import { startWatchdog } from './src/uat/watchdog.ts';`;

describe('the hard case deadline outside the event loop', () => {
  it('kills a worker whose event loop is blocked past the deadline, saying which case', async () => {
    const result = await child(
      `${IMPORT} const w = startWatchdog(); w.arm(300, 'AC-07 on legacy'); const t = Date.now(); while (Date.now() - t < 20000) {} console.log('survived');`,
    );
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout).not.toContain('survived');
    expect(result.stderr).toContain('cutover: AC-07 on legacy is past its hard deadline (300 ms)');
  }, 30_000);

  it('leaves a case that ends in time alone, and never keeps the process alive', async () => {
    const result = await child(
      `${IMPORT} const w = startWatchdog(); w.arm(300, 'AC-01'); await new Promise((r) => setTimeout(r, 50)); w.disarm(); await new Promise((r) => setTimeout(r, 600)); console.log('done');`,
    );
    expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain('done');
  }, 30_000);
});
