import { randomBytes } from 'node:crypto';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../../src/demo/index.ts';
import { configAgainst, contacts, mailbox } from '../../support/demo-rig.ts';
import {
  disposeAllMonitors,
  formatProcesses,
  isChromium,
  type MonitorProcess,
  type MonitorRecord,
  type ProcessInfo,
  REPO_ROOT,
  startMonitor,
  stillAlive,
} from '../../support/monitor-process.ts';
import { waitFor } from '../../support/prometheus-tools.ts';

/**
 * `cutover monitor` stopped by SIGTERM, as Kubernetes stops a pod: mid-case and between cycles.
 * The demo world runs in this process (not the monitor's own), so what the monitor left in the
 * mail catcher and the CRM can be read after it has exited.
 */

const CRM_TOKEN_ENV = 'CUTOVER_TEST_CRM_TOKEN';
const MAIL_DELAY_MS = 4_000;

let world: DemoWorld;
let projectDir: string;
let configFile: string;
let monitorFile: string;

beforeAll(async () => {
  world = await startDemoWorld({ defects: false });
  projectDir = join(REPO_ROOT, '.cutover', `test-${randomBytes(4).toString('hex')}`);
  await mkdir(projectDir, { recursive: true });
  configFile = join(projectDir, 'cutover.config.ts');
  monitorFile = join(projectDir, 'renewal.yaml');
  await writeFile(configFile, await configAgainst(world, CRM_TOKEN_ENV));
  await writeFile(
    monitorFile,
    [
      'target: renewal',
      'scenarios: [AC-01]',
      'interval: 60s',
      'sla:',
      '  notification: 20s',
      '  crm: 20s',
      'listen: 127.0.0.1:0',
      'production: false',
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  await disposeAllMonitors();
  world?.faults.clear();
});

afterAll(async () => {
  await disposeAllMonitors();
  await world?.stop();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

function startWatching(
  grace = '1s',
  viaShell = false,
  more: { args?: string[]; viaNpxInShell?: boolean } = {},
): MonitorProcess {
  return startMonitor(
    [
      '-c',
      configFile,
      '--scenarios',
      join(REPO_ROOT, 'scenarios'),
      '--monitors',
      projectDir,
      monitorFile,
      '--listen',
      '127.0.0.1:0',
      '--json',
      '--grace',
      grace,
      ...(more.args ?? []),
    ],
    {
      env: { [CRM_TOKEN_ENV]: world.crmToken },
      viaShell,
      ...(more.viaNpxInShell ? { viaNpxInShell: true, cwd: projectDir } : {}),
    },
  );
}

/** Mail in the catcher whose subject, recipients or text carry the marker. */
async function mailCarrying(marker: string): Promise<Array<{ id: string; subject: string }>> {
  const found: Array<{ id: string; subject: string }> = [];
  for (const item of await mailbox(world)) {
    const response = await fetch(`${world.urls.mailpit}/api/v1/message/${item.ID}`);
    if (response.status === 404) continue;
    const message = (await response.json()) as { Subject?: string; Text?: string; HTML?: string };
    const text = [message.Subject, message.Text, message.HTML, ...item.To].join('\n');
    if (text.includes(marker)) found.push({ id: item.ID, subject: item.Subject });
  }
  return found;
}

async function contactsCarrying(marker: string): Promise<Array<{ id: string; email: string | null }>> {
  return (await contacts(world))
    .filter((c) => Object.values(c.properties).some((v) => v?.includes(marker)))
    .map((c) => ({ id: c.id, email: c.properties.email ?? null }));
}

/**
 * What of this case is still in the mail catcher or the CRM but not reported as left behind in
 * its record. An item counts as reported when a `left` entry of its system names its id, or, for
 * items the monitor never saw (so it cannot know their ids), when enough id-less entries of that
 * system say so.
 */
async function unreportedLeftovers(record: MonitorRecord & { marker: string }) {
  const left = record.cleanup?.left ?? [];
  const remaining = [
    ...(await mailCarrying(record.marker)).map((m) => ({ system: 'notification', ...m })),
    ...(await contactsCarrying(record.marker)).map((c) => ({ system: 'crm', ...c })),
  ];
  const silent: typeof remaining = [];
  for (const system of ['notification', 'crm']) {
    const items = remaining.filter((i) => i.system === system);
    const entries = left.filter((l) => l.system === system);
    const named = items.filter((i) => entries.some((l) => l.id === i.id));
    const unnamedEntries = entries.filter((l) => !items.some((i) => i.id === l.id)).length;
    const unnamedItems = items.filter((i) => !named.includes(i));
    if (unnamedItems.length > unnamedEntries) silent.push(...unnamedItems);
  }
  return silent;
}

/** None of these processes may be alive (a zombie counts as gone); allows a few seconds to exit. */
async function expectAllGone(processes: ProcessInfo[]): Promise<void> {
  await waitFor(
    () => {
      const alive = stillAlive(processes);
      if (alive.length > 0) throw new Error(`still alive: ${formatProcesses(alive)}`);
      return true;
    },
    { timeoutMs: 5_000, intervalMs: 200, what: 'every recorded descendant of the monitor to be gone' },
  );
}

interface MidCaseRun {
  monitor: MonitorProcess;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** The monitor's descendants just before the signal. */
  processes: ProcessInfo[];
  /** The world's submission index of this case. */
  index: number;
}

describe('cutover monitor, SIGTERM mid-case (the notification still on its way)', () => {
  let run: MidCaseRun | undefined;
  const ran = (): MidCaseRun => {
    if (!run) throw new Error('the monitor run in beforeAll did not complete');
    return run;
  };

  beforeAll(async () => {
    // A slow mail queue: the case is still waiting for the notification when the signal comes.
    world.faults.set({ mailDelayMs: MAIL_DELAY_MS });
    const index = world.submissions().length;
    const monitor = startWatching();
    try {
      await monitor.waitForRecord((r) => r.event === 'listening', 60_000);
      await waitFor(() => world.submissions().length > index, {
        timeoutMs: 90_000,
        intervalMs: 100,
        what: `the monitor's submission to reach the renewal build\n${monitor.summary()}`,
      });
      const processes = monitor.descendants();
      expect(
        processes.filter(isChromium).length,
        `a Chromium among the monitor's descendants: ${formatProcesses(processes)}`,
      ).toBeGreaterThan(0);
      expect(world.submissions()[index]!.mail, 'the mail is still held back when the signal is sent').toBe(
        'pending',
      );
      monitor.kill('SIGTERM');
      const exit = await monitor.exited;
      // Let the site's delayed mail and CRM work finish before anything is looked at.
      await world.idle();
      run = { monitor, exit, processes, index };
    } finally {
      world.faults.clear();
    }
  }, 180_000);

  afterAll(async () => {
    await run?.monitor.dispose();
  });

  const caseRecord = (): MonitorRecord & { marker: string } => {
    const { monitor } = ran();
    const cases = monitor.records.filter((r): r is MonitorRecord & { marker: string } => r.event === 'case');
    expect(cases, monitor.summary()).toHaveLength(1);
    return cases[0]!;
  };

  it('exits 0 after logging stopping and stopped', () => {
    const { monitor, exit } = ran();
    const report = monitor.summary();
    expect(exit, report).toEqual({ code: 0, signal: null });
    expect(monitor.strayLines, report).toEqual([]);
    const events = monitor.records.map((r) => r.event);
    expect(events, report).toContain('stopping');
    expect(events, report).toContain('stopped');
    // The case was running when the signal came: its record follows 'stopping', precedes 'stopped'.
    expect(events.indexOf('stopping'), report).toBeLessThan(events.indexOf('case'));
    expect(events.indexOf('case'), report).toBeLessThan(events.indexOf('stopped'));
  });

  it('writes the record of the cancelled case, with no verdict on the notification it never saw', () => {
    const { monitor, index } = ran();
    const record = caseRecord();
    const report = monitor.summary();
    expect(record.scenario).toBe('AC-01');
    expect(record.target).toBe('renewal');
    expect(record.marker, report).toMatch(/^ct-/);
    // The world received this case's submission: its synthetic address carries the marker.
    expect(world.submissions()[index]!.email).toContain(record.marker);
    const notification = record.checks?.find((c) => c.check === 'notification');
    expect(['error', 'skipped'], report).toContain(notification?.verdict);
    expect(world.submissions()[index]!.mail, 'the delayed mail was sent after all').toBe('sent');
  });

  it('leaves nothing synthetic behind without reporting it (the late mail included)', async () => {
    const record = caseRecord();
    // Either the cleanup waited for (and deleted) the late mail, or the record says it was left.
    expect(
      await unreportedLeftovers(record),
      `items carrying ${record.marker} in the mail catcher / CRM after the monitor exited, not reported in the case record ${JSON.stringify(record)}`,
    ).toEqual([]);
  });

  it('leaves no descendant process alive (Chromium included)', async () => {
    await expectAllGone(ran().processes);
  });
});

describe('cutover monitor, SIGTERM mid-case with a grace long enough for the case', () => {
  it('lets the running case finish with its real verdicts and clean up, then exits 0', async () => {
    // The mail takes 4 s; the grace is 30 s: the case should end on its own, all checks passed.
    world.faults.set({ mailDelayMs: MAIL_DELAY_MS });
    const index = world.submissions().length;
    const monitor = startWatching('30s');
    await waitFor(() => world.submissions().length > index, {
      timeoutMs: 90_000,
      intervalMs: 100,
      what: `the monitor's submission to reach the renewal build\n${monitor.summary()}`,
    });
    const processes = monitor.descendants();
    monitor.kill('SIGTERM');
    const exit = await monitor.exited;
    await world.idle();
    const report = monitor.summary();
    expect(exit, report).toEqual({ code: 0, signal: null });
    const events = monitor.records.map((r) => r.event);
    expect(events.indexOf('stopping'), report).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('stopping'), report).toBeLessThan(events.indexOf('case'));
    const record = await monitor.waitForRecord((r) => r.event === 'case', 1_000);
    expect(
      Object.fromEntries((record.checks ?? []).map((c) => [c.check, c.verdict])),
      `the case was given the grace to finish, so it judges the site, not the shutdown\n${report}`,
    ).toEqual({ submit: 'passed', notification: 'passed', crm: 'passed', analytics: 'passed' });
    // The sales mail, the 自動返信 to the visitor and the CRM record.
    expect(record.cleanup, report).toEqual({ deleted: 3, left: [] });
    expect(await unreportedLeftovers(record as MonitorRecord & { marker: string }), report).toEqual([]);
    await expectAllGone(processes);
  }, 180_000);
});

describe('cutover monitor, stopped between cycles', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: exits 0 promptly with no Chromium left`, async () => {
      const monitor = startWatching();
      const record = await monitor.waitForRecord((r) => r.event === 'case', 120_000);
      const report = () => monitor.summary();
      expect(record.verdict, report()).toBe('passed');
      expect(record.cleanup?.left, report()).toEqual([]);
      // Idle until the next cycle (interval 60 s); the shared browser stays up meanwhile.
      const processes = monitor.descendants();
      expect(
        processes.filter(isChromium).length,
        `a Chromium among the monitor's descendants: ${formatProcesses(processes)}`,
      ).toBeGreaterThan(0);

      const signalled = Date.now();
      monitor.kill(signal);
      const exit = await monitor.exited;
      const tookMs = Date.now() - signalled;
      expect(exit, report()).toEqual({ code: 0, signal: null });
      expect(tookMs, `exit after ${signal} took ${tookMs} ms\n${report()}`).toBeLessThan(10_000);
      const events = monitor.records.map((r) => r.event);
      expect(events, report()).toContain('stopping');
      expect(events, report()).toContain('stopped');
      expect(
        monitor.records.filter((r) => r.event === 'case'),
        report(),
      ).toHaveLength(1);
      await expectAllGone(processes);
    }, 180_000);
  }
});

