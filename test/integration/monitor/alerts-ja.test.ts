import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_DIR, type OpsLang, opsFiles } from '../../../src/init/ops-files.ts';
import { type OnCallReceivers, startOnCallReceivers } from '../../support/oncall-receivers.ts';
import {
  PROMETHEUS_INSTALL_HINT,
  type PromServer,
  prometheusConfig,
  startAlertmanager,
  startPrometheus,
  waitFor,
} from '../../support/prometheus-tools.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * On-call in Japanese, end to end: the ops files `cutover init monitor --lang ja` writes pass
 * promtool and amtool as written; a real Prometheus evaluates the written rules on a fault (a
 * CRM record with the wrong company) scraped from a stand-in exporter on 127.0.0.1, a real
 * Alertmanager sends it with the written config and templates, and the e-mail and Slack message
 * that arrive are in Japanese: the rule's Japanese summary, description and runbook with their
 * values filled in, the check and kind named in Japanese, the finding, the evidence link and the
 * Japanese runbook link. English (--lang en) still sends the English text.
 */

const MONITORS = join(REPO_ROOT, 'monitors');
const EXTERNAL = 'https://cutover.example.com/oncall';
const FINDING = 'CRM company: expected "株式会社サンプル", got "(株)サンプル"';

let dir: string;
const written: Partial<Record<OpsLang, string>> = {};
let exporter: Server;
let oncall: OnCallReceivers;
let prometheus: PromServer | undefined;
let alertmanager: PromServer | undefined;

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) =>
    execFile(command, args, { cwd }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT')
        return fail(new Error(`${command} is not installed. Install it: ${PROMETHEUS_INSTALL_HINT}`));
      done({
        code: error ? Number(error.code) || 1 : 0,
        output: `$ ${command} ${args.join(' ')}\n${stdout}${stderr}`,
      });
    }),
  );
}

