import { stringify } from 'yaml';
import type { DraftedFile, DraftTodo } from '../drafted-project.ts';
import type { DraftedProbes } from '../probe-lines.ts';
import type { DraftNames } from './draft-config.ts';
import { type SampleKind, sampleText } from './field-names.ts';
import type { ReadField, ReadForm } from './read-form.ts';
import { TextWithTodos } from './text-with-todos.ts';

type Value = string | boolean;
type Input = Record<string, Value>;

/** Where the editor finds the scenario schema in a project that installed cutover. */
export const SCENARIO_SCHEMA_PATH = '../node_modules/cutover/schemas/scenario.schema.json';

const CONSENT = 'consent';

/**
 * Which starter pack: `small`, the cases a person writes first (an accepted inquiry with UTM, an
 * invalid email, a missing required field, missing consent, a resubmission); `all`, every case
 * init can draft (one rejection per required field, full-width input too).
 */
export type PackSize = 'small' | 'all';

interface CaseDraft {
  slug: string;
  title: { ja: string; en: string };
  tags: string[];
  input: Input;
  utm?: boolean;
  submissions?: number;
  outcome: 'accepted' | 'rejected';
  errors?: string[];
  /** What the downstream systems must show: live YAML under `expect` (for the probes drafted), and comments. */
  downstream: Note[];
  notes: Note[];
}

type Note = { todo?: string; comment?: string; yaml?: string };

export interface ScenarioDraftOptions {
  pack: PackSize;
  /** The probes drafted into the target: their checks are written live, the others as TODOs. */
  probes?: DraftedProbes;
}

/** The probes of a target nothing was chosen for: every downstream check is a TODO. */
const NO_PROBES: DraftedProbes = { notification: false, analytics: [] };

/**
 * The starter pack for a form read (see {@link PackSize}). Each case checks the submit; the
 * downstream checks are live for the probes the target has, and TODOs with an example otherwise.
 */
