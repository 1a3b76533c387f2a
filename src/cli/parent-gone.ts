import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Tells when the process that started this one goes away. `npx cutover …` runs cutover under a
 * shell that npm starts (… → npm → sh → node): a SIGTERM sent to npx reaches that shell, which dies
 * without passing it on; a SIGTERM sent to whatever started npx (a wrapper shell, a supervisor that
 * signals only its child) ends that process and leaves npm running, orphaned. Either way cutover
 * would run on. So npm's own layers are seen through: cutover watches its parent and, while the
 * ancestors are npm and the shells npm started, each of them up to the process that started npm —
 * one of them re-parented (or gone) means that process is gone, and a long-running command treats
 * it like SIGTERM. Started under init already (ppid 0 or 1, a container's only process), nothing
 * can be told and `gone` never resolves. Without /proc (not Linux), only the parent is watched.
 * A check every `everyMs` that keeps nothing alive; `dispose` ends it.
 */
export function parentGone(everyMs = 500): { gone: Promise<void>; dispose(): void } {
  const parent = process.ppid;
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  const gone = new Promise<void>((resolve) => {
    if (parent <= 1) return;
    const chain = npmLayersAbove(parent);
    timer = setInterval(() => {
      if (checking) return;
      checking = true;
      void intact(parent, chain)
        .then((ok) => {
          if (ok) return;
          clearInterval(timer);
          resolve();
        })
        .finally(() => {
          checking = false;
        });
    }, everyMs);
    timer.unref();
  });
  return { gone, dispose: () => clearInterval(timer) };
}

interface Link {
  pid: number;
  /** The parent it had when cutover started. */
  ppid: number;
  /** Clock ticks after boot it started: a reused PID is another process. */
  startTime: number;
}

/**
 * The ancestors to watch besides the parent: from the parent up, while each is npm (npx, npm exec,
 * npm run) or a shell npm started, with the parent each had. Empty when the parent is neither, or
 * when /proc cannot be read.
 */
function npmLayersAbove(parent: number): Link[] {
  const chain: Link[] = [];
  let pid = parent;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    const info = procInfo(pid);
    if (!info) break;
    const above = procInfo(info.ppid);
    const npmLayer =
      isNpm(info.cmdline) || (isShell(info.comm) && above !== undefined && isNpm(above.cmdline));
    if (!npmLayer) break;
    chain.push({ pid, ppid: info.ppid, startTime: info.startTime });
    pid = info.ppid;
  }
  return chain;
}

/** Our parent, and each watched ancestor, still in place under the parent it had. */
async function intact(parent: number, chain: readonly Link[]): Promise<boolean> {
  if (process.ppid !== parent) return false;
  for (const link of chain) {
    const now = await procStat(link.pid);
    if (!now || now.startTime !== link.startTime || now.ppid !== link.ppid || now.state === 'Z') return false;
  }
  return true;
}

function isNpm(cmdline: string): boolean {
  return /^(?:npm|npx)(?: |$)/u.test(cmdline) || /[/\\](?:npm|npx)-cli\.js\b/u.test(cmdline);
}

function isShell(comm: string): boolean {
  return ['sh', 'dash', 'bash', 'zsh', 'ash'].includes(comm);
}

interface Stat {
  comm: string;
  state: string;
  ppid: number;
  startTime: number;
}

function parseStat(stat: string): Stat | undefined {
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = stat
    .slice(close + 2)
    .trim()
    .split(' ');
  // rest[0] is field 3 (state), rest[1] field 4 (ppid), rest[19] field 22 (starttime).
  return {
    comm: stat.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    startTime: Number(rest[19]),
  };
}

async function procStat(pid: number): Promise<Stat | undefined> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Once, at start (a few bytes of /proc per ancestor). */
function procInfo(pid: number): (Stat & { cmdline: string }) | undefined {
  try {
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (!stat) return undefined;
    return { ...stat, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() };
  } catch {
    return undefined;
  }
}