/** What `cutover init monitor --lang <lang>` writes, in a directory of its own. */
async function writeOps(lang: OpsLang): Promise<string> {
  const root = join(dir, lang);
  const files = await opsFiles(MONITORS, {
    dir: root,
    monitorFiles: ['monitors/renewal.yaml'],
    listen: ['127.0.0.1:9464'],
    externalUrl: EXTERNAL,
    lang,
  });
  for (const file of files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.text);
  }
  return join(root, OPS_DIR);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-alerts-ja-'));
  written.ja = await writeOps('ja');
  written.en = await writeOps('en');
  // A stand-in for the monitor's /metrics: a CRM check failing 3 runs in a row, kind wrong.
  exporter = createServer((_request, response) => {
    const where = 'target="renewal",scenario="AC-03",check="crm"';
    response
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      .end(
        [
          `cutover_check_consecutive_failures{${where},result="failed"} 3`,
          `cutover_check_consecutive_failures{${where},result="error"} 0`,
          `cutover_check_failure_info{${where},kind="wrong",finding=${JSON.stringify(FINDING)}} 1`,
          `cutover_monitor_info{version="0.0.0",external_url="${EXTERNAL}"} 1`,
          '',
        ].join('\n'),
      );
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const exporterPort = (exporter.address() as AddressInfo).port;
  oncall = await startOnCallReceivers();
  // The written Alertmanager config as it is, its addresses pointed here and its waits shortened.
  const config = oncall.alertmanagerConfig(
    await readFile(join(written.ja, 'alertmanager/alertmanager.yml'), 'utf8'),
  );
  alertmanager = await startAlertmanager({
    configYaml: config,
    extraFiles: { 'cutover.tmpl': await readFile(join(written.ja, 'alertmanager/cutover.tmpl'), 'utf8') },
  });
  prometheus = await startPrometheus({
    configYaml: prometheusConfig({
      ruleFiles: ['alerts.rules.yml'],
      scrape: `127.0.0.1:${exporterPort}`,
      alertmanager: new URL(alertmanager.url).host,
    }),
    extraFiles: {
      'alerts.rules.yml': await readFile(join(written.ja, 'prometheus/alerts.rules.yml'), 'utf8'),
    },
  });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await new Promise((resolve) => exporter?.close(resolve));
  await oncall?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cutover init monitor --lang ja', () => {
  it('writes ops files that promtool and amtool accept as written', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const ops = written[lang]!;
      const rules = join(ops, 'prometheus');
      for (const [command, args, cwd] of [
        ['promtool', ['check', 'rules', 'alerts.rules.yml', 'sales-sla.rules.yml'], rules],
        ['promtool', ['test', 'rules', 'alerts.test.yml', 'alerts-1s.test.yml', 'sales-sla.test.yml'], rules],
        ['amtool', ['check-config', 'alertmanager.yml'], join(ops, 'alertmanager')],
      ] as const) {
        const checked = await run(command, [...args], cwd);
        expect(checked.code, `${lang}: ${checked.output}`).toBe(0);
      }
    }
    // amtool renders the written Japanese templates (with its own sample alerts: the chrome only).
    const rendered = await run(
      'amtool',
      [
        'template',
        'render',
        '--template.glob=cutover.tmpl',
        '--template.text={{ template "cutover.ja.email.html" . }}{{ template "cutover.ja.email.text" . }}',
      ],
      join(written.ja!, 'alertmanager'),
    );
    expect(rendered.code, rendered.output).toBe(0);
    expect(rendered.output).toContain('<html lang="ja">');
    expect(rendered.output).toMatch(
      /<th align="left">発生時刻<\/th><td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST<\/td>/,
    );
    expect(rendered.output).toContain('最初の確認:');
    const ja = await readFile(join(written.ja!, 'alertmanager/alertmanager.yml'), 'utf8');
    expect(ja).toContain('{{ template "cutover.ja.email.html" . }}');
    expect(ja).not.toMatch(/template "cutover\.(?!ja\.)/);
    const en = await readFile(join(written.en!, 'alertmanager/alertmanager.yml'), 'utf8');
    expect(en).toContain('{{ template "cutover.email.html" . }}');
  });

  it('writes the Grafana dashboard with Japanese titles (English by default)', async () => {
    const ja = JSON.parse(await readFile(join(written.ja!, 'grafana/cutover-dashboard.json'), 'utf8'));
    expect(ja.title).toBe('cutover — 問い合わせフォーム監視');
    const titles = (ja.panels as Array<{ title: string }>).map((p) => p.title);
    expect(titles).toContain('いま失敗しているもの');
    expect(titles).toContain('通知メールの遅延 p50 / p90 / p99（SLA 120 秒）');
    const en = JSON.parse(await readFile(join(written.en!, 'grafana/cutover-dashboard.json'), 'utf8'));
    expect(en.title).toBe('cutover — contact form monitor');
  });

  it('pages a Japanese on-call rotation in Japanese: e-mail and Slack, values filled in', async () => {
    const mail = await waitFor(() => oncall.mails.find((m) => m.subject.includes('CRM')), {
      timeoutMs: 60_000,
      what: 'the CutoverCrmRecordWrong e-mail',
    });
    expect(mail.subject).toBe('[発生中:1] CRM レコードの内容相違: renewal（AC-03）');
    const text = mail.text;
    expect(text).toContain('CRM レコードの内容相違: renewal（AC-03）');
    expect(text).toContain('対象 renewal · シナリオ AC-03 · チェック CRM レコード · 内容相違');
    expect(text).toContain(`検出内容: ${FINDING}`);
    expect(text).toContain(
      'シナリオ AC-03（renewal）の crm チェックが、最後の成功以降 3 回失敗しました。CRM レコードの内容が違います',
    );
    expect(text).toContain(`証跡: ${EXTERNAL}/runs/latest?target=renewal&scenario=AC-03&verdict=failed`);
    expect(text).toContain('最初の確認: 検出内容（finding）とシナリオを突き合わせてください。');
    expect(text).toContain(`手順書: ${EXTERNAL}/runbooks/CutoverCrmRecordWrong?lang=ja`);
    expect(mail.html).toContain('<html lang="ja">');
    expect(mail.html).toMatch(/<th align="left">発生時刻<\/th><td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST<\/td>/);
    expect(mail.html).toContain('<th align="left">種別</th><td>内容相違</td>');
    // No English chrome in the Japanese mail (the finding is the monitor's data, quoted as found).
    expect(text.replace(FINDING, '').replace(/https:\S+/g, '')).not.toMatch(
      /\b(Finding|Evidence|First check|Runbook|target|scenario)\b/,
    );

    const message = await waitFor(
      () => oncall.slackTexts().find((m) => m.includes('CRM レコードの内容相違')),
      {
        timeoutMs: 60_000,
        what: 'the CutoverCrmRecordWrong Slack message',
      },
    );
    expect(message).toContain('[発生中:1] CRM レコードの内容相違: renewal（AC-03）');
    expect(message).toContain(`*検出内容:* ${FINDING}`);
    expect(message).toContain(
      `*証跡:* <${EXTERNAL}/runs/latest?target=renewal&scenario=AC-03&verdict=failed|最後に失敗した実行>`,
    );
    expect(message).toContain(`(<${EXTERNAL}/runbooks/CutoverCrmRecordWrong?lang=ja|手順書>)`);
  }, 90_000);
});
