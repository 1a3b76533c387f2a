import { describe, expect, it } from 'vitest';
import type { DraftedProject } from '../../src/init/drafted-project.ts';
import type { ControlFacts, FormFacts } from '../../src/init/form/dom-facts.ts';
import { draftConfig, type LearnedFinish } from '../../src/init/form/draft-config.ts';
import { draftScenarios } from '../../src/init/form/draft-scenarios.ts';
import { type ReadForm, toReadForm } from '../../src/init/form/read-form.ts';
import { control } from './control-facts.ts';
import { writeDrafted } from './drafted-project-dir.ts';
import { NO_PROBES } from './probe-draft.ts';

function facts(
  controls: ControlFacts[],
  buttons: FormFacts['buttons'],
  more: Partial<FormFacts> = {},
): FormFacts {
  return { lang: 'ja', title: '', noValidate: true, controls, buttons, ...more };
}

const button = (name: string, type = 'submit') => ({ name, type, visible: true, inForm: true });

const SHOP_FORM = facts(
  [
    control({ labels: ['会社名【必須】'], name: 'corp' }),
    control({ labels: ['氏名'], labelContext: '氏名 ※必須', name: 'shimei' }),
    control({ labels: ['名'], name: 'mei' }),
    control({ type: 'email', labelledBy: 'メールアドレス', required: true, name: 'm' }),
    control({
      tag: 'select',
      type: 'select',
      labels: ['ご用件'],
      required: true,
      options: [
        { text: '選択してください', value: '' },
        { text: '見積もり', value: 'q' },
        { text: '資料請求', value: 'd' },
      ],
    }),
    control({
      type: 'radio',
      name: 'plan',
      groupName: 'ご希望のプラン',
      groupRef: 'g1',
      groupContext: 'ご希望のプラン 必須',
      value: 'a',
      labels: ['ライト'],
    }),
    control({
      type: 'radio',
      name: 'plan',
      groupName: 'ご希望のプラン',
      groupRef: 'g1',
      value: 'b',
      labels: ['スタンダード'],
    }),
    control({ tag: 'textarea', type: 'textarea', placeholder: 'ご相談内容', maxLength: 400 }),
    control({ type: 'checkbox', labels: ['個人情報の取り扱いに同意する'], ariaRequired: true }),
  ],
  [button('リセット', 'reset'), button('入力内容を確認する')],
);

function withFinish(read: ReadForm, learned?: LearnedFinish): DraftedProject {
  const names = { target: 'staging', form: 'contact' };
  const parts = [
    draftConfig(read, names, { probes: NO_PROBES, learned, markerField: true }),
    ...draftScenarios(read, names, { pack: 'all' }),
  ];
  return { files: parts.map(({ path, text }) => ({ path, text })), todos: parts.flatMap((p) => p.todos) };
}

