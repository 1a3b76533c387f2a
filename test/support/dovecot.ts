import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { ImapProbeOptions } from '../../src/probes/imap/index.ts';
import { secret } from './probe-deps.ts';

const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const INSTALL_HINT = 'apt-get install -y dovecot-imapd';

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  pid: number;
  /** Appends a message (delivery as far as IMAP is concerned; bytes as given) and returns its UID. */
  deliver(
    raw: string | Buffer,
    options?: { internalDate?: Date; flags?: string[]; mailbox?: string },
  ): Promise<number>;
  /** UIDs and flags in a mailbox, read over a separate connection. */
  list(mailbox?: string): Promise<{ uid: number; flags: string[]; subject: string }[]>;
  /** Runs a short session with a fresh client (for test setup). */
  session<T>(work: (client: ImapFlow) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** The imap probe's options for this server's INBOX (plaintext over loopback), with overrides. */
export function imapProbeOptions(
  server: DovecotServer,
  overrides: Partial<Omit<ImapProbeOptions, 'use'>> = {},
): ImapProbeOptions {
  return {
    use: 'imap',
    host: server.host,
    port: server.port,
    secure: false,
    user: server.user,
    password: secret('IMAP_PASSWORD', server.password),
    mailbox: 'INBOX',
    rejectUnauthorized: true,
    pollInterval: 200,
    ...overrides,
  };
}

export interface DovecotOptions {
  /** Advertise UIDPLUS (Dovecot does by default). false strips it from CAPABILITY. */
  uidplus?: boolean;
}

/**
 * A real Dovecot for the IMAP probe's tests: a minimal config in a temp dir (127.0.0.1 on a
 * free port, plaintext auth over loopback, a passwd-file user, Maildir in the temp dir, no SSL),
 * started in the foreground as a child and stopped by its PID. Fails with an install hint when
 * Dovecot is missing.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  if (!existsSync(DOVECOT)) {
    throw new Error(
      `Dovecot is needed for the IMAP probe tests but ${DOVECOT} is missing: install it with \`${INSTALL_HINT}\``,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'cutover-dovecot-'));
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const user = 'qa';
  const port = await freePort();
  const me = userInfo();
  const root = me.uid === 0;
  // Dovecot refuses to give mail to uid 0; as root the mail belongs to `nobody`.
  const mailUid = root ? 65534 : me.uid;
  const mailGid = root ? 65534 : me.gid;
  const mailDir = join(dir, 'mail');
  await mkdir(join(dir, 'run'), { recursive: true });
  await mkdir(join(dir, 'state'), { recursive: true });
  await mkdir(mailDir, { recursive: true });
  await chmod(dir, 0o755);
  if (root) await chown(mailDir, mailUid, mailGid);

  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const unprivileged = root
    ? ''
    : `default_internal_user = ${me.username}
default_internal_group = ${await groupName(me.gid)}
default_login_user = ${me.username}
service imap-login {
  chroot =
}
service anvil {
  chroot =
}
`;
  const config = `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = cutover-test-${port}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
mail_location = maildir:${mailDir}/%u
first_valid_uid = 1
mail_uid = ${mailUid}
mail_gid = ${mailGid}
${options.uidplus === false ? 'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+\n' : ''}${unprivileged}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${mailDir}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
  const confPath = join(dir, 'dovecot.conf');
  await writeFile(confPath, config);

  const child = spawn(DOVECOT, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    await stopChild(child, exited);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForGreeting(port, child, 10_000);
  } catch (error) {
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    await stop();
    throw new Error(`Dovecot did not start: ${(error as Error).message}\n${output}\n${log}`);
  }

  const session = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    pid: child.pid!,
    session,
    deliver: (raw, opts = {}) =>
      session(async (client) => {
        const result = await client.append(opts.mailbox ?? 'INBOX', raw, opts.flags ?? [], opts.internalDate);
        const uid = result === false ? undefined : result.uid;
        if (!uid) throw new Error('Dovecot did not report the appended UID');
        return uid;
      }),
    list: (mailbox = 'INBOX') =>
      session(async (client) => {
        const lock = await client.getMailboxLock(mailbox);
        try {
          if (!client.mailbox || client.mailbox.exists === 0) return [];
          const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
          return messages.map((m) => ({
            uid: m.uid,
            flags: [...(m.flags ?? [])],
            subject: m.envelope?.subject ?? '',
          }));
        } finally {
          lock.release();
        }
      }),
    stop,
  };
}

/** Dovecot wants group names; /etc/group knows them (fallback: the numeric id). */
async function groupName(gid: number): Promise<string> {
  const groups = await readFile('/etc/group', 'utf8').catch(() => '');
  const line = groups.split('\n').find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForGreeting(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with code ${child.exitCode}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (/^\* OK .*ready/m.test(data)) done(true);
      });
      socket.on('error', () => done(false));
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no IMAP greeting on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
