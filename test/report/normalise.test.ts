import { describe, expect, it } from 'vitest';
import { caseNormaliser } from '../../src/report/index.ts';
import type { CaseResult } from '../../src/scenario/case-result.ts';
import { fixtureCases } from './fixtures/cases.ts';
import { RUNS } from './helpers.ts';

const ac01 = fixtureCases(RUNS.legacy)[0]!;
const n = caseNormaliser(ac01);

describe('normalising run-specific values', () => {
  it('replaces the case marker, any other marker, and the synthetic email (also URL-encoded, any case)', () => {
    expect(n(`（${ac01.marker}）`)).toBe('（{marker}）');
    expect(n('utm_campaign=ct-20250101-abcdef&x=qa-20261126-000000')).toBe(
      'utm_campaign={marker}&x={marker}',
    );
    expect(n(ac01.email)).toBe('{email}');
    expect(n(ac01.email.toUpperCase())).toBe('{email}');
    expect(n(`email=${encodeURIComponent(ac01.email)}`)).toBe('email={email}');
  });

  it('replaces this case’s message and record ids: long ones anywhere, short ones as whole values', () => {
    const crm = ac01.checks.find((c) => c.check === 'crm')!.evidence;
    const mail = ac01.checks.find((c) => c.check === 'notification')!.evidence;
    if (crm?.kind !== 'crm' || mail?.kind !== 'notification') throw new Error('fixture');
    const recordId = crm.records[0]!.id;
    const messageId = mail.messages[0]!.id;
    expect(n(recordId)).toBe('{id}');
    expect(n(`tel ${recordId}`)).toBe(`tel ${recordId}`);
    expect(n(`see <${messageId}>`)).toBe('see <{id}>');
  });

  it('replaces timestamps in the usual forms, epoch times near the run, and dates of the run day only', () => {
    expect(n('2026-11-26T01:02:03.456Z')).toBe('{timestamp}');
    expect(n('受付: 2026-11-26 10:15:03+09:00')).toBe('受付: {timestamp}');
    expect(n('受付日時: 2026/11/26 10:15')).toBe('受付日時: {timestamp}');
    expect(n('受付日時：2026年11月26日(木) 10時15分')).toBe('受付日時：{timestamp}');
    expect(n(String(Date.parse(ac01.startedAt) + 5000))).toBe('{timestamp}');
    expect(n(String(Math.floor(Date.parse(ac01.startedAt) / 1000)))).toBe('{timestamp}');
    expect(n('0312345678')).toBe('0312345678');
    expect(n('1700000000000')).toBe('1700000000000');
    expect(n('受付日 2026年11月26日')).toBe('受付日 {timestamp}');
    expect(n('希望日 2027年4月1日')).toBe('希望日 2027年4月1日');
  });

  it('replaces the origin of the target and of any site on this machine, whatever the port', () => {
    expect(n('http://127.0.0.1:41001/contact/')).toBe('{origin}/contact/');
    expect(n('http://localhost:5173/a http://[::1]:8080/b')).toBe('{origin}/a {origin}/b');
    expect(n('dl=http%3A%2F%2F127.0.0.1%3A41001%2Fcontact%2F')).toBe('dl={origin}%2Fcontact%2F');
    const real = caseNormaliser({
      ...ac01,
      target: { ...ac01.target, url: 'https://staging.example.co.jp/' },
    } as CaseResult);
    expect(real('https://staging.example.co.jp/inquiry/')).toBe('{origin}/inquiry/');
    expect(real('https://www.example.co.jp/inquiry/')).toBe('https://www.example.co.jp/inquiry/');
  });
});
