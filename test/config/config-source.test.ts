import { describe, expect, it } from 'vitest';
import { configLocator } from '../../src/config/config-source.ts';

/** Where a key path is written in a config's source; `at(text, 'a.b')` is "line:column". */
function at(text: string, path: string): string | undefined {
  const keys = path ? path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)) : [];
  const position = configLocator(text)(keys);
  return position && `${position.line}:${position.column}`;
}

const config = `import { defineConfig, env } from 'cutover';
/* braces in comments { and strings "}" do not count */
const pattern = /[{}]/;
const probes = {
  crm: { use: 'hubspt', token: env('T') },
  analytics: [{ use: 'ga4' }, ...more],
} satisfies TargetProbesInput;
const contact: TargetFormInput = { path: \`/\${'}'}contact/\`, confrim: '確認' };
export default defineConfig({
  forms: { contact: { fields: { company: '会社名' } } },
  targets: {
    staging: {
      url: 'https://staging.example.co.jp', // }
      forms: { contact, 'quote': { ...contact, path: '/quote/' } },
      probes,
    },
  },
});
`;

describe('configLocator', () => {
  it('finds a key in the exported object literal', () => {
    expect(at(config, 'targets.staging.url')).toBe('13:7');
    expect(at(config, 'forms.contact.fields.company')).toBe('10:33');
  });

  it('follows identifiers, shorthand properties and spreads to a const in the same file', () => {
    expect(at(config, 'targets.staging.probes.crm.use')).toBe('5:10');
    expect(at(config, 'targets.staging.forms.contact.confrim')).toBe('8:61');
    expect(at(config, 'targets.staging.forms.quote.confrim')).toBe('8:61');
    expect(at(config, 'targets.staging.forms.quote.path')).toBe('14:48');
  });

  it('places what it cannot see into at the nearest key around it, never elsewhere', () => {
    // Missing key, past a spread of something unknown, into a call's value.
    expect(at(config, 'targets.staging.forms.contact.submit')).toBe('14:16');
    expect(at(config, 'targets.staging.probes.analytics.1.use')).toBe('6:3');
    expect(at(config, 'targets.staging.probes.crm.token.env')).toBe('5:25');
    // A computed key written after a key could be that key: the object's own key is where it is.
    expect(at('export default { a: {\n  b: 1,\n  [k]: 2 } };', 'a.b')).toBe('1:18');
    expect(at('export default { a: {\n  [k]: 2,\n  b: 1 } };', 'a.b')).toBe('3:3');
  });

  it('reads module.exports and a plain default export; nothing when there is no object to read', () => {
    expect(at('module.exports = { forms: {} };', 'forms')).toBe('1:20');
    expect(at('const c = { targets: {} };\nexport default c;', 'targets')).toBe('1:13');
    expect(at('export default makeConfig();', 'targets')).toBe('1:16');
    expect(at('export { c as default };', 'targets')).toBeUndefined();
    expect(at('export default { a: `unterminated', 'a')).toBeUndefined();
  });
});
