import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { langOfEnvironment } from '../../src/cli/commands/init-monitor.ts';
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

describe('the language init monitor picks without --lang', () => {
  it('follows LC_ALL, then LANG: ja_* is Japanese, anything else English', () => {
    expect(langOfEnvironment({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(langOfEnvironment({ LC_ALL: 'ja_JP.eucJP', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(langOfEnvironment({ LC_ALL: 'C.UTF-8', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(langOfEnvironment({ LANG: 'ja' })).toBe('ja');
    expect(langOfEnvironment({ LANG: 'jam_JM' })).toBe('en');
    expect(langOfEnvironment({})).toBe('en');
  });
});
