import type { DraftedFile, DraftedProject, DraftTodo } from './drafted-project.ts';
import type { ProbeDraft } from './form/draft-config.ts';
import { draftProbeSection } from './probe-lines.ts';

/** How the user's project loads TypeScript modules: its package.json `type`. */
export type ModuleKind = 'module' | 'commonjs';

const CONFIG = `/**
 * cutover.config.ts — written by \`npx cutover init\`.
 *
 * Targets are the sites the form runs on (legacy, staging, production); each names its form's
 * path, buttons and success page, and the probes that read the systems the site is wired to.
 * Every option of every probe, with its type, default and meaning: node_modules/cutover/docs/probe-options.md
 * The JSON Schema of this file: \`npx cutover schema config\`. Check everything: \`npx cutover validate\`.
 */
// env('NAME') reads a secret from the environment variable NAME (see the staging target below).
import { defineConfig, env } from 'cutover';

export default defineConfig({
  // The synthetic identity of every case run: {marker} (e.g. ct-20261201-7f3a9c) makes this run's
  // mail, CRM record and analytics hit findable — and known to be synthetic.
  synthetic: { marker: 'ct', email: 'qa+{marker}@example.com' },
  // How long checks wait unless a scenario says \`within\`; absence: how long "nothing arrives" is watched.
  defaults: { within: '30s', absence: '5s', submitTimeout: '20s', grace: '3s' },
  forms: {
    // Field keys (used by scenarios' \`input\`) → the label a visitor sees. A vendor rebuild changes
    // ids and names, rarely labels; a target can override one field with a CSS selector.
    contact: {
      fields: {
        company: '会社名',
        name: '氏名',
        email: 'メールアドレス',
        phone: '電話番号',
        industry: '業種',
        employees: '従業員規模',
        timeline: '導入時期',
        message: 'お問い合わせ内容',
        consent: '個人情報の取扱いに同意',
      },
    },
  },
  targets: {
    // cutover's embedded demo world (a Japanese お問い合わせ form with its own mail catcher, CRM and
    // analytics collector, started by cutover on 127.0.0.1): \`npx cutover uat\` passes on it as is.
    demo: {
      url: 'demo://legacy',
      forms: {
        contact: {
          path: '/contact/',
          submit: '送信',
          success: { url: '/contact/thanks\\\\.html', text: 'お問い合わせありがとうございました' },
        },
      },
      probes: {
        notification: { use: 'mailpit', url: 'demo://mailpit', to: 'sales@demo.cutover.test' },
        crm: { use: 'hubspot', url: 'demo://crm', searchLag: '3s', markerField: 'message' },
        analytics: [{ use: 'ga4' }],
      },
    },
    // TODO: your own site. Uncomment, fill in, then \`npx cutover validate\` and \`npx cutover uat --target staging\`.
    // staging: {
    //   url: 'https://stg.example.co.jp',
    //   forms: {
    //     contact: {
    //       path: '/inquiry/',
    //       confirm: '入力内容の確認', // the button to a confirmation screen, if there is one
    //       submit: '送信する', // the button that finally sends
    //       success: { url: '/inquiry/complete', text: '送信が完了しました' },
    //       selectors: { phone: 'input[name="tel"]' }, // a field whose label is not tied to its control
    //     },
    //   },
    //   probes: {
    //     // Secrets are environment-variable names, never values: env('IMAP_PASSWORD').
    //     notification: { use: 'imap', host: 'imap.example.co.jp', user: 'qa@example.co.jp', password: env('IMAP_PASSWORD'), to: 'sales@example.co.jp' },
    //     crm: { use: 'hubspot', url: 'https://api.hubapi.com', token: env('HUBSPOT_TOKEN'), markerField: 'message' },
    //     // or: { use: 'salesforce', loginUrl: 'https://example.my.salesforce.com', clientId: env('SF_CLIENT_ID'), clientSecret: env('SF_CLIENT_SECRET') },
    //     analytics: [{ use: 'ga4' }],
    //   },
    // },
  },
});
`;

