import { z } from 'zod';
import { datalayer } from './datalayer/index.ts';
import {
  CAPABILITIES,
  type Capability,
  type ItemKind,
  type ProbeDefinition,
  type ProbeKind,
  type ProbeOf,
} from './definition.ts';
import type { ProbeDeps } from './deps.ts';
import { ga4 } from './ga4/index.ts';
import { hubspot } from './hubspot/index.ts';
import { imap } from './imap/index.ts';
import { kintone } from './kintone/index.ts';
import { mailpit } from './mailpit/index.ts';
import { rest } from './rest/index.ts';
import { salesforce } from './salesforce/index.ts';
import { slack } from './slack/index.ts';
import { webhook } from './webhook/index.ts';

/**
 * Every probe, by the kind of system it reads: the one list. A new provider is a folder under
 * src/probes exporting its definition, and its line here; everything else that names probes —
 * the config's unions below, the JSON Schema, docs/probe-options.md, `validate`'s and the sweep's
 * capability checks — is derived from this list.
 */
export const PROBES = {
  notification: [mailpit, imap, slack, webhook],
  crm: [hubspot, salesforce, rest, kintone],
  analytics: [ga4, datalayer],
} as const;

type Definitions = readonly [ProbeDefinition, ...ProbeDefinition[]];
type OptionsSchemas<T extends Definitions> = { -readonly [I in keyof T]: T[I]['options'] };

/** The options of every probe of a kind, told apart by `use`. */
function unionOf<const T extends Definitions>(definitions: T) {
  // The mapped tuple type is what the array is; TypeScript cannot follow `map` over a tuple.
  const schemas = definitions.map((definition) => definition.options) as unknown as OptionsSchemas<T>;
  return z.discriminatedUnion('use', schemas);
}

export const notificationProbeSchema = unionOf(PROBES.notification);
export const crmProbeSchema = unionOf(PROBES.crm);
export const analyticsProbeSchema = unionOf(PROBES.analytics);

export type NotificationProbeOptions = z.output<typeof notificationProbeSchema>;
export type CrmProbeOptions = z.output<typeof crmProbeSchema>;
export type AnalyticsProbeOptions = z.output<typeof analyticsProbeSchema>;

interface OptionsByKind {
  notification: NotificationProbeOptions;
  crm: CrmProbeOptions;
  analytics: AnalyticsProbeOptions;
}
export type ProbeOptions<K extends ProbeKind = ProbeKind> = OptionsByKind[K];

/** The definition a target's options choose, by their `use`. */
export function definitionOf<K extends ProbeKind>(kind: K, use: string): ProbeDefinition<K> {
  const found = (PROBES[kind] as readonly ProbeDefinition[]).find((definition) => definition.use === use);
  if (!found) throw new TypeError(`no ${kind} probe registered for use: ${JSON.stringify(use)}`);
  return found as ProbeDefinition<K>;
}

/** Why the probe these options choose cannot do something; undefined when it can. */
export function capabilityGap(
  kind: ItemKind,
  options: ProbeOptions<ItemKind>,
  capability: Capability,
): string | undefined {
  const gap = (definitionOf(kind, options.use).cannot as Partial<Record<Capability, unknown>>)[capability];
  if (gap === undefined) return undefined;
  return typeof gap === 'string' ? gap : (gap as (options: unknown) => string | undefined)(options);
}

/** The probes of a kind that can do something, with some options at least. */
export function probesThatCan(kind: ItemKind, capability: Capability): string[] {
  return (PROBES[kind] as readonly ProbeDefinition<ItemKind>[])
    .filter((definition) => typeof (definition.cannot as Record<string, unknown>)[capability] !== 'string')
    .map((definition) => definition.use);
}

/**
 * The probe for a target's options: its definition's `create`, stamped with the definition's
 * timestamps. What the definition says it cannot do with these options is not on the probe; what it
 * says it can must be (a definition that claims otherwise is a programming error).
 */
export function createProbe<K extends ProbeKind>(
  kind: K,
  options: ProbeOptions<K>,
  deps: ProbeDeps,
): ProbeOf<K> {
  const { use } = options as { use: string };
  const definition = definitionOf(kind, use);
  const probe = definition.create(options as never, deps) as Record<string, unknown>;
  if (kind !== 'analytics') {
    for (const capability of CAPABILITIES) {
      const gap = capabilityGap(kind as ItemKind, options as ProbeOptions<ItemKind>, capability);
      if (gap !== undefined) delete probe[capability];
      else if (typeof probe[capability] !== 'function')
        throw new TypeError(`the ${use} probe's definition claims ${capability} it does not have`);
    }
  }
  const { timestamps } = definition;
  return Object.assign(probe, {
    timestamps: typeof timestamps === 'function' ? timestamps(options as never) : timestamps,
  }) as unknown as ProbeOf<K>;
}

export function createNotificationProbe(
  options: NotificationProbeOptions,
  deps: ProbeDeps,
): ProbeOf<'notification'> {
  return createProbe('notification', options, deps);
}

export function createCrmProbe(options: CrmProbeOptions, deps: ProbeDeps): ProbeOf<'crm'> {
  return createProbe('crm', options, deps);
}

export function createAnalyticsProbe(options: AnalyticsProbeOptions, deps: ProbeDeps): ProbeOf<'analytics'> {
  return createProbe('analytics', options, deps);
}
