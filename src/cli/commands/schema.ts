import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMA_NAMES as FILE_SCHEMAS, jsonSchemaFor as fileSchemaFor } from '../../config/index.ts';
import { reportJsonSchema } from '../../report/index.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';

const SCHEMA_NAMES = [...FILE_SCHEMAS, 'report'] as const;
type SchemaName = (typeof SCHEMA_NAMES)[number];

function jsonSchemaFor(name: SchemaName): Record<string, unknown> {
  return name === 'report' ? reportJsonSchema() : fileSchemaFor(name);
}

/** `cutover schema [config|scenario|monitor|report] [--write DIR]`: the JSON Schemas of the config, of scenario and monitor files and of report.json. */
export async function schemaCommand(
  name: string | undefined,
  options: { write?: string },
  output: Output,
): Promise<ExitCode> {
  if (name !== undefined && !SCHEMA_NAMES.includes(name as SchemaName)) {
    output.err(`unknown schema "${name}"; expected one of ${SCHEMA_NAMES.join(', ')}`);
    return EXIT.invalid;
  }
  const names = name ? [name as SchemaName] : SCHEMA_NAMES;
  if (options.write) {
    await mkdir(options.write, { recursive: true });
    for (const each of names) {
      const file = join(options.write, `${each}.schema.json`);
      await writeFile(file, schemaText(each));
      output.out(`wrote ${file}`);
    }
    return EXIT.ok;
  }
  if (name) output.out(schemaText(name as SchemaName).trimEnd());
  else output.out(JSON.stringify(Object.fromEntries(names.map((n) => [n, jsonSchemaFor(n)])), null, 2));
  return EXIT.ok;
}

export function schemaText(name: SchemaName): string {
  return `${JSON.stringify(jsonSchemaFor(name), null, 2)}\n`;
}
