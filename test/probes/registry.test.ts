/**
 * The registry is the one list of probes: the config's unions, the JSON Schema and the capability
 * checks are derived from it, and each definition's word on what it can do holds for the probe it
 * creates.
 */
import { describe, expect, it } from 'vitest';
import { jsonSchemaFor } from '../../src/config/index.ts';
import { createHttpClient } from '../../src/http/index.ts';
import {
  CAPABILITIES,
  capabilityGap,
  createProbe,
  type ItemKind,
  notificationProbeSchema,
  PROBES,
  type ProbeKind,
  type ProbeOptions,
  probesThatCan,
} from '../../src/probes/index.ts';

/** A secret as cutover.config.ts names it: `env('NAME')`. */
const secret = (name: string) => ({ env: name });

/** Options each probe accepts, as a target writes them. */
const SAMPLE: Record<string, Record<string, unknown>> = {
  mailpit: { url: 'http://127.0.0.1:8025', to: 'sales@example.com' },
  imap: { host: '127.0.0.1', user: 'qa', password: secret('IMAP_PASSWORD') },
  slack: { token: secret('SLACK_TOKEN'), channel: 'C0123456789' },
  webhook: {},
  hubspot: { token: secret('HUBSPOT_TOKEN') },
  salesforce: { loginUrl: 'https://x.my.salesforce.com', clientId: 'id', clientSecret: secret('SF_SECRET') },
  rest: { find: 'https://crm.example/leads?email={email}' },
  kintone: { url: 'https://example.cybozu.com', app: 12, token: secret('KINTONE_TOKEN') },
  ga4: {},
  datalayer: {},
};

function optionsOf(kind: ProbeKind, use: string, extra: Record<string, unknown> = {}): ProbeOptions {
  const definition = PROBES[kind].find((d) => d.use === use)!;
  return definition.options.parse({ use, ...SAMPLE[use], ...extra }) as ProbeOptions;
}

const deps = { http: createHttpClient({}) };
const everyProbe = (Object.keys(PROBES) as ProbeKind[]).flatMap((kind) =>
  PROBES[kind].map((definition) => ({ kind, use: definition.use })),
);

describe('the probe registry', () => {
  it('has sample options for every probe it lists, so the checks below cover each one', () => {
    expect(everyProbe.map((p) => p.use).sort()).toEqual(Object.keys(SAMPLE).sort());
  });

  it('derives the config: every registered probe is a choice of its kind, and nothing else is', () => {
    const schema = JSON.stringify(jsonSchemaFor('config'));
    for (const { use } of everyProbe) expect(schema).toContain(`"const":"${use}"`);
    expect(notificationProbeSchema.safeParse({ use: 'hubspot' }).success).toBe(false);
    expect(notificationProbeSchema.safeParse(optionsOf('notification', 'mailpit')).success).toBe(true);
  });

  it.each(everyProbe)(
    '$use: the probe it creates has its definition’s timestamps and capabilities',
    ({ kind, use }) => {
      const options = optionsOf(kind, use);
      const probe = createProbe(kind, options, deps) as unknown as Record<string, unknown>;
      const definition = PROBES[kind].find((d) => d.use === use)!;
      const { timestamps } = definition;
      expect(probe.timestamps).toEqual(
        typeof timestamps === 'function' ? timestamps(options as never) : timestamps,
      );
      if (kind === 'analytics') return;
      for (const capability of CAPABILITIES) {
        const gap = capabilityGap(kind as ItemKind, options as ProbeOptions<ItemKind>, capability);
        expect(typeof probe[capability], `${use} ${capability}: ${gap ?? 'can'}`).toBe(
          gap === undefined ? 'function' : 'undefined',
        );
      }
    },
  );

  it('says why a probe cannot, and which probes can', () => {
    const rest = optionsOf('crm', 'rest') as ProbeOptions<'crm'>;
    expect(capabilityGap('crm', rest, 'sweep')).toMatch(/no `sweep` URL template/);
    expect(capabilityGap('crm', rest, 'countCreated')).toMatch(/needs a count URL template/);
    const withTemplates = optionsOf('crm', 'rest', {
      sweep: 'https://crm.example/leads?q={prefix}',
      count: 'https://crm.example/leads?from={from}&to={to}',
    }) as ProbeOptions<'crm'>;
    expect(capabilityGap('crm', withTemplates, 'sweep')).toBeUndefined();
    expect(capabilityGap('crm', withTemplates, 'countCreated')).toBeUndefined();
    expect(probesThatCan('notification', 'countCreated')).toEqual(['mailpit']);
    expect(probesThatCan('notification', 'sweep')).toEqual(['mailpit', 'imap']);
    expect(probesThatCan('crm', 'countCreated')).toEqual(['hubspot', 'salesforce', 'rest', 'kintone']);
    // The sales SLA reads a field's history: kintone keeps none; a rest probe needs its count template.
    expect(probesThatCan('crm', 'readLeads')).toEqual(['hubspot', 'salesforce', 'rest']);
    expect(capabilityGap('crm', rest, 'readLeads')).toMatch(/needs a count URL template to read the leads/);
    expect(capabilityGap('crm', withTemplates, 'readLeads')).toBeUndefined();
  });
});
