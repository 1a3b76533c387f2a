import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../../src/demo/index.ts';
import { projectWith } from '../../config/validate-project.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * The bad-input corpus of the command line: every usage and input error is refused before
 * anything starts — exit 2, one message naming the flag, file or key, no stack trace, no
 * Playwright run (no "Running N tests", no report directory) and nothing submitted: every `uat`
 * here runs against a demo world this test started, which must end with no submission at all.
 */
const run = promisify(execFile);
/** Each case spawns cutover; several at once on a small machine take a while. */
const SLOW = { timeout: 120_000 };
const root = REPO_ROOT;
const bin = join(root, 'bin', 'cutover.js');

let world: DemoWorld;
let tmp: string;
let pack: string;

async function cutover(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? root,
      env: {
        ...process.env,
        NO_COLOR: '1',
        CUTOVER_DEMO: JSON.stringify({ urls: world.urls, crmToken: world.crmToken }),
        ...options.env,
      },
      timeout: 110_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A report directory that does not exist yet: a run that started Playwright would have made it. */
let reports = 0;
const reportDir = () => join(tmp, `report-${++reports}`);

/** Exit 2, the reason naming what is wrong, no stack, nothing started. */
function expectRefused(
  result: Awaited<ReturnType<typeof cutover>>,
  names: Array<string | RegExp>,
  dir?: string,
): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(2);
  for (const name of names) {
    if (typeof name === 'string') expect(result.stderr).toContain(name);
    else expect(result.stderr).toMatch(name);
  }
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/Running \d+ (tests?|cases?)/);
  expect(result.stdout).not.toContain('Acceptance report:');
  if (dir) expect(existsSync(dir), `${dir} was created: Playwright started`).toBe(false);
}

/** A scenario directory holding the shipped pack plus one more file. */
async function packWith(name: string, content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmp, 'pack-'));
  await cp(pack, dir, { recursive: true });
  await writeFile(join(dir, name), content);
  return dir;
}

/** A config file of its own (no imports: it lives outside any package). */
async function configWith(text: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmp, 'config-'));
  await writeFile(join(dir, 'cutover.config.ts'), text);
  return join(dir, 'cutover.config.ts');
}

const minimalConfig = (defaults: string) => `export default {
  defaults: { ${defaults} },
  forms: { contact: { fields: { company: '会社名', email: 'メールアドレス' } } },
  targets: {
    legacy: {
      url: 'demo://legacy',
      forms: { contact: { path: '/contact/', submit: '送信', success: { text: 'ありがとうございました' } } },
    },
  },
};
`;

const scenario = (extra = '') =>
  `id: AC-90\ntitle: 追加のケース\nform: contact\ntargets: [legacy]\ninput: { company: 株式会社テスト商事 }\nexpect:\n  submit: { outcome: accepted }\n${extra}`;

beforeAll(async () => {
  world = await startDemoWorld();
  tmp = await mkdtemp(join(tmpdir(), 'cutover-bad-input-'));
  pack = join(tmp, 'pack');
  await mkdir(pack);
  for (const file of await readdir(join(root, 'scenarios'))) {
    if (file.endsWith('.yaml')) await cp(join(root, 'scenarios', file), join(pack, file));
  }
  // The files the embedded build's scenarios attach.
  await cp(join(root, 'scenarios', 'fixtures'), join(pack, 'fixtures'), { recursive: true });
  await writeFile(join(tmp, 'a-file'), 'not a directory\n');
  await mkdir(join(tmp, 'empty'));
});

