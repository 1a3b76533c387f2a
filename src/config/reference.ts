import { z } from 'zod';
import { PROBES, type ProbeKind } from '../probes/index.ts';
import { targetFormSchema, targetSchema } from './config.schema.ts';

/**
 * docs/probe-options.md, rendered from the zod schemas' descriptions — the one source of truth
 * that `validate` and `cutover schema config` use too — so the reference cannot drift from the
 * code (test/config/reference.test.ts compares it with the committed file; `npm run reference`
 * writes it).
 */
type JsonSchema = {
  type?: string;
  title?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  fieldNaming?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const TITLES: Record<ProbeKind, string> = {
  notification: 'Notification probes',
  crm: 'CRM probes',
  analytics: 'Analytics probes',
};

function jsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function isSecret(schema: JsonSchema): boolean {
  return (
    schema.type === 'object' &&
    schema.properties?.env !== undefined &&
    schema.required?.includes('env') === true
  );
}

/** The type of an option as a user writes it in cutover.config.ts. */
export function typeText(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (isSecret(schema)) return 'env("NAME")';
  if (schema.title === 'duration') return 'duration ("90s", "5m")';
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeText).join(' or ');
  if (schema.type === 'string') return 'text';
  if (schema.type === 'boolean') return 'true | false';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'array') return `${schema.items ? typeText(schema.items) : 'value'}[]`;
  if (schema.type === 'object' && schema.properties)
    return `{ ${Object.keys(schema.properties).join(', ')} }`;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object')
    return `{ [name]: ${typeText(schema.additionalProperties)} }`;
  return 'any';
}

function defaultText(name: string, schema: JsonSchema, required: string[]): string {
  if (schema.default !== undefined) return `\`${JSON.stringify(schema.default)}\``;
  return required.includes(name) ? 'required' : '—';
}

/** Table cells hold one line: pipes escaped, line breaks folded. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function optionsTable(schema: JsonSchema, skip: string[] = []): string[] {
  const required = schema.required ?? [];
  const rows = Object.entries(schema.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(
      ([name, option]) =>
        `| \`${name}\` | ${cell(typeText(option))} | ${cell(defaultText(name, option, required))} | ${cell(option.description ?? '')} |`,
    );
  return ['| option | type | default | meaning |', '| --- | --- | --- | --- |', ...rows];
}

/** The options of each probe of a kind, as JSON Schema, in the registry's order. */
function probesOf(kind: ProbeKind): Array<{ use: string; schema: JsonSchema }> {
  return PROBES[kind].map((definition) => ({ use: definition.use, schema: jsonSchema(definition.options) }));
}

/** The markdown of docs/probe-options.md. */
export function probeOptionsReference(): string {
  const lines: string[] = [
    '# Probe options',
    '',
    '<!-- Generated from the probes’ option schemas (src/probes/*/options.ts) and config.schema.ts by',
    '     `npm run reference`. Do not edit by hand: test/config/reference.test.ts fails when this file',
    '     and the schemas differ. -->',
    '',
    'Every probe a target of `cutover.config.ts` can use, with each option’s type, default and meaning.',
    'A probe is chosen by `use`; secrets are environment-variable names written `env("NAME")`, never values.',
    'The same descriptions are in the JSON Schema of the config (`npx cutover schema config`).',
    '',
  ];
  for (const kind of Object.keys(TITLES) as ProbeKind[]) {
    lines.push(`## ${TITLES[kind]} (\`probes.${kind}\`)`, '');
    for (const { use, schema } of probesOf(kind)) {
      lines.push(`### \`use: '${use}'\``, '');
      if (schema.description) lines.push(schema.description, '');
      lines.push(...optionsTable(schema, ['use']), '');
    }
  }
  lines.push(
    '## CRM field naming',
    '',
    'The keys of a scenario’s `expect.crm.fields` (and of `markerField`) are the CRM’s own field names:',
    '',
    '| probe | field names |',
    '| --- | --- |',
    ...probesOf('crm').map(({ use, schema }) => `| \`${use}\` | ${cell(schema.fieldNaming ?? '')} |`),
    '',
    '## A target (`targets.<name>`)',
    '',
    ...optionsTable(jsonSchema(targetSchema)),
    '',
    '## A target’s form (`targets.<name>.forms.<form>`)',
    '',
    ...optionsTable(jsonSchema(targetFormSchema)),
    '',
  );
  return `${lines.join('\n')}`;
}
