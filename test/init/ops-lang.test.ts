import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initMonitorCommand } from '../../src/cli/commands/init-monitor.ts';
import type { Output } from '../../src/cli/output.ts';
import { type DashboardTranslation, translateDashboard } from '../../src/init/dashboard-lang.ts';
import { opsFiles } from '../../src/init/ops-files.ts';
import { REPO_ROOT } from '../support/repo.ts';

/**
 * `cutover init monitor --lang`: which language it picks, and the Grafana dashboard's Japanese
 * titles from grafana/cutover-dashboard.ja.json — every panel, row and variable covered, so a
 * panel added without a translation fails here.
 */

const GRAFANA = join(REPO_ROOT, 'monitors', 'grafana');
const project = { dir: '/srv/site', monitorFiles: ['monitors/renewal.yaml'], listen: ['127.0.0.1:9464'] };

async function shipped(): Promise<{ json: string; table: DashboardTranslation }> {
  return {
    json: await readFile(join(GRAFANA, 'cutover-dashboard.json'), 'utf8'),
    table: JSON.parse(await readFile(join(GRAFANA, 'cutover-dashboard.ja.json'), 'utf8')),
  };
}

interface Panel {
  id: number;
  title: string;
  description?: string;
  panels?: Panel[];
}

const every = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...every(p.panels ?? [])]);

