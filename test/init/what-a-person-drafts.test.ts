import { describe, expect, it } from 'vitest';
import { probeChoicesOf } from '../../src/cli/commands/init-probes.ts';
import { askProbes } from '../../src/cli/commands/init-prompt.ts';
import type { DraftedProject } from '../../src/init/drafted-project.ts';
import type { ControlFacts, FormFacts } from '../../src/init/form/dom-facts.ts';
import { draftConfig, type ProbeDraft } from '../../src/init/form/draft-config.ts';
import { draftScenarios, type PackSize } from '../../src/init/form/draft-scenarios.ts';
import { fieldKey } from '../../src/init/form/field-names.ts';
import { type ReadForm, toReadForm } from '../../src/init/form/read-form.ts';
import { PROBE_KINDS } from '../../src/init/probe-lines.ts';
import { PROBES } from '../../src/probes/index.ts';
import { control } from './control-facts.ts';
import { writeDrafted } from './drafted-project-dir.ts';
import { catalogue, chosen, envOf, NO_PROBES, scripted } from './probe-draft.ts';

/**
 * issue #24, part 6: what `cutover init` drafts is what a person would write — keys from the
 * labels, sample values split the way the form splits them, the cases written first, and probe
 * lines with every option they need.
 */

function form(controls: ControlFacts[]): ReadForm {
  const facts: FormFacts = {
    lang: 'ja',
    title: 'お問い合わせ',
    noValidate: true,
    controls,
    buttons: [{ name: '送信する', type: 'submit', visible: true, inForm: true }],
  };
  return toReadForm('https://staging.example.co.jp/contact/', facts);
}

/** The お問い合わせ form of the issue: the vendor named the 姓 and 名 boxes name and name2. */
const SPLIT_NAME_FORM = [
  control({ labels: ['会社名'], name: 'company' }),
  control({ labels: ['お名前（姓）'], name: 'name', required: true }),
  control({ labels: ['お名前（名）'], name: 'name2', required: true }),
  control({ labels: ['フリガナ（セイ）'], name: 'kana' }),
  control({ labels: ['フリガナ（メイ）'], name: 'kana2' }),
  control({ labels: ['郵便番号'], name: 'zip' }),
  control({ type: 'tel', labels: ['電話番号'], name: 'tel' }),
  control({ type: 'email', labels: ['メールアドレス'], name: 'mail', required: true }),
  control({ tag: 'textarea', type: 'textarea', labels: ['お問い合わせ内容'], name: 'body' }),
];
const CONSENT = control({ type: 'checkbox', labels: ['個人情報の取扱いに同意する'], required: true });

const NAMES = { target: 'staging', form: 'contact' };

function draft(read: ReadForm, probes: ProbeDraft, pack: PackSize = 'small'): DraftedProject {
  const config = draftConfig(read, NAMES, { probes, markerField: true });
  const parts = [config, ...draftScenarios(read, NAMES, { pack, probes: config.probes })];
  return { files: parts.map(({ path, text }) => ({ path, text })), todos: parts.flatMap((p) => p.todos) };
}

describe('field keys a person would write', () => {
  it.each([
    ['お名前（姓）', 'last_name'],
    ['お名前（名）', 'first_name'],
    ['お名前(姓)', 'last_name'],
    ['姓', 'last_name'],
    ['名', 'first_name'],
    ['氏', 'last_name'],
    ['ご担当者名（姓）', 'last_name'],
    ['せい', 'last_name_kana'],
    ['めい', 'first_name_kana'],
    ['セイ', 'last_name_kana'],
    ['メイ', 'first_name_kana'],
    ['フリガナ（姓）', 'last_name_kana'],
    ['フリガナ（名）', 'first_name_kana'],
    ['フリガナ（セイ）', 'last_name_kana'],
    ['ふりがな（めい）', 'first_name_kana'],
    ['お名前（フリガナ）', 'name_kana'],
    ['フリガナ', 'name_kana'],
    ['会社名（フリガナ）', 'company_kana'],
    ['氏名', 'name'],
    ['お名前', 'name'],
    ['会社名', 'company'],
    ['電話番号', 'phone'],
    ['郵便番号', 'zip'],
    ['メールアドレス（確認用）', 'email_confirm'],
    ['Last name', 'last_name'],
    ['First name', 'first_name'],
    ['Preferred contact time', 'preferred_contact_time'],
    ['ご予算', 'budget'],
  ])('%s → %s', (label, key) => {
    expect(fieldKey(label, 'text', 'f12')).toBe(key);
  });

  it('an unknown Japanese label takes a readable name attribute, never a numbered one', () => {
    expect(fieldKey('ご希望の資料', 'text', 'entry[document]')).toBe('document');
    expect(fieldKey('ご希望の資料', 'text', 'contactForm')).toBe('contact_form');
    expect(fieldKey('ご希望の資料', 'text', 'f12')).toBe('field');
  });

  it('お名前（姓）/お名前（名） are last_name/first_name with 山田 / 太郎, their readings ヤマダ / タロウ', () => {
    const read = form(SPLIT_NAME_FORM);
    expect(read.fields.map((f) => f.key)).toEqual([
      'company',
      'last_name',
      'first_name',
      'last_name_kana',
      'first_name_kana',
      'zip',
      'phone',
      'email',
      'message',
    ]);
    const happy = draftScenarios(read, NAMES)[0]!.text;
    expect(happy).toMatch(/^ {2}last_name: 山田$/m);
    expect(happy).toMatch(/^ {2}first_name: 太郎$/m);
    expect(happy).toMatch(/^ {2}last_name_kana: ヤマダ$/m);
    expect(happy).toMatch(/^ {2}first_name_kana: タロウ$/m);
    expect(happy).not.toContain('山田 太郎');
    expect(happy).not.toContain('テスト\n');
  });

  it('a ふりがな form gets its reading in hiragana', () => {
    const read = form([control({ labels: ['せい'] }), control({ labels: ['めい'] })]);
    const happy = draftScenarios(read, NAMES)[0]!.text;
    expect(happy).toMatch(/^ {2}last_name_kana: やまだ$/m);
    expect(happy).toMatch(/^ {2}first_name_kana: たろう$/m);
  });
});

