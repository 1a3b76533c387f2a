import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonitorProcess, REPO_ROOT, startMonitor } from '../../support/monitor-process.ts';
import { type OnCallReceivers, startOnCallReceivers } from '../../support/oncall-receivers.ts';
import {
  type PromServer,
  prometheusConfig,
  query,
  startAlertmanager,
  startPrometheus,
  waitFor,
} from '../../support/prometheus-tools.ts';

/**
 * What on-call receives for a fault, its fix and a new fault minutes later, end to end with real
 * servers on 127.0.0.1: `cutover monitor` on the demo world's renewal build (1 s scrape and
 * evaluation), a real Prometheus with the shipped rules, a real Alertmanager with the shipped
 * routing, inhibitions and templates (cutover.tmpl), its Slack messages, e-mails and a webhook
 * caught here. SMTP refused → CutoverNotificationMissing; fixed → resolved; the mail then sent with
 * a wrong charset label → CutoverNotificationWrong (not …Missing); fixed → resolved. Nothing else
 * pages, CutoverScenarioFlaky least of all.
 */

const MONITOR_DIR = join(REPO_ROOT, 'monitors');
const MISSING = 'CutoverNotificationMissing';
const WRONG = 'CutoverNotificationWrong';

interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

let dir: string;
let monitor: MonitorProcess;
let prometheus: PromServer;
let alertmanager: PromServer;
let oncall: OnCallReceivers;
let faults: string;
/** The monitor's own address: without --external-url the alerts link to it, so the test can follow them. */
let externalUrl: string;

beforeAll(async () => {
  const rulesText = await readFile(join(MONITOR_DIR, 'prometheus/alerts.rules.yml'), 'utf8');
  const template = await readFile(join(MONITOR_DIR, 'alertmanager/cutover.tmpl'), 'utf8');
  oncall = await startOnCallReceivers();

  dir = await mkdtemp(join(tmpdir(), 'cutover-pages-'));
  const monitorFile = join(dir, 'renewal.yaml');
  await writeFile(
    monitorFile,
    [
      'target: renewal',
      'scenarios: [AC-01]',
      // Longer than a passing cycle (~5 s); a failing one waits out the 4 s notification SLA.
      'interval: 8s',
      'sla: { submit: 10s, notification: 4s, crm: 10s }',
      'listen: 127.0.0.1:0',
      '',
    ].join('\n'),
  );
  monitor = startMonitor([monitorFile, '--grace', '5s']);
  const listening = await monitor.waitForRecord((r) => r.event === 'listening', 90_000);
  externalUrl = new URL(listening.url!).origin;
  faults = (await monitor.waitForRecord((r) => r.event === 'demo-world', 90_000)).url!;
  const metrics = new URL(listening.url!);

  alertmanager = await startAlertmanager({
    configYaml: oncall.alertmanagerConfig(
      await readFile(join(MONITOR_DIR, 'alertmanager/alertmanager.yml'), 'utf8'),
      { webhook: true },
    ),
    // Beside the config, as the shipped config names it.
    extraFiles: { 'cutover.tmpl': template },
  });
  prometheus = await startPrometheus({
    configYaml: prometheusConfig({
      ruleFiles: ['alerts.rules.yml'],
      scrape: metrics.host,
      alertmanager: new URL(alertmanager.url).host,
    }),
    extraFiles: { 'alerts.rules.yml': rulesText },
  });
}, 180_000);

