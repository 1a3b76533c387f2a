import type { CleanupEntry } from '../../cleanup/clean-up-case.ts';
import { DEFAULT_CONFIG_FILE, loadConfig, usesDemo } from '../../config/index.ts';
import type { ProbeSubmission } from '../../init/draft-from-url.ts';
import { createCaseRunner } from '../../scenario/case-runner.ts';
import { type Awaited, cleanUpFound, finalRead, NOTHING_AWAITED } from '../../scenario/final-read.ts';
import { type Output, paint } from '../output.ts';

export interface ProbeCleanupOptions {
  /** The drafted target the probe submission went to. */
  target: string;
  /** Where the config's secrets are read from (default process.env). */
  env?: Record<string, string | undefined>;
  /** How long to wait for what the submission created to show up (default: the config's `within`, at most 60 s). */
  waitMs?: number;
}

const MAX_WAIT_MS = 60_000;

/**
 * After `--probe-submit`: deletes what the one marked submission created, the way a case run
 * cleans up — with the project's own probes (the target's, in the cutover.config.ts just
 * written), reading each system for the marker (waiting for the CRM record and the main
 * notification when the site accepted it), then deleting by id only what carries it. Where the
 * probes cannot (none set yet, a secret not in the environment, a system that cannot be read,
 * nothing seen in time) it prints the `cutover cleanup` command that deletes it later.
 * Returns true when nothing the submission created is known to be left.
 */
export async function cleanUpProbeSubmission(
  root: string,
  submitted: ProbeSubmission,
  options: ProbeCleanupOptions,
  output: Output,
): Promise<boolean> {
  const { target } = options;
  const later = (why: string, systems = 'the site’s notification and CRM'): false => {
    output.out(
      `\nThe probe submission may have left an inquiry behind in ${systems} (marker ${submitted.marker}, ${submitted.email}): ${why}.`,
    );
    output.out(
      `Once targets.${target}.probes read them, delete it — and any other cutover leftovers since — with:`,
    );
    output.out(`  ${cleanupCommand(target, submitted.startedAt)}`);
    output.out('(without --yes it only lists what it would delete)');
    return false;
  };

  const loaded = await loadConfig(DEFAULT_CONFIG_FILE, { cwd: root, env: options.env ?? process.env });
  if (!loaded.ok) {
    const first = loaded.problems[0];
    return later(
      `init could not use the project’s probes (${first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'the config does not load'}${loaded.problems.length > 1 ? `, and ${loaded.problems.length - 1} more` : ''})`,
    );
  }
  const { config, secrets } = loaded.value;
  const probesConfig = config.targets[target]?.probes;
  if (!probesConfig || usesDemo(config))
    return later(`targets.${target} is not a target init can clean up on`);
  if (probesConfig.notification.length === 0 && !probesConfig.crm)
    return later(`targets.${target}.probes name no notification or CRM yet`);

  const runner = createCaseRunner({ config, secrets });
  try {
    const probes = runner.probesOf(target);
    const main = probes.notifications[0];
    // What the site does with an accepted inquiry: the main notification and a CRM record. Wait for those;
    // read every other channel once. A refused submission created nothing to wait for.
    const awaited: Awaited = submitted.accepted
      ? { notification: main ? { [main.name]: 1 } : {}, crm: probes.crm ? 1 : 0 }
      : NOTHING_AWAITED;
    const waitMs = options.waitMs ?? Math.min(config.defaults.within, MAX_WAIT_MS);
    output.out(
      `\nCleaning up the probe submission (marker ${submitted.marker}) with targets.${target}.probes${submitted.accepted ? `: waiting up to ${Math.round(waitMs / 1000)} s for what it created` : ''} …`,
    );
    const identity = { marker: submitted.marker, email: submitted.email, t0: submitted.startedAt };
    const readSignal = AbortSignal.timeout(waitMs);
    const read = await finalRead(probes, identity, { notification: {}, crm: [] }, awaited, readSignal);
    const entries: CleanupEntry[] = await cleanUpFound(
      probes,
      read,
      submitted.marker,
      AbortSignal.timeout(MAX_WAIT_MS),
    );
    // A system that could not be read, and what the site should have created but did not show in time.
    const unknown: string[] = [...read.unreadable.values()].map(
      ({ source, error }) =>
        `${source.system === 'crm' ? 'the CRM' : source.probe} could not be read (${error})`,
    );
    if (
      main &&
      (awaited.notification[main.name] ?? 0) > 0 &&
      (read.notification[main.name] ?? []).length === 0
    )
      unknown.push(`no notification carrying it reached ${main.name} within ${Math.round(waitMs / 1000)} s`);
    if (probes.crm && awaited.crm > 0 && read.crm.length === 0)
      unknown.push(
        `no CRM record carrying it showed in ${probes.crm.name} within ${Math.round(waitMs / 1000)} s`,
      );
    for (const entry of entries) {
      const what = `${entry.system === 'crm' ? 'CRM record' : 'notification'} ${entry.id} (${entry.probe})`;
      if (entry.result === 'deleted') output.out(`  ${paint(output, 'green', 'deleted')} ${what}`);
      else
        output.out(
          `  ${paint(output, 'yellow', entry.result === 'refused' ? 'left' : 'not deleted')} ${what}: ${entry.reason ?? ''}`,
        );
    }
    const failed = entries.filter((e) => e.result === 'failed');
    const missing = [!main ? 'notification' : '', !probes.crm ? 'CRM' : ''].filter(Boolean);
    if (failed.length > 0)
      return later(`${failed.length} item${failed.length === 1 ? '' : 's'} could not be deleted (above)`);
    if (unknown.length > 0) return later(unknown.join('; '));
    if (missing.length > 0)
      return later(
        `targets.${target}.probes name no ${missing.join(' or ')}, so init could not look there`,
        `the site’s ${missing.join(' and ')}`,
      );
    const deleted = entries.filter((e) => e.result === 'deleted').length;
    output.out(
      `${paint(output, 'green', '✓')} the probe submission left nothing behind${deleted === 0 ? ' (it created nothing the probes can see)' : `: ${deleted} item${deleted === 1 ? '' : 's'} deleted by id`}`,
    );
    return true;
  } finally {
    await runner.close();
  }
}

/** `npx cutover cleanup --target staging --since 2026-12-01T10:14Z --yes`: from a minute before the submission, to the minute. */
export function cleanupCommand(target: string, startedAt: Date): string {
  const since = new Date(Math.floor((startedAt.getTime() - 60_000) / 60_000) * 60_000);
  return `npx cutover cleanup --target ${target} --since ${since.toISOString().slice(0, 16)}Z --yes`;
}
