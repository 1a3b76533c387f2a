import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { hashText, renderJunit, writeReport } from '../../src/report/index.ts';
import { type Json, RUNS, reportDir, reportOf } from './helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

type Node = Json;
const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    htmlEntities: true,
  }).parse(xml);
}

describe('junit.xml', () => {
  it('is valid XML with one testcase per scenario × target and counts that match', async () => {
    const { dir, remove } = await reportDir();
    cleanups.push(remove);
    const written = await writeReport(dir, reportOf(RUNS.legacy, RUNS.renewalDefects));
    const bytes = await readFile(written.junit);
    expect(bytes.subarray(0, 38).toString()).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    const doc = parse(bytes.toString('utf8'));
    const root = doc.testsuites;
    expect(root).toMatchObject({ tests: '10', failures: '1', errors: '1', skipped: '2' });
    const suites = asList<Node>(root.testsuite);
    expect(suites.map((s) => s.name)).toEqual(['legacy', 'renewal']);
    expect(suites[0]).toMatchObject({ tests: '5', failures: '0', errors: '0', skipped: '1' });
    expect(suites[1]).toMatchObject({ tests: '5', failures: '1', errors: '1', skipped: '1' });
    const property = (name: string) =>
      asList<Node>(suites[1]!.properties.property).find((p) => p.name === name)?.value;
    expect(property('report.sha256')).toBe(hashText(await readFile(written.json)));
    expect(property('target.url')).toBe('http://127.0.0.1:41003');

    const cases = suites.flatMap((s) => asList<Node>(s.testcase));
    expect(cases).toHaveLength(10);
    // Counted from the elements themselves, not only from the attributes the writer computed.
    expect(cases.filter((c) => c.failure).length).toBe(1);
    expect(cases.filter((c) => c.error).length).toBe(1);
    expect(cases.filter((c) => 'skipped' in c).length).toBe(2);
    expect(cases.map((c) => `${c.classname} ${c.name.split(' ')[0]}`)).toEqual([
      ...['AC-01', 'AC-02', 'AC-03', 'AC-04', 'AC-06'].map((id) => `legacy ${id}`),
      ...['AC-01', 'AC-02', 'AC-03', 'AC-04', 'AC-06'].map((id) => `renewal ${id}`),
    ]);
  });

  it('carries the reasons of the failed checks in <failure> and the probe error in <error>, Japanese as UTF-8', () => {
    const xml = renderJunit(reportOf(RUNS.renewalDefects));
    expect(xml).toContain('対象内のお問い合わせ（UTM付き）が営業通知・CRM・GA4 にすべて届く');
    const cases = asList<Node>(parse(xml).testsuites.testsuite.testcase);
    const ac01 = cases.find((c) => c.name.startsWith('AC-01 '))!;
    expect(ac01.name).toBe('AC-01 対象内のお問い合わせ（UTM付き）が営業通知・CRM・GA4 にすべて届く');
    expect(ac01.classname).toBe('renewal');
    expect(ac01.failure.message).toBe(
      'notification: notification 電話番号: expected "03-1234-5678", got no value',
    );
    expect(ac01.failure.type).toBe('notification,crm,analytics');
    expect(ac01.failure['#text']).toContain(
      'crm failed: CRM utm_source: expected "newsletter", got no value',
    );
    expect(ac01.failure['#text']).toContain('- utm_campaign: expected "ct-20261126-');
    expect(ac01.failure['#text']).toContain('analytics failed: analytics generate_lead (ga4): fired 2×');
    const ac04 = cases.find((c) => c.name.startsWith('AC-04 '))!;
    expect(ac04.error.message).toBe('crm: HubSpot answered 401: token rejected');
    expect(ac04.failure).toBeUndefined();
    const ac06 = cases.find((c) => c.name.startsWith('AC-06 '))!;
    expect(ac06.skipped.message).toContain('production-only scenario');
    expect(ac01['system-out']).toContain(
      'submit: passed — accepted: success condition met after 2.1 s [2.9 s / SLA 10 s]',
    );
  });

  it('escapes markup, quotes and line breaks, and keeps characters XML cannot hold out of the file', () => {
    const report = reportOf({
      ...RUNS.renewalDefects,
      title01: '<script>alert("1")</script> & \'ok\'\n次行\u0007',
    });
    const xml = renderJunit(report);
    expect(xml).not.toContain('<script>');
    const ac01 = asList<Node>(parse(xml).testsuites.testsuite.testcase).find((c) =>
      c.name.startsWith('AC-01'),
    )!;
    expect(ac01.name).toBe('AC-01 <script>alert("1")</script> & \'ok\'\n次行\\u0007');
  });
});
