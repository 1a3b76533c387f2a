/**
 * The case runner puts what `validate` warns of on the checks of a case's result — computed once
 * from the scenario and the target's config, never by the engine — and on each check it reports
 * as it goes (the progress line).
 */
import type { BrowserContext } from 'playwright';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/index.ts';
import { scenarioSchema } from '../../src/config/scenario.schema.ts';
import type { CheckResult } from '../../src/scenario/case-result.ts';
import { createCaseRunner } from '../../src/scenario/case-runner.ts';
import { caseCaveats } from '../../src/scenario/caveats.ts';

const config = configSchema.parse({
  forms: { contact: { fields: { email: 'メール', message: '内容' } } },
  targets: {
    staging: {
      url: 'https://staging.example.test',
      forms: { contact: { path: '/contact/', submit: '送信', success: { text: 'ありがとう' } } },
      probes: {
        notification: { use: 'mailpit', url: 'http://127.0.0.1:9', to: 'sales@example.test' },
        crm: { use: 'hubspot', url: 'demo://crm' },
      },
    },
  },
});

const scenario = scenarioSchema.parse({
  id: 'AC-09',
  title: 'invalid email',
  form: 'contact',
  input: { email: 'yamada@@example', message: '形式エラーの確認です。（{{marker}}）' },
  expect: { submit: { outcome: 'rejected' }, notification: { none: true }, crm: { none: true } },
});

describe('caveats on a case’s checks', () => {
  it('are a pure function of the scenario and the target: the CRM check only (the mail carries the marker)', () => {
    const caveats = caseCaveats(config, 'staging', scenario);
    expect([...caveats.keys()]).toEqual(['crm']);
    expect(caveats.get('crm')?.[0]).toMatchObject({
      kind: 'unseen',
      why: expect.stringMatching(/^the hubspot CRM probe of target "staging" finds records only by/),
    });
  });

  it('ride on the result and on each check the runner reports, whatever the verdict', async () => {
    const runner = createCaseRunner({ config });
    const told: CheckResult[] = [];
    try {
      // Stopped before the page opens: every check gets its verdict (skipped), nothing is submitted.
      const result = await runner.run({
        target: 'staging',
        scenario,
        context: {} as BrowserContext,
        probes: { notifications: [], crm: undefined, analytics: [] },
        signal: AbortSignal.abort(),
        cleanup: false,
        onCheck: (check) => told.push(check),
      });
      const crm = result.checks.find((c) => c.check === 'crm');
      expect(crm?.verdict).toBe('skipped');
      expect(crm?.caveats).toEqual(caseCaveats(config, 'staging', scenario).get('crm'));
      expect(result.checks.filter((c) => c.caveats !== undefined).map((c) => c.check)).toEqual(['crm']);
      expect(told.find((c) => c.check === 'crm')?.caveats).toEqual(crm?.caveats);
      expect(told.find((c) => c.check === 'notification')?.caveats).toBeUndefined();
    } finally {
      await runner.close();
    }
  });
});
