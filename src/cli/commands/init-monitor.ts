import { join, relative, resolve } from 'node:path';
import { loadProject } from '../../config/index.ts';
import { isLang, resolveLang } from '../../foundation/i18n/index.ts';
import { OWN_PACKAGE_DIR } from '../../foundation/index.ts';
import { OPS_DIR, opsFiles } from '../../init/ops-files.ts';
import { writeDraftedProject } from '../../init/write-project.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Output, printProblems } from '../output.ts';
import { refuse } from './init.ts';

export interface InitMonitorOptions {
  config?: string;
  scenarios?: string;
  monitors?: string;
  /** The project's directory where the monitor runs (the systemd unit's); default: this one. */
  dir?: string;
  /** The address people reach the monitor by (alert links); added to the monitor's command line. */
  externalUrl?: string;
  /** The language of the alert messages and dashboard titles (ja | en); default: the config's report.lang, then LC_ALL / LANG, else en. */
  lang?: string;
  force?: boolean;
  /** The project root (default: the working directory). */
  cwd?: string;
}

/**
 * `cutover init monitor`: writes the ops files cutover ships into the project, under
 * monitors/ops/ — alert rules and their promtool tests, Alertmanager config and templates, the
 * Grafana dashboard, a systemd unit, Kubernetes manifests and a Dockerfile — adjusted to the
 * project's monitor files, their metrics port, its directory and external URL. Reads the project
 * first (exit 2 listing every problem, or when there is no monitor file); exit 2 writing nothing
 * when any of the files exists (unless --force), listing every one.
 */
export async function initMonitorCommand(options: InitMonitorOptions, output: Output): Promise<ExitCode> {
  const root = options.cwd ?? process.cwd();
  if (options.externalUrl !== undefined && !/^https?:\/\/[^/]/u.test(options.externalUrl)) {
    output.err(
      `cutover init monitor: --external-url: expected the http(s) address people reach the monitor by, e.g. https://cutover.example.com, got ${JSON.stringify(options.externalUrl)}`,
    );
    return EXIT.invalid;
  }
  if (options.lang !== undefined && !isLang(options.lang)) {
    output.err(`cutover init monitor: --lang: expected ja or en, got ${JSON.stringify(options.lang)}`);
    return EXIT.invalid;
  }
  const loaded = await loadProject({
    cwd: root,
    config: options.config,
    scenarios: options.scenarios,
    monitors: options.monitors,
  });
  if (!loaded.ok) {
    printProblems(output, loaded.problems);
    return EXIT.invalid;
  }
  const { monitors } = loaded.project;
  const lang = resolveLang({
    flag: isLang(options.lang) ? options.lang : undefined,
    config: loaded.project.config.config.report?.lang,
  });
  if (monitors.length === 0) {
    output.err(
      'cutover init monitor: no monitor file to deploy: write one first (monitors/<target>.yaml: target, scenarios, interval; see npx cutover schema monitor). Nothing was written.',
    );
    return EXIT.invalid;
  }
  const files = await opsFiles(join(OWN_PACKAGE_DIR, 'monitors'), {
    dir: resolve(root, options.dir ?? '.'),
    monitorFiles: monitors.map((m) => relative(root, resolve(root, m.file))),
    listen: monitors.map((m) => m.value.listen),
    lang,
    ...(options.externalUrl ? { externalUrl: options.externalUrl.replace(/\/+$/u, '') } : {}),
  });
  for (const m of monitors.filter((m) => m.value.listen.endsWith(':0')))
    output.err(
      `warning: ${m.file} listens on port 0 (a free port at each start): Prometheus cannot find it — set listen: to a fixed port, e.g. 127.0.0.1:9464`,
    );
  const result = await writeDraftedProject(root, { files, todos: [] }, { force: Boolean(options.force) });
  if (!result.ok) {
    refuse(result.plan, output, 'Nothing was written.');
    return EXIT.invalid;
  }
  for (const file of result.plan.files) output.out(`${file.exists ? 'replaced' : 'wrote'} ${file.path}`);
  output.out(
    `\nAlert messages and dashboard titles in ${lang === 'ja' ? 'Japanese (--lang ja)' : 'English (--lang en)'}; the rules carry both texts.`,
  );
  const targets = [...new Set(monitors.map((m) => m.value.target))].join(', ');
  output.out(`\nFor ${monitors.map((m) => m.file).join(', ')} (target ${targets}). Next:`);
  output.out(
    `  promtool test rules ${OPS_DIR}/prometheus/alerts.test.yml ${OPS_DIR}/prometheus/alerts-1s.test.yml`,
  );
  output.out(
    `  amtool check-config ${OPS_DIR}/alertmanager/alertmanager.yml   (after adapting its addresses)`,
  );
  output.out(`  systemd: sudo cp ${OPS_DIR}/deploy/cutover-monitor.service /etc/systemd/system/`);
  output.out(
    `  Kubernetes: docker build -f ${OPS_DIR}/deploy/Dockerfile …, then ${OPS_DIR}/deploy/kubernetes.yaml`,
  );
  if (!options.externalUrl)
    output.out(
      '  Alert links to evidence and runbooks need --external-url (the address people reach the monitor by).',
    );
  return EXIT.ok;
}