afterAll(async () => {
  await monitor?.dispose();
  await prometheus?.stop();
  await alertmanager?.stop();
  await oncall?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function webhookAlerts(): WebhookAlert[] {
  return oncall.received
    .filter((r) => r.path === '/webhook')
    .flatMap((r) => (r.body as { alerts: WebhookAlert[] }).alerts);
}

async function setFault(patch: Record<string, unknown> | 'clear'): Promise<void> {
  const response =
    patch === 'clear'
      ? await fetch(faults, { method: 'DELETE' })
      : await fetch(faults, { method: 'POST', body: JSON.stringify(patch) });
  expect(response.status).toBe(200);
}

/** A case that passed after `since` (the fix has taken). */
async function aPassAfter(since: number): Promise<void> {
  await monitor.waitForRecord(
    (r) => r.event === 'case' && r.verdict === 'passed' && Date.parse(r.time) > since,
    120_000,
  );
}

async function paged(alertname: string, status: 'firing' | 'resolved'): Promise<WebhookAlert> {
  return waitFor(() => webhookAlerts().find((a) => a.labels.alertname === alertname && a.status === status), {
    what: `${alertname} ${status} at the webhook receiver`,
    timeoutMs: 150_000,
    intervalMs: 1000,
  });
}

describe('a fault, its fix and a new fault, through the shipped rules, routing and templates', () => {
  it('pages the missing mail, then the wrong one, each once with its finding — and nothing flaky', async () => {
    await aPassAfter(0);

    await setFault({ smtpRefused: true });
    const missing = await paged(MISSING, 'firing');
    expect(missing.labels).toMatchObject({
      target: 'renewal',
      scenario: 'AC-01',
      check: 'notification',
      kind: 'missing',
    });
    expect(missing.annotations.summary).toBe('Notification missing for renewal (AC-01)');
    expect(missing.annotations.finding).toMatch(/^no notification arrived within 4 s/);

    const fixed = Date.now();
    await setFault('clear');
    await aPassAfter(fixed);
    await paged(MISSING, 'resolved');

    // A new fault at once: the mail arrives, declared ISO-2022-JP but written in UTF-8.
    await setFault({ mislabelledCharset: true });
    const wrong = await paged(WRONG, 'firing');
    expect(wrong.labels).toMatchObject({ scenario: 'AC-01', check: 'notification', kind: 'wrong' });
    expect(wrong.annotations.summary).toBe('Notification wrong for renewal (AC-01)');
    expect(wrong.annotations.finding).toMatch(/文字化け: the mail declares ISO-2022-JP/);
    expect(wrong.annotations.evidence_url).toBe(
      `${externalUrl}/runs/latest?target=renewal&scenario=AC-01&verdict=failed`,
    );
    expect(wrong.annotations.runbook_url).toBe(`${externalUrl}/runbooks/${WRONG}`);
    // The page's link opens what the monitor saw: the failing run's evidence page, with the finding.
    const evidence = await fetch(wrong.annotations.evidence_url!);
    expect(evidence.status).toBe(200);
    expect(evidence.url).toMatch(/\/runs\/[\w-]+\/$/);
    const page = await evidence.text();
    expect(page).toContain('文字化け');
    expect(page).toContain('trace.zip');
    const runbook = await fetch(wrong.annotations.runbook_url!);
    expect(runbook.status).toBe(200);
    expect(await runbook.text()).toContain(`id="${WRONG}"`);
    const fixedAgain = Date.now();
    await setFault('clear');
    await aPassAfter(fixedAgain);
    await paged(WRONG, 'resolved');

    // Exactly these pages: each fault once, nothing else at any time — flaky least of all.
    // SMTP refused took the auto-reply (a further channel of AC-01) down with the sales mail.
    const firing = webhookAlerts().filter((a) => a.status === 'firing');
    const cases = monitor.records
      .filter((r) => r.event === 'case')
      .map((r) => `${r.time} ${r.verdict} ${r.checks?.map((c) => c.reason ?? '').join(' ')}`);
    expect(
      firing.map((a) => `${a.labels.alertname}${a.labels.channel ? ` (${a.labels.channel})` : ''}`).sort(),
      cases.join('\n'),
    ).toEqual([MISSING, `${MISSING} (autoreply)`, WRONG]);
    expect(
      await query(
        prometheus.url,
        'max_over_time(ALERTS{alertstate="firing",alertname!~"CutoverNotificationMissing|CutoverNotificationWrong"}[1h])',
      ),
    ).toEqual([]);
    expect(await query(prometheus.url, 'max_over_time(cutover_isolated_failures[1h])')).toEqual([
      expect.objectContaining({ value: 0 }),
    ]);

    // The shipped templates: Slack and e-mail show where, what was found and what to check first.
    const slack = oncall.slackTexts().find((t) => t.includes('Notification wrong for renewal (AC-01)'));
    expect(slack).toBeDefined();
    expect(slack).toContain('target renewal · scenario AC-01 · check notification · wrong');
    expect(slack).toContain('*Finding:* notification 文字化け: the mail declares ISO-2022-JP');
    expect(slack).toContain('*First check:* Compare the mail with the scenario');
    expect(slack).toContain(
      `*Evidence:* <${externalUrl}/runs/latest?target=renewal&scenario=AC-01&verdict=failed|last failing run>`,
    );
    expect(slack).toContain(`(<${externalUrl}/runbooks/${WRONG}|runbook>)`);
    await waitFor(
      () =>
        oncall.mails.find((m) =>
          /Notification (\(autoreply\) )?missing for renewal \(AC-01\)/.test(m.subject),
        ),
      {
        what: `the critical page as an e-mail (got ${JSON.stringify(oncall.mails.map((m) => m.subject))}; Alertmanager: ${alertmanager.output().slice(-2000)})`,
        timeoutMs: 30_000,
      },
    );
    const mail = oncall.mails.find((m) =>
      /Notification (\(autoreply\) )?missing for renewal \(AC-01\)/.test(m.subject),
    )!;
    // Both channels in one group: the first one's summary.
    expect(mail.subject).toMatch(
      /^\[FIRING:2\] Notification (\(autoreply\) )?missing for renewal \(AC-01\) and more$/,
    );
    expect(mail.html).toMatch(/<th align="left">Finding<\/th><td>no notification arrived within 4 s/);
    expect(mail.text).toContain('target renewal · scenario AC-01 · check notification · missing');
  }, 600_000);
});
