import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../../src/report/index.ts';
import { RUNS, reportOf } from '../../report/helpers.ts';
import { CUTOVER_BIN } from '../../support/cli.ts';

/**
 * `cutover show-report` as a user runs it: a process serving until a signal stops it — from a
 * terminal (SIGINT), a CI cancel or `docker stop` (SIGTERM), and through `npx`, where npm runs
 * cutover under `sh -c` and a SIGTERM sent to npx ends that shell only.
 */

let dir: string;
const children: ChildProcess[] = [];
/** Processes a test found under a shell: killed after it by PID, should the test fail. */
const grandchildren: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-show-report-signals-'));
  await writeReport(join(dir, 'acceptance'), reportOf(RUNS.legacy));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of grandchildren.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(command: string, args: string[]) {
  const child = spawn(command, args, { env: { ...process.env, NO_COLOR: '1', DISPLAY: '' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // 'exit', not 'close': an orphaned grandchild would hold the pipes open.
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = async () => {
    await expect.poll(() => stdout, { timeout: 45_000 }).toContain('Press Ctrl-C to stop.');
    return /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
  };
  return { child, exited, url, stdout: () => stdout, stderr: () => stderr };
}

const args = () => [CUTOVER_BIN, 'show-report', join(dir, 'acceptance'), '--no-open'];

describe('cutover show-report stops on a signal, with exit 0, and leaves nothing listening', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s', async (signal) => {
    const run = start(process.execPath, args());
    const url = await run.url();
    const report = await fetch(`${url}report.json`);
    expect(await report.text()).toBe(await readFile(join(dir, 'acceptance', 'report.json'), 'utf8'));
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
    await expect.poll(run.stdout).toContain('Report server stopped.');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('through npx: a SIGTERM that ends only the shell npm started it in stops it too', async () => {
    // npm runs a package's bin as `sh -c 'cutover' …`; `; exit` keeps the shell from exec'ing node.
    const run = start('sh', ['-c', '"$0" "$@"; exit $?', process.execPath, ...args()]);
    const url = await run.url();
    const shell = run.child.pid!;
    const node = Number((await readFile(`/proc/${shell}/task/${shell}/children`, 'utf8')).trim());
    expect(node).toBeGreaterThan(0);
    grandchildren.push(node);
    run.child.kill('SIGTERM');
    await run.exited;
    await expect
      .poll(
        () => {
          try {
            process.kill(node, 0);
            return 'running';
          } catch {
            return 'gone';
          }
        },
        { timeout: 10_000 },
      )
      .toBe('gone');
    await expect(fetch(url)).rejects.toThrow();
  });
});