afterAll(async () => {
  // Whatever was refused above, none of it reached the site.
  expect(world.submissions()).toEqual([]);
  await world.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe.concurrent('cutover uat refuses bad usage before Playwright starts (exit 2)', SLOW, () => {
  it('a --grep no scenario matches', async () => {
    const dir = reportDir();
    const result = await cutover(['uat', '--grep', 'NOMATCH', '--report-dir', dir]);
    expectRefused(
      result,
      ['cutover uat: --grep: no scenario matches "NOMATCH" on legacy, renewal, embedded'],
      dir,
    );
  });

  it('a --grep that is not a regular expression', async () => {
    const dir = reportDir();
    const result = await cutover(['uat', '--grep', '(', '--report-dir', dir]);
    expectRefused(result, ['cutover uat: --grep: "(" is not a regular expression: Unterminated group'], dir);
  });

  it('a --scenarios directory that does not exist', async () => {
    const dir = reportDir();
    const result = await cutover(['uat', '--scenarios', 'no-such-dir', '--report-dir', dir]);
    expectRefused(result, ['cutover uat: --scenarios: no directory no-such-dir'], dir);
  });

  it('a --scenarios directory with no scenario in it', async () => {
    const dir = reportDir();
    const result = await cutover(['uat', '--scenarios', join(tmp, 'empty'), '--report-dir', dir]);
    expectRefused(result, [`--scenarios: no scenario file (*.yaml, *.yml) in ${join(tmp, 'empty')}`], dir);
  });

  it.each(['3/2', '0/0', 'abc'])('--shard %s', async (shard) => {
    const dir = reportDir();
    const result = await cutover(['uat', '--shard', shard, '--report-dir', dir]);
    expectRefused(result, [`cutover uat: --shard: expected i/n with 1 ≤ i ≤ n`, `got "${shard}"`], dir);
  });

  it.each(['0', '-1', 'abc'])('--workers %s', async (workers) => {
    const dir = reportDir();
    const result = await cutover(['uat', '--workers', workers, '--report-dir', dir]);
    expectRefused(result, ['cutover uat: --workers: expected a number', `got "${workers}"`], dir);
  });

  it('a --target the config does not have', async () => {
    const dir = reportDir();
    const result = await cutover(['uat', '--target', 'nope', '--report-dir', dir]);
    expectRefused(
      result,
      ['cutover uat: --target: no target "nope" in cutover.config.ts (targets: legacy, renewal, embedded)'],
      dir,
    );
  });

  it('a production target without --production', async () => {
    const project = await projectWith(undefined);
    try {
      const dir = reportDir();
      const result = await cutover(['uat', '--target', 'production', '--report-dir', dir], {
        cwd: project,
        env: { TEST_HUBSPOT_TOKEN: 'x' },
      });
      expectRefused(
        result,
        [
          'cutover uat: --target: "production" is a production target; add --production to run there on purpose',
        ],
        dir,
      );
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it('a --report-dir that is a regular file', async () => {
    const result = await cutover(['uat', '--report-dir', join(tmp, 'a-file')]);
    expectRefused(result, [`cutover uat: --report-dir: ${join(tmp, 'a-file')} is a file, not a directory`]);
  });

  it('several mistakes at once: each is named', async () => {
    const dir = reportDir();
    const result = await cutover([
      'uat',
      '--shard',
      '3/2',
      '--workers',
      '0',
      '--grep',
      '[',
      '--report-dir',
      dir,
    ]);
    expectRefused(result, ['--shard:', '--workers:', '--grep:'], dir);
  });
});

describe.concurrent('cutover uat refuses bad input files before Playwright starts (exit 2)', SLOW, () => {
  it('a scenario saved as Shift_JIS: the file and its first line that is not UTF-8', async () => {
    const sjis = Buffer.concat([
      Buffer.from('id: AC-90\ntitle: Shift_JIS\nform: contact\ntargets: [legacy]\ninput: { company: "'),
      Buffer.from([0x8a, 0x94, 0x8e, 0xae, 0x89, 0xef, 0x8e, 0xd0]), // 株式会社 in Shift_JIS
      Buffer.from('" }\nexpect:\n  submit: { outcome: accepted }\n'),
    ]);
    const dir = reportDir();
    const result = await cutover([
      'uat',
      '--scenarios',
      await packWith('sjis.yaml', sjis),
      '--report-dir',
      dir,
    ]);
    expectRefused(
      result,
      [/sjis\.yaml:5:1: the file is not UTF-8 text: line 5 has bytes that are not UTF-8/],
      dir,
    );
  });

  it('a scenario whose within is absurdly long: the key and the bound', async () => {
    const dir = reportDir();
    const scenarios = await packWith('long.yaml', scenario('  crm: { within: "99999999h" }\n'));
    const result = await cutover(['uat', '--scenarios', scenarios, '--report-dir', dir]);
    expectRefused(
      result,
      [/long\.yaml:8:\d+: expect\.crm\.within: expected a duration of at most 24h, got "99999999h"/],
      dir,
    );
  });

  it('a scenario file over 1 MiB', async () => {
    const dir = reportDir();
    const big = scenario(`description: "${'x'.repeat(1024 * 1024)}"\n`);
    const result = await cutover([
      'uat',
      '--scenarios',
      await packWith('big.yaml', big),
      '--report-dir',
      dir,
    ]);
    expectRefused(result, [/big\.yaml: the file is \d+ bytes, over the limit of 1048576 bytes/], dir);
  });

  it('a YAML alias bomb', async () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const dir = reportDir();
    const scenarios = await packWith('bomb.yaml', `${levels.join('\n')}\n${scenario()}`);
    const result = await cutover(['uat', '--scenarios', scenarios, '--report-dir', dir]);
    expectRefused(result, [/bomb\.yaml: refused: its aliases \(\*name\) expand to too much data/], dir);
  });

  it('a scenario nested thousands of levels deep', async () => {
    const dir = reportDir();
    const deep = scenario(`description: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    const result = await cutover([
      'uat',
      '--scenarios',
      await packWith('deep.yaml', deep),
      '--report-dir',
      dir,
    ]);
    expectRefused(result, [/deep\.yaml:8:1: refused: the file nests deeper than 64 levels/], dir);
  });

  it('a config with a case timeout beyond its bound', async () => {
    const dir = reportDir();
    const config = await configWith(minimalConfig("caseTimeout: '2h', submitTimeout: '11m'"));
    const result = await cutover(['uat', '-c', config, '--scenarios', pack, '--report-dir', dir]);
    expectRefused(
      result,
      [
        'defaults.caseTimeout: expected a duration of at most 1h, got "2h"',
        'defaults.submitTimeout: expected a duration of at most 10m, got "11m"',
      ],
      dir,
    );
  });

  it('a config saved as Shift_JIS', async () => {
    const dir = reportDir();
    const text = minimalConfig("within: '30s'");
    const sjis = Buffer.concat(
      text.split('会社名').flatMap((part, i) => [
        ...(i > 0 ? [Buffer.from([0x89, 0xef, 0x8e, 0xd0, 0x96, 0xbc])] : []), // 会社名
        Buffer.from(part),
      ]),
    );
    const config = await configWith(sjis);
    const result = await cutover(['uat', '-c', config, '--report-dir', dir]);
    expectRefused(
      result,
      [/cutover\.config\.ts:3:1: the file is not UTF-8 text: line 3 has bytes that are not UTF-8/],
      dir,
    );
  });
});

describe.concurrent('validate, demo, merge and diff refuse bad input the same way (exit 2)', SLOW, () => {
  it('validate: a monitor file saved as Shift_JIS, and one over 1 MiB', async () => {
    const monitors = await mkdtemp(join(tmp, 'monitors-'));
    await writeFile(
      join(monitors, 'sjis.yaml'),
      Buffer.concat([
        Buffer.from('target: renewal\nscenarios: [AC-01]\ninterval: 5m\n# '),
        Buffer.from([0x8a, 0x94, 0x8e, 0xae, 0x89, 0xef, 0x8e, 0xd0]),
        Buffer.from('\n'),
      ]),
    );
    await writeFile(join(monitors, 'big.yaml'), `target: renewal\n# ${'x'.repeat(1024 * 1024)}\n`);
    const result = await cutover(['validate', '--monitors', monitors]);
    expectRefused(result, [
      /big\.yaml: the file is \d+ bytes, over the limit/,
      /sjis\.yaml:4:1: the file is not UTF-8 text: line 4/,
    ]);
  });

  it('demo: --workers 0', async () => {
    const result = await cutover(['demo', '--workers', '0', '--out', reportDir()]);
    expectRefused(result, ['cutover demo: --workers: expected a number']);
    expect(result.stdout).not.toContain('Demo world up');
  });

  it('demo: --out that is a regular file', async () => {
    const result = await cutover(['demo', '--out', join(tmp, 'a-file')]);
    expectRefused(result, [`cutover demo: --out: ${join(tmp, 'a-file')} is a file, not a directory`]);
  });

  it('merge: a blob directory that does not exist, or holds no blob report', async () => {
    const missing = await cutover(['merge', join(tmp, 'no-blobs'), '--report-dir', reportDir()]);
    expectRefused(missing, [`cutover merge: BLOB_DIR: ${join(tmp, 'no-blobs')} does not exist`]);
    const empty = await cutover(['merge', join(tmp, 'empty'), '--report-dir', reportDir()]);
    expectRefused(empty, [`cutover merge: BLOB_DIR: no blob report (*.zip) in ${join(tmp, 'empty')}`]);
  });

  it('merge: a --report-dir that is a regular file', async () => {
    const blobs = await mkdtemp(join(tmp, 'blobs-'));
    await writeFile(join(blobs, 'report-1.zip'), 'PK');
    const result = await cutover(['merge', blobs, '--report-dir', join(tmp, 'a-file')]);
    expectRefused(result, ['cutover merge: --report-dir:', 'is a file, not a directory']);
  });

  it('diff: a name that is neither a report nor a target', async () => {
    const out = reportDir();
    const result = await cutover(['diff', 'nope', 'legacy', '--out', out]);
    expectRefused(
      result,
      ['cutover diff: "nope" is neither a report nor a target (targets: legacy, renewal, embedded)'],
      out,
    );
  });

  it('diff of two targets: an --out that is a regular file', async () => {
    const result = await cutover(['diff', 'legacy', 'renewal', '--out', join(tmp, 'a-file')]);
    expectRefused(result, ['cutover diff: --out:', 'is a file, not a directory']);
  });
});
