import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/foundation/secret.ts';
import { createEvidenceStore, type EvidenceStore } from '../../src/monitor/evidence/evidence-store.ts';
import { isRunId, mintRunId } from '../../src/monitor/evidence/run-id.ts';
import type { CaseResult, Verdict } from '../../src/scenario/case-result.ts';
import { runThrough } from '../support/evidence-fixtures.ts';

const CANARY = 'canary-tok-7f3e9a1b2c';

let dir: string;
let clock: number;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-evidence-'));
  clock = Date.parse('2026-12-08T01:00:00Z');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One case run through the store, a minute after the one before. */
async function run(evidence: EvidenceStore, verdict: Verdict, reason?: string) {
  const kept = await runThrough(evidence, verdict, new Date(clock), reason);
  clock += 60_000;
  return kept!;
}

function store(options: { keep?: number; maxAgeMs?: number; secrets?: Secret[] } = {}): EvidenceStore {
  return createEvidenceStore({
    dir,
    keep: options.keep ?? 200,
    maxAgeMs: options.maxAgeMs ?? 7 * 86_400_000,
    secrets: options.secrets ?? [],
    now: () => clock,
  });
}

const folders = async () => (await readdir(dir)).filter(isRunId).sort();

describe('run ids', () => {
  it('sort by time, name the target and scenario, and are safe as a URL segment and a folder name', () => {
    const at = new Date('2026-12-08T01:04:05.678Z');
    const id = mintRunId('renewal', 'AC-01', at, Buffer.from([0x3f, 0x9a]));
    expect(id).toBe('20261208T010405Z-renewal-ac-01-3f9a');
    expect(isRunId(id)).toBe(true);
    const later = mintRunId('legacy', 'AC-01', new Date('2026-12-08T01:04:06Z'));
    expect([later, id].sort()).toEqual([id, later]);
    // Full-width and Japanese names still give a usable id.
    expect(isRunId(mintRunId('本番', 'ＡＣ－０２', at))).toBe(true);
    expect(mintRunId('本番', 'ＡＣ－０２', at)).toMatch(/^20261208T010405Z-ac-02-[0-9a-f]{4}$/);
    for (const bad of ['../etc', '20261208T010405Z-renewal-ac-01-3f9a/..', 'latest', ''])
      expect(isRunId(bad)).toBe(false);
  });
});

describe('the evidence directory', () => {
  it('keeps a failed run as a page, its result, the screenshot and the trace, linked to the last passing run', async () => {
    const evidence = store();
    await evidence.open();
    const passed = await run(evidence, 'passed');
    const failed = await run(evidence, 'failed');
    expect(failed).toMatchObject({ verdict: 'failed', trace: true, screenshot: true, lastPassed: passed.id });
    expect((await readdir(join(dir, failed.id))).sort()).toEqual([
      'index.html',
      'result.json',
      'run.json',
      'screenshot.png',
      'trace.zip',
    ]);
    const page = await readFile(join(dir, failed.id, 'index.html'), 'utf8');
    expect(page).toContain('電話番号: expected &quot;03-1234-5678&quot;, got no value');
    expect(page).toContain(`href="../${passed.id}/"`);
    expect(page).toContain('href="trace.zip"');
    expect(page).toMatch(/<img class="screenshot"[^>]*src="data:image\/png;base64,/);
    const json = JSON.parse(await readFile(join(dir, failed.id, 'result.json'), 'utf8')) as CaseResult;
    expect(json.checks[0]?.evidence).toMatchObject({ kind: 'submit', screenshot: 'screenshot.png' });
    // A passing run keeps no trace; nothing is left half-written in the staging folder.
    expect(await readdir(join(dir, passed.id))).not.toContain('trace.zip');
    expect(await readdir(join(dir, '.staging', String(process.pid)))).toEqual([]);
  });

  it('keeps only the last passing run of a scenario, and no failure folder for a pass', async () => {
    const evidence = store();
    await evidence.open();
    const first = await run(evidence, 'passed');
    const second = await run(evidence, 'passed');
    expect(await folders()).toEqual([second.id]);
    expect(evidence.list()).toEqual([second]);
    expect(evidence.list({ verdict: 'failed' })).toEqual([]);
    expect(evidence.get(first.id)).toBeUndefined();
  });

  it('deletes the oldest failures past the count, never the last passing run', async () => {
    const evidence = store({ keep: 3 });
    await evidence.open();
    const passed = await run(evidence, 'passed');
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push(await run(evidence, i % 2 ? 'error' : 'failed'));
    expect(await folders()).toEqual([passed.id, ...failures.slice(2).map((f) => f.id)].sort());
    expect(evidence.list().map((r) => r.id)).toEqual([
      ...failures
        .slice(2)
        .map((f) => f.id)
        .reverse(),
      passed.id,
    ]);
    expect(evidence.list({ verdict: 'error' }).map((r) => r.id)).toEqual([failures[3]!.id]);
  });

  it('deletes failures older than the age, keeps the passing run a kept failure compares with', async () => {
    const evidence = store({ maxAgeMs: 3_600_000 });
    await evidence.open();
    const oldPass = await run(evidence, 'passed');
    const oldFailure = await run(evidence, 'failed');
    clock += 30 * 60_000;
    const newPass = await run(evidence, 'passed');
    const newFailure = await run(evidence, 'failed');
    // The old pass stays while the old failure, which links to it, is kept.
    expect(await folders()).toEqual([oldPass.id, oldFailure.id, newPass.id, newFailure.id].sort());
    clock += 45 * 60_000;
    expect(await evidence.prune()).toEqual([oldFailure.id, oldPass.id]);
    expect(await folders()).toEqual([newPass.id, newFailure.id].sort());
    clock += 24 * 3_600_000;
    await evidence.prune();
    // The last passing run stays whatever its age: it is what the next failure is compared with.
    expect(await folders()).toEqual([newPass.id]);
  });

  it('lists what an earlier monitor kept when it opens again, and drops what it left half-written', async () => {
    const first = store();
    await first.open();
    const passed = await run(first, 'passed');
    const failed = await run(first, 'failed');
    const halfWritten = await first.begin('renewal', 'AC-01');
    await writeFile(halfWritten.trace, 'PK');
    const again = store();
    await again.open();
    expect(again.list().map((r) => r.id)).toEqual([failed.id, passed.id]);
    expect(await readdir(join(dir, '.staging'))).toEqual([]);
  });

  it('writes no secret: a token in a reason and a mail body is redacted from the page and the JSON', async () => {
    const token = new Secret('CRM_TOKEN', CANARY);
    const evidence = store({ secrets: [token] });
    await evidence.open();
    const failed = await run(
      evidence,
      'error',
      `the CRM answered 401 for Bearer ${CANARY} (${encodeURIComponent(CANARY)})`,
    );
    const files = await readdir(join(dir, failed.id));
    for (const file of files) {
      const text = await readFile(join(dir, failed.id, file), 'latin1');
      expect(text, file).not.toContain(CANARY);
    }
    expect(await readFile(join(dir, failed.id, 'result.json'), 'utf8')).toContain('[secret CRM_TOKEN]');
    expect(failed.summary).toContain('[secret CRM_TOKEN]');
  });
});
