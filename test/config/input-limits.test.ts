import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/index.ts';
import { MAX_INPUT_FILE_BYTES } from '../../src/foundation/input-file.ts';
import { nestingBeyond, parseYaml } from '../../src/foundation/yaml-file.ts';
import { projectWith } from './validate-project.ts';

/**
 * Files a scenario author can produce by accident (an editor saving Shift_JIS or with a BOM, a
 * generated file, a copy-paste gone wrong) or a hostile one: each is refused with a problem that
 * names the file — never a crash, a hang, or mojibake read as data.
 */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function problemsWith(files: Record<string, string | Buffer>) {
  const dir = await projectWith(undefined);
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  const result = await loadProject({ cwd: dir, env: { TEST_HUBSPOT_TOKEN: 'x' } });
  return result.ok ? [] : result.problems.map(({ file, message, line }) => ({ file, message, line }));
}

const scenario = (extra = '') =>
  `id: AC-09\ntitle: テスト\nform: contact\ntargets: [legacy]\ninput: { company: 株式会社テスト商事 }\nexpect:\n  submit: { outcome: accepted }\n${extra}`;

describe('input files cutover refuses, naming the file', () => {
  it('accepts a UTF-8 file with a byte order mark', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(scenario())]);
    expect(await problemsWith({ 'scenarios/bom.yaml': bom })).toEqual([]);
  });

  it('refuses a UTF-16 file', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scenario(), 'utf16le')]);
    expect(await problemsWith({ 'scenarios/utf16.yaml': utf16 })).toEqual([
      { file: 'scenarios/utf16.yaml', line: 1, message: 'the file is UTF-16 text; save it as UTF-8' },
    ]);
  });

  it('refuses a file larger than 1 MiB without parsing it', async () => {
    const big = scenario(`description: "${'x'.repeat(MAX_INPUT_FILE_BYTES)}"\n`);
    expect(await problemsWith({ 'scenarios/big.yaml': big })).toEqual([
      {
        file: 'scenarios/big.yaml',
        line: undefined,
        message: `the file is ${Buffer.byteLength(big)} bytes, over the limit of 1048576 bytes (1 MiB) for config, scenario and monitor files`,
      },
    ]);
    const huge = scenario(`description: "${'x'.repeat(3 * MAX_INPUT_FILE_BYTES)}"\n`);
    expect((await problemsWith({ 'monitors/huge.yaml': huge }))[0]?.message).toMatch(
      /^the file is 3145\d{3} bytes, over the limit/,
    );
  });

  it('refuses a directory named like a scenario file', async () => {
    const dir = await projectWith(undefined);
    dirs.push(dir);
    await mkdir(join(dir, 'scenarios', 'folder.yaml'));
    const result = await loadProject({ cwd: dir, env: { TEST_HUBSPOT_TOKEN: 'x' } });
    expect(result.ok ? [] : result.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'scenarios/folder.yaml: not a regular file',
    ]);
  });

  it.each([
    ['flow collections', `a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
    ['block sequences on one line', `${'- '.repeat(400_000)}x\n`],
    ['explicit keys', `${'? '.repeat(5_000)}x\n`],
    ['indentation', Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ])('refuses nesting beyond 64 levels (%s) before the YAML parser recurses into it', async (_, text) => {
    const started = Date.now();
    const problems = await problemsWith({ 'scenarios/deep.yaml': text });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'scenarios/deep.yaml' });
    expect(problems[0]?.message).toMatch(/^refused: the file nests deeper than 64 levels/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reads ordinary nesting, block scalars and brackets in quoted or block text', () => {
    expect(nestingBeyond(`a: ${'['.repeat(60)}${']'.repeat(60)}\n`, 64)).toBeUndefined();
    const text = [
      'id: AC-01',
      'title: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["',
      'description: |',
      ...Array.from({ length: 100 }, (_, i) => `  ${' '.repeat(i)}[[[[ {{ text`),
      'expect:',
      '  crm: { fields: { phone: { matches: "^[0-9]{2,4}-[0-9]{2,4}-[0-9]{4}$" } } }',
    ].join('\n');
    expect(nestingBeyond(text, 64)).toBeUndefined();
    expect(Array.isArray(parseYaml(text, 'x.yaml'))).toBe(false);
  });
});
