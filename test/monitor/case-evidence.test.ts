import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCaseEvidence } from '../../src/monitor/evidence/case-evidence.ts';
import { createEvidenceStore } from '../../src/monitor/evidence/evidence-store.ts';
import { caseResult } from '../support/evidence-fixtures.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-case-evidence-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a case's evidence under the monitor", () => {
  const store = () => createEvidenceStore({ dir, keep: 10, maxAgeMs: 86_400_000, secrets: [] });

  it('asks the case runner for a screenshot and, only when the case did not pass, for its trace', async () => {
    const evidence = store();
    await evidence.open();
    const recorder = await recordCaseEvidence({ store: evidence }, 'renewal', 'AC-01', () => {});
    const at = new Date();
    expect(recorder.request.artifactsDir).toMatch(new RegExp(`^${dir}/`));
    expect(recorder.request.trace!(caseResult('passed', at))).toBeUndefined();
    expect(recorder.request.trace!(caseResult('failed', at))).toMatch(/trace\.zip$/);
    expect(recorder.request.trace!(caseResult('error', at))).toMatch(/trace\.zip$/);
  });

  it('logs a kept failure with its page when the monitor serves one, a pass with nothing', async () => {
    const evidence = store();
    await evidence.open();
    const runUrl = (id: string) => `https://ops.example.com/runs/${id}/`;
    const failing = await recordCaseEvidence({ store: evidence, runUrl }, 'renewal', 'AC-01', () => {});
    const kept = await failing.keep(caseResult('failed', new Date()));
    expect(kept).toEqual({ run: expect.stringMatching(/-renewal-ac-01-/), url: runUrl(kept!.run) });
    const passing = await recordCaseEvidence({ store: evidence, runUrl }, 'renewal', 'AC-01', () => {});
    expect(await passing.keep(caseResult('passed', new Date()))).toBeUndefined();
    expect(evidence.list().map((r) => r.verdict)).toEqual(['passed', 'failed']);
  });

  it('never stops the case when the evidence directory breaks: it says why, and the case goes on without', async () => {
    const evidence = store();
    await evidence.open();
    const problems: string[] = [];
    const recorder = await recordCaseEvidence({ store: evidence }, 'renewal', 'AC-01', (m) =>
      problems.push(m),
    );
    await rm(dir, { recursive: true, force: true });
    expect(await recorder.keep(caseResult('failed', new Date()))).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(
        /^cannot keep the evidence of run \d{8}T\d{6}Z-renewal-ac-01-[0-9a-f]{4}: ENOENT/,
      ),
    ]);
    expect(evidence.list()).toEqual([]);
  });
});