export function draftScenarios(
  read: ReadForm,
  names: DraftNames,
  options: ScenarioDraftOptions = { pack: 'small' },
): Array<DraftedFile & { todos: DraftTodo[] }> {
  const probes = options.probes ?? NO_PROBES;
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
      downstream: accepted(probes, names, 1),
      notes: happy.notes,
    },
  ];
  const refused = refusedDownstream(probes, names);
  const email = read.fields.find((f) => f.key === 'email');
  const invalidEmail = (): CaseDraft | undefined => {
    if (!email) return undefined;
    const confirm = read.fields.find((f) => f.key === 'email_confirm');
    return {
      slug: 'invalid-email',
      title: {
        ja: 'メールアドレスの形式が誤っている場合は送信されない',
        en: 'A malformed email address is refused',
      },
      tags: ['validation'],
      input: {
        ...happy.input,
        email: 'yamada@@example',
        ...(confirm ? { email_confirm: 'yamada@@example' } : {}),
      },
      outcome: 'rejected',
      errors: ['email'],
      downstream: refused,
      notes: confirm
        ? [
            {
              todo: 'the site may flag the confirmation field (email_confirm) too: list it in errors if it does',
            },
          ]
        : [],
    };
  };
  const consent = read.fields.find((f) => f.key === CONSENT);
  const missingConsent = (): CaseDraft | undefined => {
    if (!consent) return undefined;
    return {
      slug: 'missing-consent',
      title: {
        ja: `「${consent.label || consent.key}」にチェックがない場合は送信されない`,
        en: `Without ticking "${consent.label || consent.key}" the form is not sent`,
      },
      tags: ['validation'],
      input: { ...happy.input, [CONSENT]: false },
      outcome: 'rejected',
      errors: [CONSENT],
      downstream: refused,
      notes: consent.required
        ? []
        : [
            {
              todo: 'the consent box is not marked required on the page: check that the site refuses the form without it',
            },
          ],
    };
  };
  const requiredCase = (f: ReadField, slug: string, small: boolean): CaseDraft | undefined => {
    const missing = withoutValue(happy.input, f);
    if (!missing) return undefined;
    const name = f.label || f.key;
    return {
      slug,
      title:
        f.kind === 'checkbox'
          ? {
              ja: `「${name}」にチェックがない場合は送信されない`,
              en: `Without ticking "${name}" the form is not sent`,
            }
          : small
            ? {
                ja: `必須項目「${name}」が未入力の場合は送信されない`,
                en: `Without the required "${name}" the form is not sent`,
              }
            : { ja: `「${name}」が未入力の場合は送信されない`, en: `Without "${name}" the form is not sent` },
      tags: ['validation'],
      input: missing,
      outcome: 'rejected',
      errors: [f.key],
      downstream: refused,
      notes: [],
    };
  };
  const resubmission: CaseDraft = {
    slug: 'resubmission',
    title: {
      ja: '同じ人が二度送信すると、CRM の同じレコードが更新され二件目は作られない',
      en: 'The same person sending twice updates one CRM record rather than creating a second',
    },
    tags: ['crm'],
    input: happy.input,
    submissions: 2,
    outcome: 'accepted',
    downstream: resubmitted(probes, names),
    notes: [],
  };

  if (options.pack === 'small') {
    // One required field left empty: the first a person fills in (email and consent have their own cases).
    const required = read.fields.filter((f) => f.required && withoutValue(happy.input, f));
    const first =
      required.find((f) => f.key !== 'email' && f.key !== CONSENT && f.kind !== 'checkbox') ??
      required.find((f) => f.key !== CONSENT);
    cases.push(
      ...[invalidEmail(), first && requiredCase(first, 'missing-required', true), missingConsent()].filter(
        (c): c is CaseDraft => c !== undefined,
      ),
      resubmission,
    );
  } else {
    for (const f of read.fields.filter((f) => f.required)) {
      const slug = f.key === CONSENT ? 'missing-consent' : `requires-${f.key.replace(/_/g, '-')}`;
      const drafted = f.key === CONSENT ? missingConsent() : requiredCase(f, slug, false);
      if (drafted) cases.push(drafted);
    }
    const invalid = invalidEmail();
    if (invalid) cases.push(invalid);
    if (consent && !consent.required) cases.push(missingConsent()!);
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
      downstream: accepted(probes, names, 1, false),
      notes: [
        {
          comment:
            'Say how the notification and the CRM record must show these values (e.g. 03-1234-5678, 株式会社).',
        },
      ],
    });
    cases.push(resubmission);
  }
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
  if (c.submissions) t.line(`submissions: ${c.submissions}`);
  t.line('input:');
  for (const [key, value] of Object.entries(c.input)) t.line(`  ${key}: ${scalar(value)}`);
  t.line('expect:').line('  submit:').line(`    outcome: ${c.outcome}`);
  if (c.errors) t.line(`    errors: [${c.errors.join(', ')}]`);
  for (const note of [...c.downstream, ...c.notes]) {
    if (note.todo) t.todo('  ', note.todo);
    if (note.comment) for (const line of note.comment.split('\n')) t.line(`  # ${line}`);
    if (note.yaml) for (const line of note.yaml.split('\n')) t.line(`  ${line}`);
  }
  return { path: t.path, text: t.text(), todos: t.todos };
}

function scalar(value: Value): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The marker in a free-text field (utm_campaign and the email carry it too): the conversion event GA4 recommends for a lead. */
const CONVERSION = 'generate_lead';

