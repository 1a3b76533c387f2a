import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type EvidenceOptions,
  evidenceOptions,
  openEvidence,
} from '../../src/cli/commands/monitor/evidence.ts';
import type { Output } from '../../src/cli/output.ts';
import type { CutoverConfig, MonitorDefinition } from '../../src/config/index.ts';
import type { MonitorPlan } from '../../src/monitor/index.ts';

const plan = (definition: Partial<MonitorDefinition>): MonitorPlan =>
  ({ file: 'monitors/x.yaml', definition, scenarios: [] }) as unknown as MonitorPlan;

describe('where the evidence goes and how long it stays', () => {
  const file = plan({
    externalUrl: 'https://ops.example.com/cutover',
    evidence: { dir: '/var/lib/cutover/evidence', keep: 50, maxAge: '3d' },
  });

  it('the first monitor file says, like listen', () => {
    expect(evidenceOptions({}, [file, plan({ evidence: { dir: '/elsewhere' } })])).toEqual({
      evidence: undefined,
      evidenceDir: '/var/lib/cutover/evidence',
      evidenceKeep: '50',
      evidenceMaxAge: '3d',
      externalUrl: 'https://ops.example.com/cutover',
    });
  });

  it('the command line wins', () => {
    expect(
      evidenceOptions(
        {
          evidenceDir: 'ev',
          evidenceKeep: '10',
          evidenceMaxAge: '1h',
          externalUrl: 'http://m.test',
          evidence: false,
        },
        [file],
      ),
    ).toEqual({
      evidence: false,
      evidenceDir: 'ev',
      evidenceKeep: '10',
      evidenceMaxAge: '1h',
      externalUrl: 'http://m.test',
    });
  });

  it('neither: the defaults apply when the store opens', () => {
    expect(evidenceOptions({}, [plan({})])).toEqual({
      evidence: undefined,
      evidenceDir: undefined,
      evidenceKeep: undefined,
      evidenceMaxAge: undefined,
      externalUrl: undefined,
    });
  });
});

describe('the language and clock of the evidence pages', () => {
  const output = { out: () => undefined, err: () => undefined } as unknown as Output;
  const opened = async (options: EvidenceOptions, config: Pick<CutoverConfig, 'report'>) => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-evidence-lang-'));
    try {
      const store = await openEvidence({ ...options, evidenceDir: dir }, config as CutoverConfig, [], output);
      if (!store) throw new Error('the evidence directory did not open');
      return { lang: store.pages.m.lang, timeZone: store.pages.timeZone };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('follow the config’s report settings, and --lang wins over them', async () => {
    const japanese = { report: { lang: 'ja', timeZone: 'Asia/Tokyo' } } as Pick<CutoverConfig, 'report'>;
    expect(await opened({}, japanese)).toEqual({ lang: 'ja', timeZone: 'Asia/Tokyo' });
    expect(await opened({ lang: 'en' }, japanese)).toEqual({ lang: 'en', timeZone: 'Asia/Tokyo' });
    expect((await opened({ lang: 'ja' }, {})).lang).toBe('ja');
  });
});
