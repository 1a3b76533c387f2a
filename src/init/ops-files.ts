import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lang } from '../foundation/i18n/index.ts';
import { type DashboardTranslation, translateDashboard } from './dashboard-lang.ts';
import type { DraftedFile } from './drafted-project.ts';

/**
 * The ops files cutover ships (monitors/ of the package: alert rules with their promtool tests,
 * Alertmanager config and templates, the Grafana dashboard, the systemd unit, the Kubernetes
 * manifests and the Dockerfile), as `cutover init monitor` writes them into a project — under
 * monitors/ops/, adjusted to the project's directory, its monitor files, its metrics port and the
 * external URL people reach the monitor by. The shipped files stay valid examples; what is
 * adjusted is each example value they hold (e.g. /opt/cutover), replaced where it stands.
 */

export const OPS_DIR = 'monitors/ops';

/** What the ops files are adjusted to. */
export interface OpsProject {
  /** The directory the project lives in where the monitor runs (the systemd unit's WorkingDirectory). */
  dir: string;
  /** Monitor files, relative to the project directory, in the order they run. */
  monitorFiles: string[];
  /** Where Prometheus scrapes the monitor: each monitor file's `listen` (host:port). */
  listen: string[];
  /** The address people reach the monitor by, for links in alerts (`--external-url`). */
  externalUrl?: string;
  /**
   * The language on-call reads (default en): ja makes alertmanager.yml use the Japanese templates
   * (cutover.ja.*, reading the rules' summary_ja / description_ja / runbook_ja) and writes the
   * Grafana dashboard with Japanese titles. The rules are the same in both: they carry both texts.
   */
  lang?: OpsLang;
}

/** The languages of the ops files: those of the documents (src/foundation/i18n). */
export type OpsLang = Lang;

/** The files as they ship, under the package's monitors/, and where each lands in the project. */
const SHIPPED: ReadonlyArray<{
  from: string;
  to: string;
  adjust?: (text: string, p: OpsProject, dir: string) => string | Promise<string>;
}> = [
  { from: 'prometheus/alerts.rules.yml', to: 'prometheus/alerts.rules.yml' },
  { from: 'prometheus/alerts.test.yml', to: 'prometheus/alerts.test.yml' },
  { from: 'prometheus/alerts-1s.test.yml', to: 'prometheus/alerts-1s.test.yml' },
  { from: 'prometheus/sales-sla.rules.yml', to: 'prometheus/sales-sla.rules.yml' },
  { from: 'prometheus/sales-sla.test.yml', to: 'prometheus/sales-sla.test.yml' },
  { from: 'prometheus/prometheus.yml', to: 'prometheus/prometheus.yml', adjust: adjustPrometheus },
  { from: 'alertmanager/alertmanager.yml', to: 'alertmanager/alertmanager.yml', adjust: adjustAlertmanager },
  { from: 'alertmanager/cutover.tmpl', to: 'alertmanager/cutover.tmpl' },
  { from: 'grafana/cutover-dashboard.json', to: 'grafana/cutover-dashboard.json', adjust: adjustDashboard },
  { from: 'deploy/cutover-monitor.service', to: 'deploy/cutover-monitor.service', adjust: adjustSystemd },
  { from: 'deploy/kubernetes.yaml', to: 'deploy/kubernetes.yaml', adjust: adjustKubernetes },
  { from: 'deploy/Dockerfile', to: 'deploy/Dockerfile', adjust: adjustDockerfile },
];

/** Every ops file for this project, read from the package's monitors/ directory. */
export async function opsFiles(packageMonitorsDir: string, project: OpsProject): Promise<DraftedFile[]> {
  return Promise.all(
    SHIPPED.map(async ({ from, to, adjust }) => {
      const text = await readFile(join(packageMonitorsDir, from), 'utf8');
      return {
        path: `${OPS_DIR}/${to}`,
        text: adjust ? await adjust(text, project, packageMonitorsDir) : text,
      };
    }),
  );
}

/** The port the metrics listen on in a container (every interface there): the first monitor's. */
function portOf(project: OpsProject): string {
  const port = /:(\d+)$/.exec(project.listen[0] ?? '')?.[1];
  return port && port !== '0' ? port : '9464';
}

/** `text` with every `example` replaced; the shipped file must hold it (a test keeps them in step). */
function replaceExample(text: string, example: string, value: string, file: string): string {
  if (!text.includes(example))
    throw new Error(`${file}: the example value ${JSON.stringify(example)} is gone`);
  return text.split(example).join(value);
}

function adjustPrometheus(text: string, p: OpsProject): string {
  const targets = [...new Set(p.listen)].map((address) => `'${address}'`).join(', ');
  return replaceExample(text, "targets: ['127.0.0.1:9464']", `targets: [${targets}]`, 'prometheus.yml');
}

/** A word of an ExecStart line, quoted when it must be. */
function systemdWord(word: string): string {
  return /^[\w./:@%+=,-]+$/u.test(word) ? word : `"${word.replace(/["\\]/gu, '\\$&')}"`;
}

function adjustSystemd(text: string, p: OpsProject): string {
  const file = 'cutover-monitor.service';
  const exec = [
    `${p.dir}/node_modules/.bin/cutover`,
    'monitor',
    '--json',
    ...(p.externalUrl ? ['--external-url', p.externalUrl] : []),
    ...p.monitorFiles,
  ]
    .map(systemdWord)
    .join(' ');
  const withExec = replaceExample(
    text,
    'ExecStart=/opt/cutover/node_modules/.bin/cutover monitor --json monitors/production.yaml',
    `ExecStart=${exec}`,
    file,
  );
  return replaceExample(withExec, '/opt/cutover', p.dir, file);
}

function adjustKubernetes(text: string, p: OpsProject): string {
  const file = 'kubernetes.yaml';
  const quoted = (word: string) => `'${word.replace(/'/gu, "''")}'`;
  const external = p.externalUrl ? ['--external-url', p.externalUrl] : [];
  let out = replaceExample(
    text,
    "'--json', '--listen', '0.0.0.0:9464', 'monitors/production.yaml']",
    `${['--json', '--listen', `0.0.0.0:${portOf(p)}`, ...external, ...p.monitorFiles].map(quoted).join(', ')}]`,
    file,
  );
  out = replaceExample(
    out,
    '                - monitors/production.yaml\n',
    p.monitorFiles.map((f) => `                - ${quoted(f)}\n`).join(''),
    file,
  );
  return replaceExample(out, '9464', portOf(p), file);
}

function adjustDockerfile(text: string, p: OpsProject): string {
  return replaceExample(text, '9464', portOf(p), 'Dockerfile');
}

/** Japanese: every message template the config names becomes its cutover.ja.* twin (cutover.tmpl). */
function adjustAlertmanager(text: string, p: OpsProject): string {
  if ((p.lang ?? 'en') === 'en') return text;
  return replaceExample(text, '{{ template "cutover.', '{{ template "cutover.ja.', 'alertmanager.yml');
}

/** Japanese: titles, descriptions and variable labels from grafana/cutover-dashboard.ja.json. */
async function adjustDashboard(text: string, p: OpsProject, dir: string): Promise<string> {
  const lang = p.lang ?? 'en';
  if (lang === 'en') return text;
  const file = join(dir, `grafana/cutover-dashboard.${lang}.json`);
  const table = JSON.parse(await readFile(file, 'utf8')) as DashboardTranslation;
  return translateDashboard(text, table, file);
}
