import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/repo.ts';

const run = promisify(execFile);
const root = REPO_ROOT;
const bin = join(root, 'bin', 'cutover.js');

async function cutover(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let blocker: Server;
let takenPort: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-monitor-usage-'));
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  takenPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function monitorFile(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Nothing starts on a usage error: no case record, no demo world, no listener — and no stack trace. */
function expectNothingStarted(result: { stdout: string; stderr: string }) {
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('cutover monitor refuses bad input before anything runs (exit 2)', () => {
  it('an unknown scenario and target, naming the file and key', async () => {
    const file = await monitorFile(
      'bad.yaml',
      'target: nowhere\nscenarios: [AC-01, AC-99]\ninterval: 5m\nlisten: 127.0.0.1:0\n',
    );
    const result = await cutover(['monitor', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('target: target "nowhere" is not defined in the config');
    expect(result.stderr).toContain('scenarios[1]: no scenario has id "AC-99"');
    expect(result.stderr).toContain('Nothing was submitted.');
    expectNothingStarted(result);
  });

  it('a monitor file that is not valid: a bad interval', async () => {
    const file = await monitorFile('interval.yaml', 'target: renewal\nscenarios: [AC-01]\ninterval: 5 min\n');
    const result = await cutover(['monitor', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/interval\.yaml:3:\d+: interval: expected a duration like "90s" or "5m"/);
    expectNothingStarted(result);
  });

  it('a port that is taken', async () => {
    const result = await cutover([
      'monitor',
      'monitors/demo-renewal.yaml',
      '--listen',
      `127.0.0.1:${takenPort}`,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${takenPort}: the port is already in use`);
    expectNothingStarted(result);
  });

  it('--pushgateway without --once, a listen address that is not host:port, a full-width rate', async () => {
    const result = await cutover([
      'monitor',
      'monitors/demo-renewal.yaml',
      '--pushgateway',
      'http://127.0.0.1:9091',
      '--listen',
      'localhost',
      '--real-traffic',
      '０',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pushgateway: pushing goes with --once');
    expect(result.stderr).toContain('--listen: expected host:port like "127.0.0.1:9464", got "localhost"');
    expect(result.stderr).toContain(
      '--real-traffic: expected real visitors per hour, a number up to 7200 like "1800", got "０"',
    );
    expectNothingStarted(result);
  });

  it('evidence bounds that are not counts or periods, an external URL that is not one, an evidence directory that cannot be', async () => {
    const aFile = join(dir, 'a-file');
    await writeFile(aFile, 'not a directory');
    const result = await cutover([
      'monitor',
      'monitors/demo-renewal.yaml',
      '--evidence-keep',
      '0',
      '--evidence-max-age',
      '7 days',
      '--external-url',
      'ops.example.com/cutover',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--evidence-keep: expected how many failed runs to keep, a whole number from 1 to 100000 like "200", got "0"',
    );
    expect(result.stderr).toContain(
      '--evidence-max-age: expected how long to keep a failed run, from 1m to 366d like "7d" or "36h", got "7 days"',
    );
    expect(result.stderr).toContain('--external-url: expected the URL people reach the monitor by');
    expectNothingStarted(result);
    const unwritable = await cutover([
      'monitor',
      'monitors/demo-renewal.yaml',
      '--listen',
      '127.0.0.1:0',
      '--evidence-dir',
      join(aFile, 'evidence'),
    ]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(`--evidence-dir: cannot keep evidence in ${join(aFile, 'evidence')}`);
    expect(unwritable.stdout).not.toMatch(/"event":"case"|AC-01 (passed|failed)/);
  });

  it('a page language it does not write: --lang takes ja or en', async () => {
    const result = await cutover(['monitor', 'monitors/demo-renewal.yaml', '--lang', 'fr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'fr' is invalid");
    expect(result.stderr).toContain('ja, en');
    expectNothingStarted(result);
  });

  it('a monitor file that does not exist', async () => {
    const result = await cutover(['monitor', 'monitors/no-such.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('monitors/no-such.yaml');
    expectNothingStarted(result);
  });
});
