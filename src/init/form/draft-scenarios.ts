import { stringify } from 'yaml';
import type { DraftedFile, DraftTodo } from '../drafted-project.ts';
import type { DraftNames } from './draft-config.ts';
import { type SampleKind, sampleText } from './field-names.ts';
import type { ReadField, ReadForm } from './read-form.ts';
import { TextWithTodos } from './text-with-todos.ts';

type Value = string | boolean;
type Input = Record<string, Value>;

/** Where the editor finds the scenario schema in a project that installed cutover. */
export const SCENARIO_SCHEMA_PATH = '../node_modules/cutover/schemas/scenario.schema.json';

const CONSENT = 'consent';

interface CaseDraft {
  slug: string;
  title: { ja: string; en: string };
  tags: string[];
  input: Input;
  utm?: boolean;
  outcome: 'accepted' | 'rejected';
  errors?: string[];
  notes: Array<{ todo?: string; comment?: string }>;
}

/**
 * The starter pack for a form read: the happy path with UTM, one rejection per required field,
 * invalid email, missing consent, Japanese full-width input. Submit expectations only: the
 * downstream checks need probes the page cannot tell, so each says where they go.
 */
export function draftScenarios(
  read: ReadForm,
  names: DraftNames,
): Array<DraftedFile & { todos: DraftTodo[] }> {
  const happy = inputFor(read.fields, 'happy');
  const cases: CaseDraft[] = [
    {
      slug: 'happy-path-with-utm',
      title: {
        ja: 'UTM付きのお問い合わせが受け付けられる',
        en: 'An inquiry arriving with UTM parameters is accepted',
      },
      tags: ['smoke'],
      input: happy.input,
      utm: true,
      outcome: 'accepted',
      notes: [...happy.notes, ...downstreamTodos(names)],
    },
  ];
  for (const f of read.fields.filter((f) => f.required)) {
    const missing = withoutValue(happy.input, f);
    if (!missing) continue;
    const name = f.label || f.key;
    cases.push({
      slug: f.key === CONSENT ? 'missing-consent' : `requires-${f.key}`,
      title:
        f.kind === 'checkbox'
          ? {
              ja: `「${name}」にチェックがない場合は送信されない`,
              en: `Without ticking "${name}" the form is not sent`,
            }
          : { ja: `「${name}」が未入力の場合は送信されない`, en: `Without "${name}" the form is not sent` },
      tags: ['validation'],
      input: missing,
      outcome: 'rejected',
      errors: [f.key],
      notes: [absenceComment()],
    });
  }
  const email = read.fields.find((f) => f.key === 'email');
  if (email) {
    const confirm = read.fields.find((f) => f.key === 'emailConfirm');
    const input = {
      ...happy.input,
      email: 'yamada@@example',
      ...(confirm ? { emailConfirm: 'yamada@@example' } : {}),
    };
    cases.push({
      slug: 'invalid-email',
      title: {
        ja: 'メールアドレスの形式が誤っている場合は送信されない',
        en: 'A malformed email address is refused',
      },
      tags: ['validation'],
      input,
      outcome: 'rejected',
      errors: ['email'],
      notes: [
        ...(confirm
          ? [
              {
                todo: 'the site may flag the confirmation field (emailConfirm) too: list it in errors if it does',
              },
            ]
          : []),
        absenceComment(),
      ],
    });
  }
  const consent = read.fields.find((f) => f.key === CONSENT);
  if (consent && !consent.required) {
    cases.push({
      slug: 'missing-consent',
      title: {
        ja: `「${consent.label}」にチェックがない場合は送信されない`,
        en: `Without ticking "${consent.label}" the form is not sent`,
      },
      tags: ['validation'],
      input: { ...happy.input, [CONSENT]: false },
      outcome: 'rejected',
      errors: [CONSENT],
      notes: [
        {
          todo: 'the consent box is not marked required on the page: check that the site refuses the form without it',
        },
        absenceComment(),
      ],
    });
  }
  const fullWidth = inputFor(read.fields, 'fullWidth');
  cases.push({
    slug: 'full-width-input',
    title: {
      ja: '全角文字（全角数字・全角スペース・（株））の入力が受け付けられる',
      en: 'Japanese full-width input (digits, spaces, （株）) is accepted',
    },
    tags: ['normalisation'],
    input: fullWidth.input,
    outcome: 'accepted',
    notes: [
      {
        comment:
          'Once probes are set, say how the notification and the CRM record must show these values (e.g. 03-1234-5678, 株式会社).',
      },
    ],
  });
  return cases.map((c, i) => renderCase(c, i + 1, read, names));
}

