import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHub } from '../../../src/probes/index.ts';
import { readReport } from '../../../src/report/index.ts';
import { CUTOVER_BIN, runCutover } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * A site that posts its notification to one fixed webhook URL (the demo world posting Slack
 * mrkdwn), checked by `cutover uat` with several Playwright workers: the run's one listener is
 * owned by the global setup and read by every worker, so each case finds its own post by marker.
 * A port another process holds is the notification check's `error` with the reason; the form
 * was still submitted and every other check still ran.
 */
const root = REPO_ROOT;
const bin = CUTOVER_BIN;
const SCENARIOS = [
  'ac-01-in-scope-with-utm.yaml',
  'ac-02-out-of-scope.yaml',
  'ac-05-full-width-normalised.yaml',
  'ac-06-duplicate-submission.yaml',
];

const cutover = runCutover;

/** A port nobody listens on right now (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether something accepts connections on the port now. */
function isOpen(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once something accepts connections on the port. */
async function listening(port: number): Promise<void> {
  while (!(await isOpen(port))) await new Promise((resolve) => setTimeout(resolve, 100));
}

let project: string;
/** A project whose targets' notification is a webhook on this fixed address. */
async function projectWithWebhookOn(port: number): Promise<void> {
  const shipped = await readFile(join(root, 'cutover.config.ts'), 'utf8');
  // The main channel (the sales notification) becomes the webhook; the 自動返信 channel stays.
  const mailpit = "{ use: 'mailpit', name: 'sales', url: 'demo://mailpit', to: 'sales@demo.cutover.test' },";
  expect(shipped).toContain(mailpit);
  await writeFile(
    join(project, 'cutover.config.ts'),
    shipped.replace(mailpit, `{ use: 'webhook', listen: '127.0.0.1:${port}', path: '/hooks/slack' },`),
  );
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'cutover-webhook-workers-'));
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'our-site', private: true, type: 'module' }, null, 2),
  );
  await mkdir(join(project, 'node_modules'));
  await symlink(root, join(project, 'node_modules', 'cutover'), 'dir');
  await mkdir(join(project, 'scenarios'));
  for (const file of SCENARIOS) await cp(join(root, 'scenarios', file), join(project, 'scenarios', file));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('cutover uat with a fixed-port webhook notification', () => {
  it('passes with 3 workers: every case finds its own Slack post on the one shared listener', async () => {
    const port = await freePort();
    await projectWithWebhookOn(port);
    const result = await cutover(
      ['uat', '--target', 'legacy', '--workers', '3', '--report-dir', 'reports/workers'],
      project,
    );
    expect(result.stderr).not.toContain('EADDRINUSE');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report = await readReport(join(project, 'reports', 'workers', 'report.json'));
    expect(report.cases.map((c) => `${c.scenario.id} ${c.verdict}`).sort()).toEqual([
      'AC-01 passed',
      'AC-02 passed',
      'AC-05 passed',
      'AC-06 passed',
    ]);
    // The workers really ran cases at the same time.
    const spans = report.cases.map((c) => [Date.parse(c.startedAt), Date.parse(c.endedAt)] as const);
    const overlapping = spans.some(([start, end], i) =>
      spans.some(([s2, e2], j) => i !== j && s2 < end && start < e2),
    );
    expect(overlapping).toBe(true);
    const notifications = report.cases.map((c) => c.checks.find((check) => check.check === 'notification')!);
    expect(notifications.every((check) => check.probe === 'webhook')).toBe(true);
    // AC-01 read its fields from the mrkdwn lines (`*会社名*: …`) by their visible label.
    const ac01 = report.cases.find((c) => c.scenario.id === 'AC-01')!;
    expect(JSON.stringify(ac01.checks.find((check) => check.check === 'notification')!.evidence)).toContain(
      '*会社名*: 株式会社テスト商事',
    );
  }, 180_000);

  it('two shards on one machine share the listener: both pass, the first keeps listening until the second has ended', async () => {
    const port = await freePort();
    await projectWithWebhookOn(port);
    const shard = (i: number) =>
      cutover(
        [
          'uat',
          '--target',
          'legacy',
          '--shard',
          `${i}/2`,
          '--workers',
          '2',
          '--report-dir',
          `reports/shard${i}`,
        ],
        project,
      );
    // Shard 1 binds the port; shard 2, started once it listens, joins it and ends later: shard 1
    // must keep listening for it after its own cases are done.
    const first = shard(1);
    await listening(port);
    const results = await Promise.all([first, shard(2)]);
    const ids: string[] = [];
    for (const [i, result] of results.entries()) {
      expect(result.code, `shard ${i + 1}\n${result.stdout}\n${result.stderr}`).toBe(0);
      const report = await readReport(join(project, 'reports', `shard${i + 1}`, 'report.json'));
      for (const c of report.cases) {
        expect(c.verdict, `${c.scenario.id}: ${c.checks.map((check) => check.reason).join('; ')}`).toBe(
          'passed',
        );
        ids.push(c.scenario.id);
      }
    }
    expect(ids.sort()).toEqual(['AC-01', 'AC-02', 'AC-05', 'AC-06']);
  }, 180_000);

  it('an interrupted run does not wait for another run still reading its listener: 130, and the port is free', async () => {
    const port = await freePort();
    await projectWithWebhookOn(port);
    const child = spawn(
      process.execPath,
      [bin, 'uat', '--target', 'legacy', '--grep', 'AC-01', '--workers', '1', '--report-dir', 'reports/int'],
      { cwd: project, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const other = createWebhookHub();
    try {
      await listening(port);
      // Another run on this machine reads the listener and holds its lease throughout.
      await other.acquire(`127.0.0.1:${port}`, '/hooks/slack', 'webhook');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const interruptedAt = Date.now();
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      // Well before cutover's own kill deadline (90 s): the lease was not waited for.
      expect(Date.now() - interruptedAt).toBeLessThan(60_000);
      expect(await isOpen(port)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await other.close();
    }
  }, 180_000);

  it('a port another process holds: notification is an error naming the address and EADDRINUSE; submit and CRM still pass', async () => {
    const port = await freePort();
    const sockets = new Set<Socket>();
    const squatter = createServer((socket) => {
      sockets.add(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await projectWithWebhookOn(port);
      const result = await cutover(
        ['uat', '--target', 'legacy', '--grep', 'AC-01', '--workers', '2', '--report-dir', 'reports/taken'],
        project,
      );
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(3);
      const report = await readReport(join(project, 'reports', 'taken', 'report.json'));
      expect(report.cases).toHaveLength(1);
      const checks = Object.fromEntries(
        report.cases[0]!.checks.filter((c) => c.channel === undefined).map((c) => [c.check, c]),
      );
      expect(checks.submit!.verdict).toBe('passed');
      expect(checks.crm!.verdict).toBe('passed');
      expect(checks.analytics!.verdict).toBe('passed');
      expect(checks.notification!.verdict).toBe('error');
      expect(checks.notification!.reason).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(checks.notification!.reason).toContain('EADDRINUSE');
      expect(checks.notification!.reason).toContain('another process holds this port');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 180_000);
});
