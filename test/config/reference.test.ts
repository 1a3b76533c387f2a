import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeOptionsReference } from '../../src/config/reference.ts';

/**
 * docs/probe-options.md is what a QA lead reads to configure a probe; it is generated from the
 * schemas that validate the config, and must never say something else than they do.
 */
const committed = join(import.meta.dirname, '..', '..', 'docs', 'probe-options.md');

describe('the probe option reference', () => {
  it('is the committed docs/probe-options.md (run `npm run reference` after changing a schema)', async () => {
    expect(await readFile(committed, 'utf8')).toBe(probeOptionsReference());
  });

  it('lists every option of every probe with its type, default and meaning', () => {
    const text = probeOptionsReference();
    for (const probe of [
      'mailpit',
      'imap',
      'slack',
      'webhook',
      'hubspot',
      'salesforce',
      'rest',
      'kintone',
      'ga4',
      'datalayer',
    ])
      expect(text).toContain(`### \`use: '${probe}'\``);
    expect(text).toContain(
      '| `secure` | true \\| false | `true` | TLS from the first byte (IMAPS, port 993). false connects in plain text and upgrades with STARTTLS when offered |',
    );
    expect(text).toMatch(/\| `loginUrl` \| text \| required \| Your My Domain URL/);
    expect(text).toMatch(/\| `clientSecret` \| env\("NAME"\) \| required \|/);
    // No option without a meaning.
    expect(text).not.toMatch(/^\| `\w+` \|[^|]*\|[^|]*\|\s*\|$/m);
  });

  it('says how each CRM names the fields a scenario expects, custom Salesforce fields included', () => {
    const text = probeOptionsReference();
    const section = text.slice(text.indexOf('## CRM field naming'));
    expect(section).toMatch(/\| `hubspot` \| HubSpot internal property names/);
    expect(section).toMatch(/\| `salesforce` \| Field API names .*`UTM_Campaign__c`/);
    expect(section).toMatch(/\| `rest` \| The keys of the object the `fields` JSON path points at/);
    expect(section).toMatch(/\| `kintone` \| Field codes \(フィールドコード\).*`<table>\.<row>\.<field>`/);
  });
});
