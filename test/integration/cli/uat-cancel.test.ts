import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoFaults, type DemoWorld, startDemoWorld } from '../../../src/demo/index.ts';
import { contacts, mailbox } from '../../support/demo-rig.ts';
import {
  descendantsOf,
  formatProcesses,
  isChromium,
  type ProcessInfo,
  REPO_ROOT,
  stillAlive,
} from '../../support/monitor-process.ts';
import { waitFor } from '../../support/prometheus-tools.ts';

/**
 * A cancelled `cutover uat` (Ctrl-C, a CI cancel, docker stop) stops everything it started —
 * Playwright's runner, its worker, Chromium — cleans up what was already submitted, and exits
 * 130/143. The signal is sent at each phase of a case; processes are counted by PID; the demo
 * world (owned by this test, so it can be read afterwards) must hold nothing synthetic.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Run {
  world: DemoWorld;
  pid: number;
  seen: Map<number, ProcessInfo>;
  exited: Promise<number | null>;
  output: () => string;
}

/** `viaShell`: as npm runs a package's bin under npx — `sh -c`, not exec'ing node. */
async function startUat(faults: Partial<DemoFaults>, viaShell = false): Promise<Run> {
  const world = await startDemoWorld({ faults });
  const reportDir = await mkdtemp(join(tmpdir(), 'cutover-uat-cancel-'));
  const command = viaShell ? 'sh' : process.execPath;
  const shell = viaShell ? ['-c', '"$0" "$@"; exit $?', process.execPath] : [];
  const child = spawn(
    command,
    [
      ...shell,
      'bin/cutover.js',
      'uat',
      '--target',
      'legacy',
      '--grep',
      'AC-01',
      '--workers',
      '1',
      '--report-dir',
      reportDir,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NO_COLOR: '1',
        CUTOVER_DEMO: JSON.stringify({ urls: world.urls, crmToken: world.crmToken }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const seen = new Map<number, ProcessInfo>();
  const sampler = setInterval(() => {
    for (const p of descendantsOf(child.pid!)) seen.set(p.pid, p);
  }, 100);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => clearInterval(sampler));
  cleanups.push(async () => {
    clearInterval(sampler);
    child.kill('SIGKILL');
    for (const p of stillAlive([...seen.values()])) process.kill(p.pid, 'SIGKILL');
    await world.stop();
    await rm(reportDir, { recursive: true, force: true });
  });
  return { world, pid: child.pid!, seen, exited, output: () => output };
}

/** After the run: every process it started is gone, and the world holds nothing it submitted. */
async function expectNothingLeft(run: Run): Promise<void> {
  await waitFor(() => stillAlive([...run.seen.values()]).length === 0, {
    what: `every process of the run to be gone: ${formatProcesses(stillAlive([...run.seen.values()]))}`,
    timeoutMs: 10_000,
  });
  // Mail the site was still holding back arrives now: it must have been waited for and deleted.
  await run.world.idle();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await mailbox(run.world)).toEqual([]);
  expect(await contacts(run.world)).toEqual([]);
}

const browserUp = (run: Run) => [...run.seen.values()].some(isChromium);

describe('cutover uat cancelled at each phase of a case', () => {
  it('before the submit (the form page is slow): exits 143, nothing is submitted, no process left', async () => {
    const run = await startUat({ formDelayMs: 4000 });
    await waitFor(() => browserUp(run), { what: 'Chromium to start', timeoutMs: 90_000, intervalMs: 100 });
    expect(run.world.submissions()).toEqual([]);
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toBe(143);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(run.world.submissions()).toEqual([]);
    await expectNothingLeft(run);
  }, 180_000);

  it('right after the submit: exits 130 on SIGINT, what was submitted is cleaned up, no process left', async () => {
    const run = await startUat({});
    await waitFor(() => run.world.submissions().length > 0, {
      what: 'the form to be submitted',
      timeoutMs: 90_000,
      intervalMs: 20,
    });
    process.kill(run.pid, 'SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.seen.size).toBeGreaterThan(0);
    await expectNothingLeft(run);
  }, 180_000);

  it('during the checks (the mail is still on its way): exits 143, the late mail is waited for and deleted', async () => {
    const run = await startUat({ mailDelayMs: 5000 });
    await waitFor(() => run.world.submissions().length > 0, {
      what: 'the form to be submitted',
      timeoutMs: 90_000,
      intervalMs: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailbox(run.world)).toEqual([]);
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.output()).toContain('SIGTERM received');
    await expectNothingLeft(run);
  }, 180_000);

  it('through npx: a SIGTERM that ends only the shell npm started it in stops the run as a SIGTERM would, and cleans up', async () => {
    const run = await startUat({ mailDelayMs: 5000 }, true);
    await waitFor(() => run.world.submissions().length > 0, {
      what: 'the form to be submitted',
      timeoutMs: 90_000,
      intervalMs: 50,
    });
    // What `kill <pid of npx>` does: the shell dies; cutover under it is re-parented, not signalled.
    process.kill(run.pid, 'SIGTERM');
    await run.exited;
    await waitFor(() => stillAlive([...run.seen.values()]).length === 0, {
      what: 'cutover, Playwright and Chromium to stop after the shell went',
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    expect(run.output()).toContain('the process that started it (npx, a shell) is gone');
    // Stopped, not run to its end: the cancel path of a SIGTERM (no new case, cleanup waited for).
    expect(run.output()).toContain('SIGTERM received — stopping');
    await expectNothingLeft(run);
  }, 240_000);
});