describe('reading a form as a person sees it', () => {
  const read = toReadForm('https://staging.example.co.jp/contact/', SHOP_FORM);

  it('names fields by label without the 必須 badge, and knows which are required and by what', () => {
    expect(read.fields.map((f) => [f.key, f.label, f.kind, f.requiredBy ?? 'optional'])).toEqual([
      ['company', '会社名', 'text', 'visible marker'],
      ['name', '氏名', 'text', 'visible marker'],
      ['first_name', '名', 'text', 'optional'],
      ['email', 'メールアドレス', 'email', 'required attribute'],
      ['category', 'ご用件', 'select', 'required attribute'],
      ['plan', 'ご希望のプラン', 'radio', 'visible marker'],
      ['message', 'ご相談内容', 'textarea', 'optional'],
      ['consent', '個人情報の取り扱いに同意する', 'checkbox', 'aria-required'],
    ]);
  });

  it('keeps a radio group as one field with its options, and a select’s options without its placeholder', () => {
    expect(read.fields.find((f) => f.key === 'plan')?.options).toEqual(['ライト', 'スタンダード']);
    const select = read.fields.find((f) => f.key === 'category');
    expect(select).toMatchObject({
      options: ['見積もり', '資料請求'],
      placeholderOption: '選択してください',
    });
  });

  it('matches a label exactly when it is part of another label (名 in 氏名)', () => {
    expect(read.fields.filter((f) => f.exact).map((f) => f.key)).toEqual(['first_name']);
  });

  it('takes the confirm button, not the reset button', () => {
    expect(read.buttons).toEqual({ confirm: '入力内容を確認する' });
  });

  it('an English form gets English keys and titles', () => {
    const english = toReadForm(
      'https://staging.example.com/contact',
      facts(
        [
          control({ labels: ['Company *'] }),
          control({ type: 'email', labels: ['Work email'], required: true }),
          control({ type: 'checkbox', labels: ['I agree to the privacy policy'] }),
        ],
        [button('Send')],
        { lang: 'en' },
      ),
    );
    expect(english.fields.map((f) => `${f.key}=${f.label}${f.required ? ' (required)' : ''}`)).toEqual([
      'company=Company (required)',
      'email=Work email (required)',
      'consent=I agree to the privacy policy',
    ]);
    const titles = (pack: 'small' | 'all') =>
      draftScenarios(english, { target: 'staging', form: 'contact' }, { pack }).map(
        (f) => /^title: (.*)$/m.exec(f.text)?.[1],
      );
    expect(titles('small')).toEqual([
      'An inquiry arriving with UTM parameters is accepted',
      'A malformed email address is refused',
      'Without the required "Company" the form is not sent',
      'Without ticking "I agree to the privacy policy" the form is not sent',
      'The same person sending twice updates one CRM record rather than creating a second',
    ]);
    expect(titles('all')).toEqual([
      'An inquiry arriving with UTM parameters is accepted',
      'Without "Company" the form is not sent',
      'Without "Work email" the form is not sent',
      'A malformed email address is refused',
      'Without ticking "I agree to the privacy policy" the form is not sent',
      'Japanese full-width input (digits, spaces, （株）) is accepted',
      'The same person sending twice updates one CRM record rather than creating a second',
    ]);
  });
});