const SCENARIO = `# yaml-language-server: $schema=../node_modules/cutover/schemas/scenario.schema.json
# One acceptance case (written by \`npx cutover init\`): the id is the criterion the report shows.
# Templates: {{marker}}, {{email}} (the synthetic address), {{target}}, {{input.<key>}}.
id: AC-01
title: お問い合わせ（UTM付き）が営業通知・CRM・GA4 に届く
form: contact
visit:
  query:
    utm_source: newsletter
    utm_medium: email
    utm_campaign: "{{marker}}"
input:
  company: 株式会社テスト商事
  name: 山田 太郎
  email: "{{email}}"
  phone: 03-1234-5678
  industry: 製造業
  employees: 100-299名
  timeline: 3か月以内
  message: "【自動テスト】返信不要です。（{{marker}}）"
  consent: true
expect:
  submit:
    outcome: accepted
    within: 10s
  notification:
    within: 30s
    count: 1
    subject: { contains: 株式会社テスト商事 }
    fields:
      会社名: 株式会社テスト商事
      メールアドレス: "{{email}}"
      電話番号: 03-1234-5678
  crm:
    within: 30s
    records: 1
    fields:
      email: "{{email}}"
      company: 株式会社テスト商事
      utm_campaign: "{{marker}}"
  analytics:
    within: 15s
    events:
      - name: generate_lead
        source: ga4
        count: 1
        utm: { source: newsletter, medium: email, campaign: "{{marker}}" }
`;

const PLAYWRIGHT_CONFIG = `/**
 * Playwright Test runs cutover's scenario pack: one project per target of cutover.config.ts.
 * \`npx cutover uat\` runs it with cutover's own settings; \`npx playwright test\` runs it through
 * this file (choose targets with CUTOVER_TARGETS=demo,staging).
 */
import { defineConfig } from '@playwright/test';
import { uatConfig } from 'cutover/playwright';

export default defineConfig(await uatConfig());
`;

/**
 * The project \`cutover init\` writes when no form is given: a commented cutover.config.ts whose
 * \`demo\` target passes on the embedded demo world as is (and a commented staging target to fill
 * in), one scenario with the editor schema comment, and the Playwright config. Its top-level
 * \`await\` needs an ES module: in a CommonJS project the file is playwright.config.mts.
 */
export function starterProject(moduleKind: ModuleKind, probes?: ProbeDraft): DraftedProject {
  const files: DraftedFile[] = [
    { path: 'cutover.config.ts', text: probes ? withProbes(CONFIG, probes) : CONFIG },
    { path: 'scenarios/ac-01-inquiry.yaml', text: SCENARIO },
    {
      path: moduleKind === 'module' ? 'playwright.config.ts' : 'playwright.config.mts',
      text: PLAYWRIGHT_CONFIG,
    },
  ];
  return { files, todos: files.flatMap(todosIn) };
}

/** Every `TODO:` comment of a file, with its line. */
function todosIn(file: DraftedFile): DraftTodo[] {
  return file.text.split('\n').flatMap((line, index) => {
    const todo = /(?:\/\/|#)\s*TODO:\s*(.+)$/.exec(line);
    return todo ? [{ path: file.path, line: index + 1, text: todo[1]!.trim() }] : [];
  });
}

/**
 * The starter config with the commented staging target's probes drafted from what was chosen
 * (`--notification`, `--crm`, `--analytics`, or the answers): each with every option it needs.
 */
function withProbes(config: string, probes: ProbeDraft): string {
  const { choices } = probes;
  if (choices.notification === undefined && choices.crm === undefined && choices.analytics === undefined)
    return config;
  const lines = config.split('\n');
  const start = lines.indexOf('    //   probes: {');
  const end = lines.indexOf('    //   },', start);
  if (start < 0 || end < 0) return config;
  const section = draftProbeSection(probes.catalogue, choices, {
    markerField: true,
    values: probes.values,
    indent: '',
  });
  const drafted = section.lines.map((line) =>
    'todo' in line ? `    //     // ${line.todo}` : `    //     ${line.text}`,
  );
  return [
    ...lines.slice(0, start + 1),
    "    //     // Secrets are environment-variable names, never values: env('NAME').",
    ...drafted,
    ...lines.slice(end),
  ].join('\n');
}
