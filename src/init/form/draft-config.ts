import type { DraftedFile, DraftTodo } from '../drafted-project.ts';
import type { ReadField, ReadForm } from './read-form.ts';
import { TextWithTodos } from './text-with-todos.ts';

/** What one real submission (`--probe-submit`) showed: the final button and what success looks like. */
export interface LearnedFinish {
  submit: string;
  /** Where the confirmation screen was: none, the same page, or a page of its own. */
  confirmation: 'none' | 'in-page' | 'separate page';
  success: { url?: string; text?: string };
}

export interface DraftNames {
  target: string;
  form: string;
}

/** A guess at a thank-you URL: the words Japanese and English CMSs use for the page after sending. */
export const GUESSED_SUCCESS_URL = 'thanks|thank-you|thankyou|complete|finish|done|kanryo|success|sent';

/** An object key as TypeScript needs it: bare when it is an identifier (company), quoted otherwise ('in-page'). */
export function tsKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : tsString(key);
}

export function tsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** cutover.config.ts for the form read: the form's fields by label, one target with its flow, probes left to the user. */
export function draftConfig(
  read: ReadForm,
  names: DraftNames,
  learned: LearnedFinish | undefined,
  /** Why `--probe-submit` did not learn the final step, when it was asked to. */
  probeFailure?: string,
): DraftedFile & { todos: DraftTodo[] } {
  const url = new URL(read.url);
  const t = new TextWithTodos('cutover.config.ts', '//');
  t.line('/**')
    .line(` * Drafted by \`cutover init\` from the form at ${url.origin}${url.pathname}.`)
    .line(
      ' * Every TODO marks something it could not work out from the page; `cutover validate` checks the rest.',
    )
    .line(" * Secrets come from environment variables by name: env('HUBSPOT_TOKEN'), never from this file.")
    .line(' */')
    .line("import { defineConfig } from 'cutover';")
    .line()
    .line('export default defineConfig({')
    .line("  synthetic: { marker: 'ct', email: 'qa+{marker}@example.com' },")
    .line('  forms: {')
    .line(`    ${tsKey(names.form)}: {`)
    .line(
      '      // Fields by the label a person reads; a vendor rebuild changes ids and names, rarely labels.',
    )
    .line('      fields: {');
  for (const f of read.fields) {
    if (f.todo) t.todo('        ', `${f.key}: ${f.todo}`);
    const label = f.label || f.key;
    const value = f.exact ? `{ label: ${tsString(label)}, exact: true }` : tsString(label);
    t.line(`        ${tsKey(f.key)}: ${value},${fieldComment(f)}`);
  }
  t.line('      },').line('    },').line('  },').line('  targets: {');
  t.line(`    ${tsKey(names.target)}: {`)
    .line(`      url: ${tsString(url.origin)},`)
    .line('      forms: {');
  t.line(`        ${tsKey(names.form)}: {`);
  // The query string stays out of the file: staging preview tokens travel there.
  if (url.search)
    t.todo(
      '          ',
      'the URL’s query string was left out of path: add what the form needs (a secret belongs in an environment variable)',
    );
  t.line(`          path: ${tsString(url.pathname)},`);
  const selectors = read.fields.filter((f) => f.selector);
  if (selectors.length > 0) {
    t.line('          selectors: {');
    for (const f of selectors) t.line(`            ${tsKey(f.key)}: ${tsString(f.selector ?? '')},`);
    t.line('          },');
  }
  flow(t, read, learned, probeFailure);
  if (read.nativeValidation) {
    t.line(
      '          // The form has no novalidate: the browser’s own validation marks invalid fields (:invalid).',
    );
    t.line("          errors: { invalid: ':invalid' },");
  }
  t.line('        },').line('      },');
  probes(t);
  t.line('    },').line('  },').line('});');
  return { path: t.path, text: t.text(), todos: t.todos };
}

function fieldComment(f: ReadField): string {
  const parts: string[] = [f.kind];
  if (f.required) parts.push(`required (${f.requiredBy})`);
  if (f.options.length > 0) parts.push(`options: ${f.options.join(' / ')}`);
  const text = parts.join(', ');
  return ` // ${text.length > 100 ? `${text.slice(0, 99)}…` : text}`;
}

function flow(
  t: TextWithTodos,
  read: ReadForm,
  learned: LearnedFinish | undefined,
  probeFailure?: string,
): void {
  const { confirm, submit, todo } = read.buttons;
  const indent = '          ';
  if (todo) t.todo(indent, `${todo}: name the button that sends the form (its visible text)`);
  if (confirm) t.line(`${indent}confirm: ${tsString(confirm)},`);
  if (learned) {
    t.line(`${indent}// Learned from one marked synthetic submission (cutover init --probe-submit).`);
    t.line(`${indent}submit: ${tsString(learned.submit)},`);
    const parts = [
      learned.success.url !== undefined ? `url: ${tsString(learned.success.url)}` : undefined,
      learned.success.text !== undefined ? `text: ${tsString(learned.success.text)}` : undefined,
    ].filter(Boolean);
    if (parts.length === 0)
      t.todo(indent, 'the page after sending showed no new URL or heading: say what success looks like');
    t.line(
      `${indent}success: { ${parts.length > 0 ? parts.join(', ') : `url: ${tsString(GUESSED_SUCCESS_URL)}`} },`,
    );
    return;
  }
  if (probeFailure) t.todo(indent, `--probe-submit did not finish: ${probeFailure}`);
  const why = probeFailure ? '' : ' (nothing was submitted)';
  if (confirm) {
    t.todo(
      indent,
      `the final button of the confirmation screen was not seen${why}: check its text, or run \`cutover init URL --probe-submit\` on a staging site`,
    );
    t.line(`${indent}submit: ${tsString(read.japanese ? '送信する' : 'Submit')},`);
  } else {
    t.line(`${indent}submit: ${tsString(submit ?? (read.japanese ? '送信' : 'Submit'))},`);
  }
  t.todo(
    indent,
    `success is a guess${why}: give the thank-you URL (a regular expression) and/or a text it shows, or run \`cutover init URL --probe-submit\` on a staging site`,
  );
  t.line(`${indent}success: { url: ${tsString(GUESSED_SUCCESS_URL)} },`);
}

function probes(t: TextWithTodos): void {
  const indent = '        ';
  t.line('      probes: {');
  t.line(`${indent}// Secrets by name: add env to the import from 'cutover', then env('NAME').`);
  t.todo(indent, 'where does the site send its notification? Mailpit, IMAP, Slack or a webhook, e.g.:');
  t.line(
    `${indent}// notification: { use: 'imap', host: 'imap.example.com', user: 'qa@example.com', password: env('IMAP_PASSWORD'), to: 'sales@example.com' },`,
  );
  t.todo(indent, 'which CRM receives the inquiry? HubSpot, Salesforce or a REST API, e.g.:');
  t.line(`${indent}// crm: { use: 'hubspot', token: env('HUBSPOT_TOKEN') },`);
  t.todo(
    indent,
    'which analytics the thank-you page sends: GA4 hits seen in the browser and/or the dataLayer, e.g.:',
  );
  t.line(`${indent}// analytics: [{ use: 'ga4' }, { use: 'datalayer' }],`);
  t.line('      },');
}