describe('drafting the pack from what was read', () => {
  const read = toReadForm('https://staging.example.co.jp/contact/', SHOP_FORM);

  it('--all validates with the project loader: one rejection per required field, full-width input, a resubmission', async () => {
    const drafted = withFinish(read);
    const dir = await writeDrafted(drafted);
    try {
      const project = await dir.load();
      const summary = project.scenarios.map((s) => {
        const { outcome, errors } = s.value.expect.submit;
        return `${s.value.id} ${outcome}${errors ? ` ${errors.join(',')}` : ''}`;
      });
      expect(summary).toEqual([
        'AC-01 accepted',
        'AC-02 rejected company',
        'AC-03 rejected name',
        'AC-04 rejected email',
        'AC-05 rejected category',
        'AC-06 rejected plan',
        'AC-07 rejected consent',
        'AC-08 rejected email',
        'AC-09 accepted',
        'AC-10 accepted',
      ]);
      const byId = new Map(project.scenarios.map((s) => [s.value.id, s.value]));
      // A required select is left at its placeholder, a required radio group is left unpicked.
      expect(byId.get('AC-05')?.input.category).toBe('選択してください');
      expect(byId.get('AC-06')?.input).not.toHaveProperty('plan');
      expect(byId.get('AC-01')?.input).toMatchObject({ plan: 'ライト', category: '見積もり', consent: true });
      expect(byId.get('AC-01')?.visit.query).toEqual({
        utm_source: 'cutover',
        utm_medium: 'qa',
        utm_campaign: '{{marker}}',
      });
      // The marker rides in the free-text field.
      expect(String(byId.get('AC-01')?.input.message)).toContain('{{marker}}');
      expect(byId.get('AC-09')?.input).toMatchObject({ company: '（株）テスト商事', name: '山田　太郎' });
      expect(byId.get('AC-10')?.submissions).toBe(2);
    } finally {
      await dir.remove();
    }
  });

  it('writes every TODO at its line, and returns it with that line', () => {
    const drafted = withFinish(read);
    expect(drafted.todos.length).toBeGreaterThan(0);
    for (const todo of drafted.todos) {
      const text = drafted.files.find((f) => f.path === todo.path)?.text ?? '';
      expect(text.split('\n')[todo.line - 1]).toMatch(
        new RegExp(`^\\s*(//|#) TODO: ${escapeRegExp(todo.text)}$`),
      );
    }
    expect(drafted.todos.map((t) => `${t.path} ${t.text}`)).toContainEqual(
      expect.stringMatching(/^cutover\.config\.ts the final button of the confirmation screen was not seen/),
    );
  });

  it('with what --probe-submit learned, the flow has no TODO and says where it came from', () => {
    const config = draftConfig(
      read,
      { target: 'staging', form: 'contact' },
      {
        probes: NO_PROBES,
        markerField: true,
        learned: {
          submit: '送信する',
          confirmation: 'separate page',
          success: { url: '/contact/thanks\\.html', text: 'ありがとうございました' },
        },
      },
    );
    expect(config.text).toContain("submit: '送信する',");
    expect(config.text).toContain(
      "success: { url: '/contact/thanks\\\\.html', text: 'ありがとうございました' },",
    );
    expect(config.todos.map((t) => t.text)).not.toContainEqual(expect.stringMatching(/success|final button/));
  });

  it('keeps credentials and the query string (a preview token) out of the drafted files', () => {
    const secretUrl = 'https://qa:s3cret-pass@staging.example.co.jp/contact/?preview_token=tok-9f8e7d';
    const drafted = withFinish(toReadForm(secretUrl, SHOP_FORM));
    for (const file of drafted.files) {
      expect(file.text).not.toContain('s3cret-pass');
      expect(file.text).not.toContain('tok-9f8e7d');
    }
    expect(drafted.files[0]?.text).toContain("url: 'https://staging.example.co.jp',");
    expect(drafted.todos.map((t) => t.text)).toContainEqual(
      expect.stringMatching(/^the URL’s query string was left out of path/),
    );
  });

  it('a required select with no empty option gets no rejection case (it cannot be left empty)', () => {
    const strict = toReadForm(
      'https://staging.example.co.jp/contact/',
      facts(
        [
          control({ type: 'email', labels: ['メール'], required: true }),
          control({
            tag: 'select',
            type: 'select',
            labels: ['ご用件'],
            required: true,
            options: [{ text: '見積もり', value: 'q' }],
          }),
        ],
        [button('送信')],
      ),
    );
    const files = draftScenarios(strict, { target: 'staging', form: 'contact' }, { pack: 'all' }).map(
      (f) => f.path,
    );
    expect(files).toEqual([
      'scenarios/ac-01-happy-path-with-utm.yaml',
      'scenarios/ac-02-requires-email.yaml',
      'scenarios/ac-03-invalid-email.yaml',
      'scenarios/ac-04-full-width-input.yaml',
      'scenarios/ac-05-resubmission.yaml',
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('draftFromUrl before any browser starts', () => {
  it('refuses what is not an http(s) URL of a form page, saying what it expected', async () => {
    const { draftFromUrl } = await import('../../src/init/draft-from-url.ts');
    const options = { probeSubmit: false, log: () => {}, probes: NO_PROBES };
    await expect(draftFromUrl('staging.example.co.jp/contact', options)).rejects.toThrow(
      'not a URL: "staging.example.co.jp/contact" (expected e.g. https://staging.example.co.jp/contact/)',
    );
    await expect(draftFromUrl('demo://legacy/contact/', options)).rejects.toThrow(
      'expected an http or https URL of the form page, got demo:',
    );
  });
});