describe('the Japanese dashboard', () => {
  it('has a Japanese title and description for every panel and row of the shipped dashboard, and nothing stale', async () => {
    const { json, table } = await shipped();
    const english = every(JSON.parse(json).panels);
    const japanese = every(JSON.parse(translateDashboard(json, table, 'ja')).panels);
    expect(japanese.map((p) => p.id)).toEqual(english.map((p) => p.id));
    for (const [i, panel] of japanese.entries()) {
      expect(panel.title, `panel ${panel.id}`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect(panel.title, `panel ${panel.id}`).not.toBe(english[i]!.title);
      if (english[i]!.description) expect(panel.description, `panel ${panel.id}`).toMatch(/[\u3040-\u30ff]/u);
    }
    // Every entry of the table names a panel that exists.
    expect(Object.keys(table.panels).sort()).toEqual(english.map((p) => String(p.id)).sort());
  });

  it('refuses a panel, a description or a variable without a translation, naming each', async () => {
    const { json, table } = await shipped();
    const dashboard = JSON.parse(json);
    dashboard.panels.push({ id: 999, type: 'stat', title: 'Brand new panel', description: 'new' });
    const { '2': _dropped, ...panels } = table.panels;
    const variables = { ...table.variables };
    delete variables.window;
    expect(() =>
      translateDashboard(
        JSON.stringify(dashboard),
        { ...table, panels, variables },
        'cutover-dashboard.ja.json',
      ),
    ).toThrow(
      'cutover-dashboard.ja.json: no translation for panel 2 "Monitor up", panel 999 "Brand new panel", variable window of the Grafana dashboard',
    );
  });

  it('is what init monitor writes for ja; queries are untouched; en is the shipped file as it is', async () => {
    const monitors = join(REPO_ROOT, 'monitors');
    const path = 'monitors/ops/grafana/cutover-dashboard.json';
    const ja = (await opsFiles(monitors, { ...project, lang: 'ja' })).find((f) => f.path === path)!;
    const en = (await opsFiles(monitors, project)).find((f) => f.path === path)!;
    expect(en.text).toBe((await shipped()).json);
    const written = JSON.parse(ja.text);
    expect(written.title).toBe('cutover — 問い合わせフォーム監視');
    expect(written.templating.list.map((v: { label: string }) => v.label)).toEqual([
      'Prometheus',
      '対象',
      'シナリオ',
      '分位点の集計期間',
    ]);
    const exprs = (text: string) => [...text.matchAll(/"expr": "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    expect(exprs(ja.text)).toEqual(exprs(en.text));
  });

  it('init monitor for ja names the Japanese Alertmanager templates; the rules are the same in both', async () => {
    const monitors = join(REPO_ROOT, 'monitors');
    const ja = await opsFiles(monitors, { ...project, lang: 'ja' });
    const en = await opsFiles(monitors, { ...project, lang: 'en' });
    const file = (files: typeof ja, path: string) => files.find((f) => f.path.endsWith(path))!.text;
    expect(file(ja, 'alertmanager.yml')).toContain(`text: '{{ template "cutover.ja.slack.text" . }}'`);
    expect(file(en, 'alertmanager.yml')).toContain(`text: '{{ template "cutover.slack.text" . }}'`);
    expect(file(ja, 'alerts.rules.yml')).toBe(file(en, 'alerts.rules.yml'));
    expect(file(ja, 'alerts.rules.yml')).toContain("summary_ja: 'CRM レコードの内容相違: ");
  });
});

describe('the language init monitor picks', () => {
  /** init monitor in a copy of the validate fixture, with this report.lang (if any) and environment. */
  async function written(options: { reportLang?: 'ja' | 'en'; flag?: string; env?: NodeJS.ProcessEnv }) {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-ops-lang-'));
    try {
      await cp(join(REPO_ROOT, 'test', 'fixtures', 'validate'), dir, { recursive: true });
      if (options.reportLang) {
        const config = join(dir, 'cutover.config.ts');
        const text = await readFile(config, 'utf8');
        await writeFile(
          config,
          text.replace('export default {', `export default {\n  report: { lang: '${options.reportLang}' },`),
        );
      }
      const lines: string[] = [];
      const output = {
        out: (t: string) => lines.push(t),
        err: (t: string) => lines.push(t),
      } as unknown as Output;
      const saved = {
        LANG: process.env.LANG,
        LC_ALL: process.env.LC_ALL,
        TEST_HUBSPOT_TOKEN: process.env.TEST_HUBSPOT_TOKEN,
      };
      // The fixture's CRM token is read from the environment: any value loads it.
      Object.assign(process.env, { LANG: '', LC_ALL: '', TEST_HUBSPOT_TOKEN: 'pat-test' }, options.env);
      try {
        const code = await initMonitorCommand(
          { cwd: dir, ...(options.flag ? { lang: options.flag } : {}) },
          output,
        );
        if (code !== 0) return { code, lines };
      } finally {
        for (const [key, value] of Object.entries(saved))
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
      }
      const config = await readFile(join(dir, 'monitors/ops/alertmanager/alertmanager.yml'), 'utf8');
      return { code: 0, lines, lang: config.includes('template "cutover.ja.') ? 'ja' : 'en' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('follows the config’s report.lang, then LC_ALL / LANG, else English; --lang wins', async () => {
    const first = await written({ reportLang: 'ja' });
    expect(first.lang, first.lines.join('\n')).toBe('ja');
    expect((await written({ reportLang: 'ja', env: { LANG: 'en_US.UTF-8' } })).lang).toBe('ja');
    expect((await written({ reportLang: 'en', env: { LANG: 'ja_JP.UTF-8' } })).lang).toBe('en');
    expect((await written({ env: { LANG: 'ja_JP.UTF-8' } })).lang).toBe('ja');
    expect((await written({ env: { LC_ALL: 'C.UTF-8', LANG: 'ja_JP.UTF-8' } })).lang).toBe('en');
    expect((await written({})).lang).toBe('en');
    const flagged = await written({ reportLang: 'ja', flag: 'en' });
    expect(flagged.lang).toBe('en');
    expect(flagged.lines.join('\n')).toContain('Alert messages and dashboard titles in English (--lang en)');
  }, 60_000);

  it('refuses a language it does not have, writing nothing', async () => {
    const refused = await written({ flag: 'fr' });
    expect(refused.code).toBe(2);
    expect(refused.lines.join('\n')).toContain('cutover init monitor: --lang: expected ja or en, got "fr"');
  });
});
