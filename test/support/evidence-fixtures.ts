import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceStore } from '../../src/monitor/evidence/evidence-store.ts';
import type { CaseResult, Verdict } from '../../src/scenario/case-result.ts';

/** Case results and runs for the monitor's evidence directory, without a browser. */

/** A 1×1 PNG's first bytes: what the page inlines is sniffed as an image. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** A case result as the case runner gives it: its screenshot in the run's artifacts folder. */
export function caseResult(
  verdict: Verdict,
  at: Date,
  reason = 'notification 電話番号: expected "03-1234-5678", got no value',
): CaseResult {
  const iso = at.toISOString();
  return {
    scenario: { id: 'AC-01', title: '対象内のお問い合わせ', tags: [] },
    target: { name: 'renewal', url: 'http://127.0.0.1:1', production: false },
    marker: 'ct-20261208-abcdef',
    email: 'qa+ct-20261208-abcdef@example.com',
    verdict,
    startedAt: iso,
    endedAt: iso,
    durationMs: 6000,
    checks: [
      {
        check: 'submit',
        verdict: 'passed',
        reason: 'accepted',
        details: [],
        findings: [],
        startedAt: iso,
        endedAt: iso,
        evidence: {
          kind: 'submit',
          outcome: 'accepted',
          url: 'http://127.0.0.1:1/inquiry/complete/',
          fieldErrors: [],
          screenshot: 'AC-01-renewal-ct-20261208-abcdef.png',
          durationMs: 500,
          submissions: 1,
        },
      },
      {
        check: 'notification',
        channel: 'autoreply',
        verdict: verdict === 'passed' ? 'passed' : verdict,
        reason: verdict === 'passed' ? 'arrived' : reason,
        details: [],
        findings: [],
        startedAt: iso,
        endedAt: iso,
        evidence: {
          kind: 'notification',
          messages: [
            {
              id: 'm1',
              receivedAt: iso,
              to: ['qa+ct-20261208-abcdef@example.com'],
              subject: 'お問い合わせありがとうございます',
              fields: { 会社名: '株式会社テスト商事' },
              excerpt: '会社名: 株式会社テスト商事',
              html: '<p>会社名: 株式会社テスト商事</p>',
            },
          ],
        },
      },
    ],
    cleanup: [],
  };
}

/** One case run through the store: its screenshot and (as the runner would, when not passed) its trace written. */
export async function runThrough(
  evidence: EvidenceStore,
  verdict: Verdict,
  at: Date,
  reason?: string,
  scenario = 'AC-01',
) {
  const pending = await evidence.begin('renewal', scenario);
  await writeFile(join(pending.dir, 'AC-01-renewal-ct-20261208-abcdef.png'), PNG);
  if (verdict !== 'passed') await writeFile(pending.trace, 'PK trace');
  const given = caseResult(verdict, at, reason);
  return evidence.finish(pending, { ...given, scenario: { ...given.scenario, id: scenario } });
}
