import type { DraftedFile, DraftTodo } from '../drafted-project.ts';
import {
  type DraftedProbes,
  draftProbeSection,
  type ProbeCatalogue,
  type ProbeChoices,
  type ProbeValues,
} from '../probe-lines.ts';
import type { ReadField, ReadForm } from './read-form.ts';
import { TextWithTodos } from './text-with-todos.ts';
import { tsKey, tsString } from './ts-text.ts';

export { tsKey, tsString };

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

/** The probes to draft: the registry's catalogue, what was chosen, and the values a person gave. */
export interface ProbeDraft {
  catalogue: ProbeCatalogue;
  choices: ProbeChoices;
  values?: ProbeValues;
}

export interface ConfigDraftOptions {
  probes: ProbeDraft;
  /** What one marked submission (`--probe-submit`) learned. */
  learned?: LearnedFinish;
  /** Why `--probe-submit` did not learn the final step, when it was asked to. */
  probeFailure?: string;
  /** The form has a free-text field that carries the marker (a CRM probe's markerField then finds it). */
  markerField: boolean;
}

/**
 * cutover.config.ts for the form read: the form's fields by label, one target with its flow, and
 * its probes — the chosen ones with every option they need, the others as TODOs with an example.
 */
export function draftConfig(
  read: ReadForm,
  names: DraftNames,
  options: ConfigDraftOptions,
): DraftedFile & { todos: DraftTodo[]; probes: DraftedProbes } {
  const { learned, probeFailure } = options;
  const section = draftProbeSection(options.probes.catalogue, options.probes.choices, {
    markerField: options.markerField,
    values: options.probes.values,
    indent: '        ',
  });
  const url = new URL(read.url);
  const t = new TextWithTodos('cutover.config.ts', '//');
  t.line('/**')
    .line(` * Drafted by \`cutover init\` from the form at ${url.origin}${url.pathname}.`)
    .line(
      ' * Every TODO marks something it could not work out from the page; `cutover validate` checks the rest.',
    )
    .line(" * Secrets come from environment variables by name: env('HUBSPOT_TOKEN'), never from this file.")
    .line(' * Every option of every probe: node_modules/cutover/docs/probe-options.md')
    .line(' */')
    .line(
      section.usesEnv
        ? "import { defineConfig, env } from 'cutover';"
        : "import { defineConfig } from 'cutover';",
    )
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
    const value =
      f.kind === 'file'
        ? `{ label: ${tsString(label)}${f.exact ? ', exact: true' : ''}, type: 'file' }`
        : f.exact
          ? `{ label: ${tsString(label)}, exact: true }`
          : tsString(label);
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
  if (read.frame) {
    t.line(
      '          // The form is embedded: fields, buttons and the success text are looked up in this iframe.',
    );
    t.line(`          frame: { src: ${tsString(read.frame.src)} },`);
  }
  if (read.consentButton) {
    t.line('          // The page shows a cookie banner that covers the form until it is answered.');
    t.line(`          before: [{ click: { role: 'button', name: ${tsString(read.consentButton)} } }],`);
  }
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
  t.line('      probes: {');
  if (!section.usesEnv && section.lines.some((l) => 'text' in l && l.text.includes("env('")))
    t.line("        // Secrets by name: add env to the import from 'cutover', then env('NAME').");
  for (const line of section.lines) {
    if ('todo' in line) t.todo(line.indent, line.todo);
    else t.line(line.text);
  }
  t.line('      },');
  t.line('    },').line('  },').line('});');
  return { path: t.path, text: t.text(), todos: t.todos, probes: section.probes };
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
