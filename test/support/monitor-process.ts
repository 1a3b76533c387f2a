import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';

/**
 * `cutover monitor … --json` as a child process, as an operator (or Kubernetes) runs it: stdout
 * parsed line by line into JSON records, stderr kept as text, signals sent by PID, and every
 * descendant (Chromium and its helpers) found through /proc so a test can tell what outlived it.
 */

export { REPO_ROOT } from './repo.ts';

import { REPO_ROOT } from './repo.ts';

/** One JSON line of `cutover monitor --json` (see src/monitor/case-log.ts). */
export interface MonitorRecord {
  time: string;
  event: string;
  target?: string;
  url?: string;
  message?: string;
  scenario?: string;
  marker?: string;
  verdict?: string;
  durationMs?: number;
  checks?: Array<{ check: string; verdict: string; delayMs?: number; slaMs?: number; reason?: string }>;
  cleanup?: { deleted: number; left: Array<{ system: string; id: string; reason?: string }> };
  [key: string]: unknown;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The kernel's command name (/proc/PID/stat comm, at most 15 characters), e.g. "chromium". */
  command: string;
  /** The full command line (/proc/PID/cmdline, NULs as spaces); empty for zombies. */
  cmdline: string;
  /** R, S, D, Z, … */
  state: string;
  /** Clock ticks after boot the process started: with the PID, tells a reused PID apart. */
  startTime: number;
}

