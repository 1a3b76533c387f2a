import { z } from 'zod';
import {
  PROBE_KINDS,
  type ProbeCatalogue,
  type ProbeChoices,
  type ProbeInfo,
  type ProbeKind,
  type ProbeOption,
} from '../../init/probe-lines.ts';
import { PROBES } from '../../probes/index.ts';
import type { UsageProblem } from '../usage.ts';

type JsonSchema = {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/**
 * The probe registry (src/probes/registry.ts `PROBES`) as `cutover init` drafts from it: each
 * probe's `use`, what it reads, and its options as the schema says — required or not, secret or
 * not, default — read from the options schema the config validates with.
 */
export function probeCatalogue(): ProbeCatalogue {
  const catalogue = {} as ProbeCatalogue;
  for (const kind of PROBE_KINDS) {
    catalogue[kind] = (PROBES[kind] as ReadonlyArray<{ use: string; options: z.ZodType }>).map(
      (definition): ProbeInfo => {
        const schema = z.toJSONSchema(definition.options, {
          io: 'input',
          unrepresentable: 'any',
        }) as JsonSchema;
        const required = schema.required ?? [];
        const options = Object.entries(schema.properties ?? {}).map(
          ([name, option]): ProbeOption => ({
            name,
            required: required.includes(name),
            secret: secretKind(option),
            type: typeOf(option),
            ...(option.default !== undefined ? { default: option.default } : {}),
            description: option.description ?? '',
          }),
        );
        return { use: definition.use, description: schema.description ?? '', options };
      },
    );
  }
  return catalogue;
}

function isSecret(schema: JsonSchema): boolean {
  return (
    schema.type === 'object' &&
    schema.properties?.env !== undefined &&
    schema.required?.includes('env') === true
  );
}

function secretKind(schema: JsonSchema): ProbeOption['secret'] {
  if (isSecret(schema)) return 'only';
  const union = schema.anyOf ?? schema.oneOf;
  return union?.some(isSecret) ? 'allowed' : 'no';
}

function typeOf(schema: JsonSchema): ProbeOption['type'] {
  if (schema.type === 'string') return 'string';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return 'other';
}

/** The probe flags as given: `--notification imap,slack`, `--crm hubspot`, `--analytics ga4,datalayer`, `none` for none. */
export interface ProbeFlags {
  notification?: string;
  crm?: string;
  analytics?: string;
}

/** The choices the flags make, and what is wrong with them (a name the registry does not have). */
export function probeChoicesOf(
  flags: ProbeFlags,
  catalogue: ProbeCatalogue,
): { choices: ProbeChoices; problems: UsageProblem[] } {
  const problems: UsageProblem[] = [];
  const choices: ProbeChoices = {};
  const names = (kind: ProbeKind, text: string): string[] | undefined => {
    const uses = catalogue[kind].map((p) => p.use);
    const given = text
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    if (given.length === 1 && given[0] === 'none') return [];
    const unknown = given.filter((name) => !uses.includes(name));
    if (given.length === 0 || unknown.length > 0) {
      problems.push({
        flag: `--${kind}`,
        message: `expected ${kind === 'crm' ? 'one of' : 'one or more of'} ${uses.join(', ')}, or none; got ${JSON.stringify(text)}`,
      });
      return undefined;
    }
    return [...new Set(given)];
  };
  if (flags.notification !== undefined) {
    const chosen = names('notification', flags.notification);
    if (chosen) choices.notification = chosen;
  }
  if (flags.crm !== undefined) {
    const chosen = names('crm', flags.crm);
    if (chosen && chosen.length > 1)
      problems.push({
        flag: '--crm',
        message: `a target has one CRM probe; got ${chosen.join(', ')}`,
      });
    else if (chosen) choices.crm = chosen[0] ?? null;
  }
  if (flags.analytics !== undefined) {
    const chosen = names('analytics', flags.analytics);
    if (chosen) choices.analytics = chosen;
  }
  return { choices, problems };
}

/** `mailpit, imap, slack, webhook`: a kind's probes in the registry's order, for help texts. */
export function probeNames(kind: ProbeKind): string {
  return PROBES[kind].map((definition) => definition.use).join(', ');
}
