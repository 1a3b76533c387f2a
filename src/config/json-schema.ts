import { z } from 'zod';
import { configSchema } from './config.schema.ts';
import { monitorSchema } from './monitor.schema.ts';
import { scenarioSchema } from './scenario.schema.ts';

export type SchemaName = 'config' | 'scenario' | 'monitor';

const schemas = { config: configSchema, scenario: scenarioSchema, monitor: monitorSchema } satisfies Record<
  SchemaName,
  z.ZodType
>;

const titles: Record<SchemaName, string> = {
  config:
    'cutover config: targets, forms and probes (cutover.config.ts, the object given to defineConfig; secrets as env("NAME"))',
  scenario: 'cutover scenario: one acceptance case (scenarios/*.yaml)',
  monitor: 'cutover monitor: scenarios repeated on one target (monitors/*.yaml)',
};

/** The JSON Schema of a file kind, as editors see it: the input side (durations are text). */
export function jsonSchemaFor(name: SchemaName): Record<string, unknown> {
  const schema = z.toJSONSchema(schemas[name], { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: `https://cutover.dev/schemas/${name}.schema.json`, title: titles[name] };
}

export const SCHEMA_NAMES = Object.keys(schemas) as SchemaName[];