describe('the starter pack', () => {
  const ids = (drafted: DraftedProject) =>
    drafted.files.map((f) => f.path).filter((p) => p.startsWith('scenarios/'));

  it('is the five cases a person writes first: UTM, invalid email, a missing required field, missing consent, a resubmission', async () => {
    const drafted = draft(form([...SPLIT_NAME_FORM, CONSENT]), NO_PROBES);
    expect(ids(drafted)).toEqual([
      'scenarios/ac-01-happy-path-with-utm.yaml',
      'scenarios/ac-02-invalid-email.yaml',
      'scenarios/ac-03-missing-required.yaml',
      'scenarios/ac-04-missing-consent.yaml',
      'scenarios/ac-05-resubmission.yaml',
    ]);
    const dir = await writeDrafted(drafted);
    try {
      const project = await dir.load();
      const byId = new Map(project.scenarios.map((s) => [s.value.id, s.value]));
      expect(byId.get('AC-01')?.visit.query).toMatchObject({ utm_campaign: '{{marker}}' });
      expect(byId.get('AC-03')?.expect.submit).toMatchObject({ outcome: 'rejected', errors: ['last_name'] });
      expect(byId.get('AC-03')?.input.last_name).toBe('');
      expect(byId.get('AC-04')?.input.consent).toBe(false);
      expect(byId.get('AC-05')?.submissions).toBe(2);
      // Without a CRM probe the resubmission's CRM check is a TODO with the check a person writes.
      expect(drafted.files.find((f) => f.path.endsWith('resubmission.yaml'))?.text).toContain(
        '#   updated: true',
      );
    } finally {
      await dir.remove();
    }
  });

  it('is four without a consent box', () => {
    expect(ids(draft(form(SPLIT_NAME_FORM), NO_PROBES))).toEqual([
      'scenarios/ac-01-happy-path-with-utm.yaml',
      'scenarios/ac-02-invalid-email.yaml',
      'scenarios/ac-03-missing-required.yaml',
      'scenarios/ac-04-resubmission.yaml',
    ]);
  });

  it('--all is the exhaustive draft: every required field, full-width input, and the resubmission', () => {
    expect(ids(draft(form([...SPLIT_NAME_FORM, CONSENT]), NO_PROBES, 'all'))).toEqual([
      'scenarios/ac-01-happy-path-with-utm.yaml',
      'scenarios/ac-02-requires-last-name.yaml',
      'scenarios/ac-03-requires-first-name.yaml',
      'scenarios/ac-04-requires-email.yaml',
      'scenarios/ac-05-missing-consent.yaml',
      'scenarios/ac-06-invalid-email.yaml',
      'scenarios/ac-07-full-width-input.yaml',
      'scenarios/ac-08-resubmission.yaml',
    ]);
  });
});

