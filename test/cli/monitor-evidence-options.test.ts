import { describe, expect, it } from 'vitest';
import { evidenceOptions } from '../../src/cli/commands/monitor/evidence.ts';
import type { MonitorDefinition } from '../../src/config/index.ts';
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