describe('cutover monitor through npx', () => {
  it('a SIGTERM that ends only the shell npm started it in stops the monitor too: it shuts down, nothing left running', async () => {
    const monitor = startWatching('1s', true);
    await monitor.waitForRecord((r) => r.event === 'listening', 60_000);
    const processes = monitor.descendants();
    // What `kill <pid of npx>` does: the shell dies, the monitor under it is re-parented.
    monitor.kill('SIGTERM');
    const exit = await monitor.exited;
    const report = monitor.summary();
    expect(exit.signal, report).toBe('SIGTERM'); // the shell's own end
    expect(monitor.stderr(), report).toContain(
      'the process that started it (npx, a shell) is gone — stopping',
    );
    const events = monitor.records.map((r) => r.event);
    expect(events, report).toContain('stopped');
    await expectAllGone(processes);
  }, 180_000);
});

describe('cutover monitor through npx under a wrapper shell', () => {
  it('a SIGTERM to the wrapper shell only (as a supervisor signals its child) stops it: nothing of cutover left, nothing submitted afterwards', async () => {
    // The test's project, with cutover in node_modules/.bin as `npm i -D cutover` leaves it.
    await writeFile(join(projectDir, 'package.json'), '{ "name": "our-site", "private": true }\n');
    await mkdir(join(projectDir, 'node_modules', '.bin'), { recursive: true });
    await symlink(REPO_ROOT, join(projectDir, 'node_modules', 'cutover'), 'dir');
    await symlink('../cutover/bin/cutover.js', join(projectDir, 'node_modules', '.bin', 'cutover'));
    // Every 5 s: were it left running, it would submit again within seconds.
    const monitor = startWatching('1s', false, { args: ['--interval', '5s'], viaNpxInShell: true });
    const first = await monitor.waitForRecord((r) => r.event === 'case', 120_000);
    const report = () => monitor.summary();
    expect(first.verdict, report()).toBe('passed');
    const processes = monitor.descendants();
    expect(processes.map((p) => p.cmdline).join('\n'), report()).toMatch(/^npm exec cutover/m);
    expect(processes.filter(isChromium).length, formatProcesses(processes)).toBeGreaterThan(0);

    monitor.kill('SIGTERM'); // the wrapper shell, and only it
    await monitor.exited;
    await waitFor(
      () => {
        const alive = stillAlive(processes);
        if (alive.length > 0) throw new Error(`still alive: ${formatProcesses(alive)}`);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'npx, cutover and Chromium to be gone' },
    );
    expect(monitor.stderr(), report()).toContain(
      'the process that started it (npx, a shell) is gone — stopping',
    );
    const submitted = world.submissions().length;
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(world.submissions().length, 'a form was submitted after the monitor was stopped').toBe(submitted);
  }, 240_000);
});
