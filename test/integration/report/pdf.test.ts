import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashText, writeReport } from '../../../src/report/index.ts';
import { RUNS, reportDir, reportOf } from '../../report/helpers.ts';
import { runCutover } from '../../support/cli.ts';
import { REPO_ROOT } from '../../support/repo.ts';

/**
 * `cutover report pdf`: the acceptance report as the A4 PDF a client files with the delivery (検収),
 * read back the way a reader would — its text by pdftotext, its fonts by pdffonts, its first page
 * looked at as an image (pdftoppm). The tools are poppler-utils; without them these tests fail.
 */
const run = promisify(execFile);
const TOOLS = ['pdftotext', 'pdffonts', 'pdftoppm', 'pdfinfo'] as const;
const INSTALL = 'apt-get install -y poppler-utils (or npx cutover doctor --install --tests)';

function tool(name: (typeof TOOLS)[number], args: string[]): Promise<string> {
  if (!existsSync(`/usr/bin/${name}`)) throw new Error(`${name} is not installed: ${INSTALL}`);
  return run(name, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' }).then((r) => r.stdout);
}

let dir: string;
let remove: () => Promise<void>;
let pdf: string;
let sha256: string;
let printed: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  for (const name of TOOLS) expect(existsSync(`/usr/bin/${name}`), `${name}: ${INSTALL}`).toBe(true);
  ({ dir, remove } = await reportDir());
  await writeReport(dir, reportOf(RUNS.legacy, RUNS.renewalDefects));
  sha256 = hashText(await readFile(join(dir, 'report.json')));
  printed = await runCutover(['report', 'pdf', dir, '--lang', 'ja'], REPO_ROOT);
  pdf = join(dir, 'report.pdf');
}, 120_000);
afterAll(async () => {
  await remove?.();
});

async function text(...range: string[]): Promise<string> {
  return Buffer.from(await tool('pdftotext', ['-layout', ...range, pdf, '-']), 'latin1').toString('utf8');
}

describe('cutover report pdf', () => {
  it('writes report.pdf beside report.json and says where', () => {
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(`検収用 PDF: ${pdf}`);
    expect(existsSync(pdf)).toBe(true);
  });

  it('reads as the Japanese report: its title, the SHA-256 of report.json, page numbers n / N', async () => {
    const all = await text();
    expect(all).toContain('検収報告書');
    expect(all).toContain(sha256);
    const pages = Number((await tool('pdfinfo', [pdf])).match(/^Pages:\s+(\d+)/m)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(await text('-f', '1', '-l', '1')).toMatch(new RegExp(`\\b1 / ${pages}\\b`));
    // The sign-off block, with the hash it signs, is on the last page.
    const last = await text('-f', String(pages), '-l', String(pages));
    expect(last).toContain('検収欄');
    expect(last).toContain('検収者（発注者）');
    expect(last.replace(/\s+/g, '')).toContain(sha256);
  });

  it('embeds every font, so Japanese prints the same on any machine', async () => {
    const rows = (await tool('pdffonts', [pdf])).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    // Columns: name type encoding emb sub uni object ID — emb is the fourth from the end.
    for (const row of rows) expect(row.trim().split(/\s+/).at(-5), row).toBe('yes');
  });

  it('page 1 is not blank when looked at as an image', async () => {
    const image = Buffer.from(
      await tool('pdftoppm', ['-f', '1', '-l', '1', '-r', '30', '-gray', pdf]),
      'latin1',
    );
    // A PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    const header = image
      .subarray(0, 40)
      .toString('latin1')
      .match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
    expect(header).not.toBeNull();
    const pixels = image.subarray(header![0].length);
    const dark = pixels.filter((p) => p < 128).length;
    expect(dark / pixels.length).toBeGreaterThan(0.01);
  });

  it('a path that is no report: exit 2 and what was expected', async () => {
    const missing = await runCutover(['report', 'pdf', join(dir, 'nope')], REPO_ROOT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/expected a report directory or its report\.json/);
  });
});
