import type { z } from 'zod';
import type { $ZodTypeDiscriminable } from 'zod/v4/core';
import type { ProbeDeps } from './deps.ts';
import type { AnalyticsProbe, CrmProbe, NotificationProbe, TimestampKind } from './probe.ts';

/**
 * A probe is one folder under src/probes exporting one definition: its name (`use`), the kind of
 * system it reads, its options schema (whose descriptions are the docs), how the system stamps
 * what it receives, what it cannot do, and how to create it. The registry (registry.ts) lists the
 * definitions; the config's probe unions, the JSON Schema, docs/probe-options.md and the
 * capability checks of `validate` and `cutover cleanup` are derived from it.
 */

export type ProbeKind = 'notification' | 'crm' | 'analytics';

interface Instances {
  notification: NotificationProbe;
  crm: CrmProbe;
  analytics: AnalyticsProbe;
}

/** The probe interface of a kind (probe.ts). */
export type ProbeOf<K extends ProbeKind> = Instances[K];

/** What a notification or CRM probe may do besides finding and deleting one case's items. */
export const CAPABILITIES = ['sweep', 'countCreated', 'readLeads'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The kinds whose probes have {@link Capability capabilities}. */
export type ItemKind = Exclude<ProbeKind, 'analytics'>;

/**
 * Why a probe cannot do something, as a sentence a user reads (in `validate` and `cutover
 * cleanup`): always the same, or — when some options allow it — given by its options, undefined
 * when these options do.
 */
export type Gap<Options> = string | ((options: Options) => string | undefined);

/** An options schema: an object whose `use` is the probe's name (so the kind's union tells them apart). */
export type OptionsSchema = z.ZodType<{ use: string; name?: string }> & $ZodTypeDiscriminable;

export interface ProbeDefinition<K extends ProbeKind = ProbeKind, S extends OptionsSchema = OptionsSchema> {
  /** The name a target's config chooses the probe by: `use: 'mailpit'`. */
  readonly use: z.output<S>['use'];
  readonly kind: K;
  /** The options after `use`, with their descriptions (the JSON Schema and docs/probe-options.md). */
  readonly options: S;
  /** How the system stamps what it receives: the delay interval's lower bound and resolution. */
  readonly timestamps: TimestampKind | ((options: z.output<S>) => TimestampKind);
  /** The capabilities it lacks, each with why; every other capability of its kind it has. */
  readonly cannot: K extends ItemKind ? Partial<Record<Capability, Gap<z.output<S>>>> : Record<never, never>;
  /** The probe for these options; the registry adds its `timestamps`. */
  create(options: z.output<S>, deps: ProbeDeps): Omit<ProbeOf<K>, 'timestamps'>;
}

/** Declares a probe's definition; returns its argument (it exists for the types). */
export function defineProbe<K extends ProbeKind, S extends OptionsSchema>(
  definition: ProbeDefinition<K, S>,
): ProbeDefinition<K, S> {
  return definition;
}
