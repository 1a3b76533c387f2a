import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** `cutover schema config`: the config's JSON Schema, with the descriptions a QA lead looks options up in. */
async function schemaOf(name: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(['schema', name], {
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    color: false,
  });
  return { code, stdout: stdout.join('\n'), stderr };
}

describe('cutover schema config', () => {
  it('prints the config schema with every probe’s options and their descriptions', async () => {
    const { code, stdout, stderr } = await schemaOf('config');
    expect({ code, stderr }).toEqual({ code: 0, stderr: [] });
    const schema = JSON.parse(stdout);
    expect(schema.$id).toBe('https://cutover.dev/schemas/config.schema.json');
    expect(schema.required).toEqual(expect.arrayContaining(['forms', 'targets']));
    const probes = schema.properties.targets.additionalProperties.properties.probes.properties;
    const salesforce = probes.crm.oneOf.find(
      (option: { properties: { use: { const: string } } }) => option.properties.use.const === 'salesforce',
    );
    expect(salesforce.properties.loginUrl.description).toMatch(/my\.salesforce\.com/);
    // One probe, or a list of named ones: the same options either way.
    const [one, list] = probes.notification.anyOf;
    expect(list).toMatchObject({ type: 'array', items: { oneOf: one.oneOf } });
    const imap = one.oneOf.find(
      (option: { properties: { use: { const: string } } }) => option.properties.use.const === 'imap',
    );
    expect(imap.properties.secure).toMatchObject({ type: 'boolean', default: true });
    expect(imap.properties.secure.description).toMatch(/TLS/);
  });

  it('names config among the schemas it knows when given another name', async () => {
    const { code, stderr } = await schemaOf('conifg');
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/expected one of config, scenario, monitor, report/);
  });
});