describe('probe lines drafted from the registry', () => {
  it('the CRM example, when no CRM was named, has every option it needs: url, token and markerField', () => {
    const config = draft(form(SPLIT_NAME_FORM), NO_PROBES).files[0]!.text;
    expect(config).toContain(
      "// crm: { use: 'hubspot', url: 'https://api.hubapi.com', token: env('HUBSPOT_TOKEN'), markerField: 'message' },",
    );
    expect(config).toContain("import { defineConfig } from 'cutover';");
  });

  const every = PROBE_KINDS.flatMap((kind) => PROBES[kind].map((p) => [kind, p.use] as const));
  it.each(every)(
    '%s %s: drafted with every required option, secrets as env(), and the pack validates with it',
    async (kind, use) => {
      const choices = { notification: [], crm: null, analytics: [], [kind]: kind === 'crm' ? use : [use] };
      const drafted = draft(form([...SPLIT_NAME_FORM, CONSENT]), chosen(choices));
      const config = drafted.files[0]!.text;
      expect(config).toMatch(new RegExp(`use: '${use}'`));
      expect(config).not.toMatch(new RegExp(`//.*use: '${use}'`));
      if (/^\s+[^/\s*].*env\('/m.test(config))
        expect(config).toContain("import { defineConfig, env } from 'cutover';");
      const dir = await writeDrafted(drafted);
      try {
        const project = await dir.load(envOf(config));
        const target = project.config.config.targets.staging!;
        const probes =
          kind === 'crm'
            ? [target.probes.crm]
            : kind === 'notification'
              ? target.probes.notification
              : target.probes.analytics;
        expect(probes.map((p) => p?.use)).toEqual([use]);
        // The chosen system's checks are live in the pack (validate cross-checks them against the probes).
        const happy = project.scenarios.find((s) => s.value.id === 'AC-01')!.value.expect;
        expect(happy[kind]).toBeDefined();
      } finally {
        await dir.remove();
      }
    },
  );

  it('a missing environment variable is what validate reports, by its name', async () => {
    const drafted = draft(form(SPLIT_NAME_FORM), chosen({ crm: 'hubspot' }));
    const dir = await writeDrafted(drafted);
    try {
      await expect(dir.load({})).rejects.toThrow(/environment variable HUBSPOT_TOKEN is not set/);
    } finally {
      await dir.remove();
    }
  });

  it('flags choose probes by registry name, `none` for none; an unknown name is a usage problem listing the choices', () => {
    expect(
      probeChoicesOf({ notification: 'imap', crm: 'hubspot', analytics: 'ga4,datalayer' }, catalogue),
    ).toEqual({
      choices: { notification: ['imap'], crm: 'hubspot', analytics: ['ga4', 'datalayer'] },
      problems: [],
    });
    expect(probeChoicesOf({ crm: 'none', analytics: 'none' }, catalogue).choices).toEqual({
      crm: null,
      analytics: [],
    });
    expect(probeChoicesOf({ crm: 'hubsopt', notification: 'imap,teams' }, catalogue).problems).toEqual([
      {
        flag: '--notification',
        message: 'expected one or more of mailpit, imap, slack, webhook, or none; got "imap,teams"',
      },
      {
        flag: '--crm',
        message: 'expected one of hubspot, salesforce, rest, kintone, or none; got "hubsopt"',
      },
    ]);
  });
});

describe('the interactive questions', () => {
  it('ask which system of each kind (from the registry), then the options each needs; the answers are drafted', async () => {
    const ask = scripted([
      '2', // notification: imap
      'hubspot', // crm
      '1,2', // analytics: ga4, datalayer
      'imap.our-site.co.jp', // imap host
      '', // imap user: keep the example
      'eigyo@our-site.co.jp', // imap to
      '', // hubspot url: keep the default
      'inquiry_message', // hubspot markerField
    ]);
    const said: string[] = [];
    const { choices, values } = await askProbes(ask, catalogue, {}, (l) => said.push(l), {
      markerField: true,
    });
    expect(choices).toEqual({ notification: ['imap'], crm: 'hubspot', analytics: ['ga4', 'datalayer'] });
    // The choices are the registry's, listed by number.
    expect(said).toContain('  1) mailpit    Mailpit (or any Mailpit-compatible catcher) on a staging site');
    expect(ask.questions.slice(3).map((q) => q.split(' ')[2])).toEqual([
      'host',
      'user',
      'to',
      'url',
      'markerField',
    ]);
    // No secret is asked: it is drafted as env('NAME').
    expect(ask.questions.join('\n')).not.toMatch(/password|token/);

    const config = draft(form(SPLIT_NAME_FORM), { catalogue, choices, values }).files[0]!.text;
    expect(config).toContain("host: 'imap.our-site.co.jp',");
    expect(config).toContain("user: 'qa@example.co.jp',");
    expect(config).toContain("password: env('IMAP_PASSWORD'),");
    expect(config).toContain("to: 'eigyo@our-site.co.jp',");
    expect(config).toContain("markerField: 'inquiry_message',");
    expect(config).toContain("token: env('HUBSPOT_TOKEN'),");
    expect(config).toContain("analytics: [{ use: 'ga4' }, { use: 'datalayer' }],");
    expect(config).toMatch(
      /TODO: imap: replace the example user with your site’s; set IMAP_PASSWORD in the environment/,
    );
  });

  it('ask nothing the flags already answered, and take `none`, and ask again after an answer that is not on the list', async () => {
    const ask = scripted(['salesforse', 'none', '']);
    const said: string[] = [];
    const { choices } = await askProbes(ask, catalogue, { notification: [] }, (l) => said.push(l), {
      markerField: true,
    });
    expect(choices).toEqual({ notification: [], crm: null });
    expect(ask.questions.map((q) => q.split(' ')[0])).toEqual(['CRM', 'CRM', 'Analytics']);
    expect(said).toContain('  expected a number or a name from the list above, or none');
  });
});