function renderCase(
  c: CaseDraft,
  n: number,
  read: ReadForm,
  names: DraftNames,
): DraftedFile & { todos: DraftTodo[] } {
  const id = `AC-${String(n).padStart(2, '0')}`;
  const t = new TextWithTodos(`scenarios/${id.toLowerCase()}-${c.slug}.yaml`, '#');
  t.line(`# yaml-language-server: $schema=${SCENARIO_SCHEMA_PATH}`);
  t.line(`id: ${id}`);
  t.line(`title: ${scalar(read.japanese ? c.title.ja : c.title.en)}`);
  t.line(`form: ${names.form}`);
  t.line(`tags: [${c.tags.join(', ')}]`);
  if (c.utm) {
    t.line('visit:').line('  query:');
    t.line('    utm_source: cutover').line('    utm_medium: qa').line('    utm_campaign: "{{marker}}"');
  }
  t.line('input:');
  for (const [key, value] of Object.entries(c.input)) t.line(`  ${key}: ${scalar(value)}`);
  t.line('expect:').line('  submit:').line(`    outcome: ${c.outcome}`);
  if (c.errors) t.line(`    errors: [${c.errors.join(', ')}]`);
  for (const note of c.notes) {
    if (note.todo) t.todo('  ', note.todo);
    if (note.comment) for (const line of note.comment.split('\n')) t.line(`  # ${line}`);
  }
  return { path: t.path, text: t.text(), todos: t.todos };
}

function scalar(value: Value): string {
  return stringify(value).trimEnd();
}

function absenceComment(): { comment: string } {
  return {
    comment:
      'Once probes are set, a refused form must leave nothing behind:\nnotification: { none: true }\ncrm: { none: true }',
  };
}

function downstreamTodos(names: DraftNames): Array<{ todo: string; comment: string }> {
  const at = `targets.${names.target}.probes`;
  return [
    {
      todo: `once ${at}.notification is set, say what the notification must show`,
      comment: 'notification:\n  within: 5m\n  count: 1\n  fields: { 会社名: 株式会社テスト商事 }',
    },
    {
      todo: `once ${at}.crm is set, say what the CRM record must hold (field names as the CRM's API names them)`,
      comment:
        'crm:\n  within: 5m\n  records: 1\n  fields: { email: "{{email}}", utm_campaign: "{{marker}}" }',
    },
    {
      todo: `once ${at}.analytics is set, say which conversion must fire, and how often`,
      comment:
        'analytics:\n  within: 15s\n  events:\n    - { name: generate_lead, count: 1, utm: { campaign: "{{marker}}" } }',
    },
  ];
}

/** Every field's value for one kind of sample, and the marker in a free-text field. */
function inputFor(
  fields: readonly ReadField[],
  sample: SampleKind,
): { input: Input; notes: Array<{ todo: string }> } {
  const input: Input = {};
  const notes: Array<{ todo: string }> = [];
  for (const f of fields) {
    if (f.todo && f.kind === 'radio' && !f.label) continue;
    const value = valueFor(f, sample);
    if (value === undefined) {
      notes.push({ todo: `no sensible value for "${f.label || f.key}" (${f.key}): add one to input` });
      continue;
    }
    input[f.key] = value;
  }
  const markerField = fields.find((f) => f.key === 'message') ?? fields.find((f) => f.kind === 'textarea');
  if (markerField) {
    const current = input[markerField.key];
    if (typeof current === 'string' && !current.includes('{{marker}}'))
      input[markerField.key] = `${current}（{{marker}}）`;
    const max = markerField.maxLength;
    if (max !== undefined && String(input[markerField.key]).length + 10 > max)
      notes.push({
        todo: `${markerField.key} allows ${max} characters: keep {{marker}} in it, shorten the rest`,
      });
  } else {
    notes.push({
      todo: 'no free-text field found to carry the marker: it is in the email address and utm_campaign only',
    });
  }
  return { input, notes };
}

function valueFor(f: ReadField, sample: SampleKind): Value | undefined {
  switch (f.kind) {
    case 'checkbox':
      return f.key === CONSENT || f.required;
    case 'select':
    case 'radio':
      return f.options[0];
    case 'email':
      return '{{email}}';
    case 'tel':
      return sampleText('phone', sample);
    case 'url':
      return 'https://example.com/';
    case 'number':
      return '1';
    case 'date':
      return '2030-01-15';
    default: {
      const text =
        sampleText(f.key, sample) ?? (f.kind === 'textarea' ? sampleText('message', sample) : undefined);
      const value = text ?? (sample === 'fullWidth' ? 'テスト　ＡＢＣ１２３' : 'テスト');
      return f.maxLength !== undefined && !value.includes('{{') ? value.slice(0, f.maxLength) : value;
    }
  }
}

/** The happy input with this one field left as a person who forgets it would: empty, unticked, unpicked. */
function withoutValue(happy: Input, f: ReadField): Input | undefined {
  const input = { ...happy };
  switch (f.kind) {
    case 'checkbox':
      input[f.key] = false;
      return input;
    case 'radio':
      delete input[f.key];
      return input;
    case 'select':
      if (f.placeholderOption === undefined) return undefined;
      input[f.key] = f.placeholderOption;
      return input;
    default:
      input[f.key] = '';
      return input;
  }
}

/** The happy path's input, templates unrendered: what `--probe-submit` sends once. */
export function happyInput(read: ReadForm): Input {
  return inputFor(read.fields, 'happy').input;
}