/** An accepted inquiry: one notification, one CRM record holding the synthetic email, the conversion with the case's UTM. */
function accepted(probes: DraftedProbes, names: DraftNames, count: number, utm = true): Note[] {
  const at = `targets.${names.target}.probes`;
  const notes: Note[] = [];
  if (probes.notification) {
    notes.push(
      { todo: 'say what the notification must show, e.g. fields: { 会社名: 株式会社テスト商事 }' },
      { yaml: `notification:\n  count: ${count}` },
    );
  } else {
    notes.push({
      todo: `once ${at}.notification is set, say what the notification must show`,
      comment: `notification:\n  count: ${count}\n  fields: { 会社名: 株式会社テスト商事 }`,
    });
  }
  if (probes.crm) {
    const { emailField, emailIsGuess } = probes.crm;
    notes.push(
      {
        todo: `add the fields the CRM record must hold, by the CRM's own field names${emailIsGuess ? ` (and check that ${emailField} is the one holding the email)` : ''}`,
      },
      { yaml: `crm:\n  records: 1\n  fields:\n    ${emailField}: "{{email}}"` },
    );
  } else {
    notes.push({
      todo: `once ${at}.crm is set, say what the CRM record must hold (field names as the CRM's API names them)`,
      comment: 'crm:\n  records: 1\n  fields: { email: "{{email}}", utm_campaign: "{{marker}}" }',
    });
  }
  const event = (source: string | undefined) =>
    `analytics:\n  events:\n    - name: ${CONVERSION}\n${source ? `      source: ${source}\n` : ''}      count: 1${utm ? '\n      utm: { campaign: "{{marker}}" }' : ''}`;
  if (probes.analytics.length > 0) {
    notes.push(
      {
        todo: `${CONVERSION} is GA4's recommended lead event: name the conversion your thank-you page sends`,
      },
      { yaml: event(probes.analytics[0]) },
    );
  } else {
    notes.push({
      todo: `once ${at}.analytics is set, say which conversion must fire, and how often`,
      comment: event(undefined),
    });
  }
  return notes;
}

/** A refused form leaves nothing behind: no notification, no CRM record, no conversion. */
function refusedDownstream(probes: DraftedProbes, names: DraftNames): Note[] {
  const live = [
    probes.notification ? 'notification:\n  none: true' : '',
    probes.crm ? 'crm:\n  none: true' : '',
    probes.analytics.length > 0
      ? `analytics:\n  events:\n    - name: ${CONVERSION}\n      source: ${probes.analytics[0]}\n      count: 0`
      : '',
  ].filter(Boolean);
  const unset = [
    probes.notification ? '' : 'notification: { none: true }',
    probes.crm ? '' : 'crm: { none: true }',
  ].filter(Boolean);
  const notes: Note[] = live.length > 0 ? [{ yaml: live.join('\n') }] : [];
  if (unset.length > 0)
    notes.push({
      comment: `Once targets.${names.target}.probes are set, a refused form must leave nothing behind:\n${unset.join('\n')}`,
    });
  return notes;
}

/** Two submissions by the same person: two notifications, one CRM record, updated by the second. */
function resubmitted(probes: DraftedProbes, names: DraftNames): Note[] {
  const at = `targets.${names.target}.probes`;
  const notes: Note[] = [];
  if (probes.notification) notes.push({ yaml: 'notification:\n  count: 2' });
  if (probes.crm) {
    notes.push({
      yaml: `crm:\n  records: 1\n  updated: true\n  fields:\n    ${probes.crm.emailField}: "{{email}}"`,
    });
  } else {
    notes.push({
      todo: `once ${at}.crm is set, the CRM must hold one record, updated by the second submission`,
      comment: 'crm:\n  records: 1\n  updated: true\n  fields: { email: "{{email}}" }',
    });
  }
  return notes;
}

/** The free-text field that carries the marker: the message, else any textarea. */
export function markerFieldOf(fields: readonly ReadField[]): ReadField | undefined {
  return fields.find((f) => f.key === 'message') ?? fields.find((f) => f.kind === 'textarea');
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
  const markerField = markerFieldOf(fields);
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
    case 'file':
      return SAMPLE_FILE;
    default: {
      const text =
        sampleText(f.key, sample, f.label) ??
        (f.kind === 'textarea' ? sampleText('message', sample) : undefined);
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
    case 'file':
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

/** The sample file drafted for a file field, relative to the scenario files; written by init (sampleFixture). */
export const SAMPLE_FILE = 'fixtures/sample.pdf';

/**
 * `scenarios/fixtures/sample.pdf`: a one-page PDF that says what it is, for the file fields of the
 * drafted scenarios — plain ASCII, so it is written like every other drafted file.
 */
export function sampleFixture(scenarioDir = 'scenarios'): { path: string; text: string } {
  const content = 'BT /F1 18 Tf 72 760 Td (cutover sample attachment - synthetic test data) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { path: `${scenarioDir}/${SAMPLE_FILE}`, text };
}

/** The happy path's input, templates unrendered: what `--probe-submit` sends once. */
export function happyInput(read: ReadForm): Input {
  return inputFor(read.fields, 'happy').input;
}