export interface MonitorProcess {
  pid: number;
  /** Every JSON record the child printed so far, in order. */
  readonly records: MonitorRecord[];
  /** stdout lines that were not JSON (there should be none with --json). */
  readonly strayLines: string[];
  /** stderr so far. */
  stderr(): string;
  /** The first record (printed so far or later) the predicate accepts; fails on timeout or exit. */
  waitForRecord(predicate: (record: MonitorRecord) => boolean, timeoutMs?: number): Promise<MonitorRecord>;
  /** Sends a signal to the child's PID (only the child, not its group). */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every live descendant of the child (walks /proc/{pid}/stat's ppid), the child itself excluded. */
  descendants(): ProcessInfo[];
  /** What the test saw of the child, for assertion messages. */
  summary(): string;
  /**
   * Kills whatever is left: the child's process group, the child, and every descendant ever seen
   * (sampled while the child ran, so orphans re-parented after its exit are found too). Idempotent.
   */
  dispose(): Promise<void>;
}

export interface StartMonitorOptions {
  /** Added to (and overriding) this process's environment. */
  env?: Record<string, string | undefined>;
  /** Default: the repo root. */
  cwd?: string;
  /**
   * Run it as npm runs a package's bin under `npx`: `sh -c` (not exec'ing node), so the process
   * started — and signalled — is the shell, and the monitor is its child.
   */
  viaShell?: boolean;
  /**
   * Run it as a wrapper shell runs `npx cutover monitor …` (a supervisor's, a CI runner's):
   * `sh -c 'npx --no-install cutover monitor …; echo …'` in `cwd`, which must be a project with
   * cutover in node_modules/.bin. The process started — and signalled — is that shell.
   */
  viaNpxInShell?: boolean;
  /** The monitor file names its evidence directory: give it no --evidence-dir of the test's. */
  evidenceDirInFile?: boolean;
}

const running = new Set<MonitorProcess>();
let exitHookInstalled = false;

/** `node bin/cutover.js monitor <args> --json` (--json added when missing), cwd the repo root. */
export function startMonitor(args: string[], options: StartMonitorOptions = {}): MonitorProcess {
  installExitHook();
  // Evidence in a folder of its own, gone with the test's files, unless the test chose one.
  const evidenceDir =
    options.evidenceDirInFile || args.includes('--evidence-dir') || args.includes('--no-evidence')
      ? undefined
      : mkdtempSync(join(tmpdir(), 'cutover-monitor-evidence-'));
  const argv = [
    'bin/cutover.js',
    'monitor',
    ...args,
    ...(args.includes('--json') ? [] : ['--json']),
    ...(evidenceDir ? ['--evidence-dir', evidenceDir] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env };
  // Own process group: the test can kill the whole group on failure without touching itself.
  const [command, commandArgs] = options.viaNpxInShell
    ? // Not the last command of the script, so the shell forks npx instead of becoming it.
      ['sh', ['-c', 'npx --no-install cutover "$@"; echo "npx exited: $?" >&2', 'sh', ...argv.slice(1)]]
    : options.viaShell
      ? ['sh', ['-c', '"$0" "$@"; exit $?', process.execPath, ...argv]]
      : [process.execPath, argv];
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${process.execPath} ${argv.join(' ')}`);
  const pid = child.pid;
  const records: MonitorRecord[] = [];
  const strayLines: string[] = [];
  let stderr = '';
  let pending = '';
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) takeLine(line);
    notify();
  });
  const takeLine = (line: string) => {
    if (!line.trim()) return;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && 'event' in parsed) records.push(parsed as MonitorRecord);
      else strayLines.push(line);
    } catch {
      strayLines.push(line);
    }
  };
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });

  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close': the exit, and stdout and stderr read to the end.
    child.once('close', (code, signal) => {
      if (pending) takeLine(pending);
      pending = '';
      exitInfo = { code, signal };
      clearInterval(sampler);
      running.delete(handle);
      if (evidenceDir) rmSync(evidenceDir, { recursive: true, force: true });
      notify();
      resolve(exitInfo);
    });
  });

  // Every descendant seen while the child runs, so dispose() can kill orphans by PID later.
  const seen = new Map<number, ProcessInfo>();
  const descendants = (): ProcessInfo[] => {
    const found = descendantsOf(pid);
    for (const p of found) seen.set(p.pid, p);
    return found;
  };
  const sampler = setInterval(() => {
    if (!exitInfo) descendants();
  }, 500);
  sampler.unref();

  const summary = () =>
    [
      `cutover monitor ${args.join(' ')} (pid ${pid}${exitInfo ? `, exited code ${exitInfo.code} signal ${exitInfo.signal}` : ', running'})`,
      `records:\n${records.map((r) => `  ${JSON.stringify(r)}`).join('\n') || '  (none)'}`,
      strayLines.length ? `stray stdout:\n  ${strayLines.join('\n  ')}` : '',
      `stderr:\n${stderr.slice(-4_000) || '  (empty)'}`,
    ]
      .filter(Boolean)
      .join('\n');

  let disposing: Promise<void> | undefined;
  const handle: MonitorProcess = {
    pid,
    records,
    strayLines,
    stderr: () => stderr,
    waitForRecord(predicate, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        let index = 0;
        const check = () => {
          for (; index < records.length; index++) {
            if (predicate(records[index]!)) {
              done();
              resolve(records[index]!);
              return;
            }
          }
          if (exitInfo) {
            done();
            reject(new Error(`the monitor exited before the awaited record\n${summary()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching record within ${timeoutMs} ms\n${summary()}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    kill(signal) {
      process.kill(pid, signal);
    },
    exited,
    descendants,
    summary,
    dispose() {
      disposing ??= (async () => {
        if (!exitInfo) descendants();
        const group = exitInfo ? [] : [-pid];
        for (const target of [...group, ...(exitInfo ? [] : [pid])]) signalQuietly(target, 'SIGKILL');
        for (const p of seen.values()) if (sameProcessAlive(p)) signalQuietly(p.pid, 'SIGKILL');
        await Promise.race([exited, sleep(10_000)]);
        running.delete(handle);
      })();
      return disposing;
    },
  };
  running.add(handle);
  return handle;
}

/** Kills every monitor started here that is still running (for afterEach/afterAll). */
export async function disposeAllMonitors(): Promise<void> {
  await Promise.all([...running].map((m) => m.dispose()));
}

/** Live descendants of `root` (not `root` itself), read from /proc. */
export function descendantsOf(root: number): ProcessInfo[] {
  const all = new Map<number, ProcessInfo>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processInfo(Number(entry));
    if (info) all.set(info.pid, info);
  }
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all.values()) {
    const list = children.get(info.ppid) ?? [];
    list.push(info);
    children.set(info.ppid, list);
  }
  const out: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** /proc/PID/stat (and cmdline) of one process; undefined when it is gone. */
export function processInfo(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = stat
    .slice(close + 2)
    .trim()
    .split(' ');
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    // gone meanwhile, or not ours to read
  }
  return {
    pid,
    command: stat.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    // Field 22 of stat; rest[0] is field 3.
    startTime: Number(rest[19]),
    cmdline,
  };
}

/** Alive: /proc/PID exists, is the same process (start time), and is not a zombie. */
export function sameProcessAlive(p: Pick<ProcessInfo, 'pid' | 'startTime'>): boolean {
  const now = processInfo(p.pid);
  return now !== undefined && now.startTime === p.startTime && now.state !== 'Z';
}

/** Of these processes, those still alive (same PID and start time, not a zombie). */
export function stillAlive(processes: ProcessInfo[]): ProcessInfo[] {
  return processes.filter((p) => sameProcessAlive(p));
}

/** Chromium and its helper processes (renderer, gpu, zygote…), by command name or command line. */
export function isChromium(p: ProcessInfo): boolean {
  return /chrom/i.test(p.command) || /chrom/i.test(p.cmdline.split(' ')[0] ?? '');
}

export function formatProcesses(processes: ProcessInfo[]): string {
  return inspect(
    processes.map((p) => `${p.pid} ${p.state} ${p.command} ${p.cmdline.slice(0, 120)}`),
    { breakLength: 120 },
  );
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if the test process exits without dispose(): the child's group, synchronously.
  process.once('exit', () => {
    for (const m of running) {
      signalQuietly(-m.pid, 'SIGKILL');
      signalQuietly(m.pid, 'SIGKILL');
    }
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
