import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { problemsOf, projectWith } from './validate-project.ts';

/**
 * The broken-file corpus in test/fixtures/invalid/: each case is laid over the valid fixture
 * project, and the test asserts exactly what a user would read — file, key path, message, line.
 */
const S = 'scenarios/broken.yaml';
const M = 'monitors/broken.yaml';
const C = 'cutover.config.ts';

const cases: Record<string, Array<{ file: string; path: string; message: string; line?: number }>> = {
  'yaml-syntax': [
    {
      file: S,
      path: '',
      line: 3,
      message:
        'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
  ],
  'unknown-key': [
    { file: S, path: 'expect', line: 1, message: 'missing; expected a mapping' },
    { file: S, path: 'expct', line: 6, message: 'unknown key "expct" (did you mean "expect"?)' },
  ],
  'wrong-type': [
    { file: S, path: 'submissions', line: 5, message: 'expected a number or a list, got "two"' },
  ],
  'bad-duration': [
    {
      file: S,
      path: 'expect.crm.within',
      line: 8,
      message: 'expected a duration like "90s" or "5m", got "5 min"',
    },
  ],
  'unknown-form': [
    {
      file: S,
      path: 'form',
      line: 3,
      message: 'form "quote" is not defined in the config (forms: "contact")',
    },
  ],
  'duplicate-id': [
    {
      file: 'scenarios/ac-01.yaml',
      path: 'id',
      line: 1,
      message: 'duplicate scenario id "AC-01" (also in scenarios/ac-01-copy.yaml)',
    },
  ],
  'bad-regex': [
    {
      file: S,
      path: 'expect.crm.fields.company.matches',
      line: 10,
      message: 'regular expression does not compile: /([a-z/u: Unterminated character class',
    },
  ],
  'empty-file': [
    { file: S, path: '', message: 'the file is empty; expected a scenario (a mapping with id, title, …)' },
  ],
  'list-not-mapping': [
    {
      file: S,
      path: '',
      line: 1,
      message:
        'expected a scenario mapping, got a list (2 items) — one file holds one scenario; split the list into files',
    },
  ],
  'full-width-key': [
    {
      file: S,
      path: 'ｅｘｐｅｃｔ',
      line: 6,
      message:
        'unknown key "ｅｘｐｅｃｔ": it contains full-width characters; keys are half-width, e.g. "expect"',
    },
  ],
  'unknown-placeholder': [
    {
      file: S,
      path: 'input.email',
      line: 7,
      message: 'unknown placeholder {{mail}} (did you mean {{email}}?)',
    },
  ],
  'unknown-input-reference': [
    {
      file: S,
      path: 'expect.crm.fields.phone',
      line: 10,
      message: 'unknown placeholder {{input.phone}}: the input has no key "phone" (input keys: "company")',
    },
  ],
  'unknown-field': [
    {
      file: S,
      path: 'input.fax',
      line: 5,
      message: '"fax" is not a field of form "contact" (fields: "company", "name", "email", "consent")',
    },
  ],
  'missing-title': [{ file: S, path: 'title', line: 1, message: 'missing; expected text' }],
  'bad-outcome': [
    {
      file: S,
      path: 'expect.submit.outcome',
      line: 7,
      message: 'expected one of "accepted", "rejected", got "sent"',
    },
  ],
  'production-not-marked': [
    {
      file: S,
      path: 'targets[1]',
      line: 4,
      message: 'target "production" is production; the scenario must say production: true to run there',
    },
  ],
  'unknown-target': [
    {
      file: S,
      path: 'targets[0]',
      line: 4,
      message: 'target "stagnig" is not defined in the config (did you mean "staging"?)',
    },
  ],
  'errors-on-accepted': [
    {
      file: S,
      path: 'expect.submit.errors',
      line: 7,
      message: 'field errors are expected only with outcome: rejected',
    },
  ],
  'matcher-two-keys': [
    {
      file: S,
      path: 'expect.crm.fields.company',
      line: 10,
      message: 'give exactly one of equals, contains, matches, present, absent',
    },
  ],
  'no-probe-for-check': [
    {
      file: S,
      path: 'expect.crm',
      line: 8,
      message: 'target "staging" has no crm probe (targets.staging.probes.crm)',
    },
  ],
  'unknown-analytics-source': [
    {
      file: S,
      path: 'expect.analytics.events[0].source',
      line: 10,
      message: 'target "legacy" has no analytics probe "gtm" (has: "ga4")',
    },
  ],
  'unknown-notification-channel': [
    {
      file: S,
      path: 'expect.notifications.autorepy',
      line: 9,
      message: 'target "legacy" has no notification probe "autorepy" (has: "mailpit")',
    },
  ],
  // Schema errors do not hide the references checked against the config: both in one run.
  'schema-and-references': [
    {
      file: S,
      path: 'input.tel',
      line: 5,
      message: '"tel" is not a field of form "contact" (fields: "company", "name", "email", "consent")',
    },
    {
      file: S,
      path: 'input.emial',
      line: 5,
      message: '"emial" is not a field of form "contact" (did you mean "email"?)',
    },
    {
      file: S,
      path: 'expect.crm.within',
      line: 9,
      message: 'expected a duration like "90s" or "5m", got "5 min"',
    },
    {
      file: S,
      path: 'expect.crm.fields.company',
      line: 11,
      message:
        'unknown placeholder {{input.compnay}}: the input has no key "compnay" (did you mean "company"?)',
    },
    {
      file: S,
      path: 'expect.analytics.events[0].source',
      line: 14,
      message: 'target "legacy" has no analytics probe "ga5" (did you mean "ga4"?)',
    },
  ],
  // A config that does not validate still has the scenarios checked against what of it did: the
  // broken scenario's form, not ac-01's crm check on legacy, whose crm probe is the broken part.
  'config-typos': [
    {
      file: C,
      path: 'targets.staging.forms.contact.confrim',
      line: 4,
      message: 'unknown key "confrim" (did you mean "confirm"?)',
    },
    {
      file: C,
      path: 'targets.legacy.probes.crm.use',
      line: 21,
      message:
        'expected one of "hubspot", "salesforce", "rest", "kintone", got "hubspt" (did you mean "hubspot"?)',
    },
    {
      file: S,
      path: 'form',
      line: 3,
      message: 'form "contcat" is not defined in the config (did you mean "contact"?)',
    },
    {
      file: S,
      path: 'expect.submit.outcome',
      line: 6,
      message: 'expected one of "accepted", "rejected", got "sent"',
    },
  ],
  'bad-id': [{ file: S, path: 'id', line: 1, message: 'expected an id like "AC-01", got "AC 09"' }],
  // An embedded form: its frame, its steps, its file field and the double click, each written wrong.
  'forms-in-the-wild': [
    {
      file: C,
      path: 'targets.embedded.forms.quote.frame.src',
      line: 22,
      message:
        'RE2 syntax: no backreferences or lookaround ("\\1" is a backreference); matching must take linear time',
    },
    {
      file: C,
      path: 'targets.embedded.forms.quote.before[0].click.role',
      line: 23,
      message: 'expected one of "button", "link", "tab", "menuitem", got "buton" (did you mean "button"?)',
    },
    {
      file: C,
      path: 'targets.staging.forms.quote.frame',
      line: 35,
      message: 'give either src (the frame’s URL) or selector (its <iframe> element), not both',
    },
    { file: S, path: 'before[0].clik', line: 6, message: 'unknown key "clik" (did you mean "click"?)' },
    {
      file: S,
      path: 'before[1]',
      line: 7,
      message: 'give exactly one of click, check, uncheck, waitFor, dismiss',
    },
    {
      file: S,
      path: 'input.name',
      line: 11,
      message: 'a list is for a file field (type: file); "name" is not one',
    },
    {
      file: S,
      path: 'input.drawing[1]',
      line: 12,
      message: 'no such file: scenarios/fixtures/missing.pdf (paths are relative to the scenario file)',
    },
    { file: S, path: 'expect.submit.clicks', line: 14, message: 'expected at most 3, got number 5' },
    {
      file: S,
      path: 'expect.notification.fields.添付ファイル',
      line: 15,
      message:
        'unknown placeholder {{input.drawing.nam}}: of an input only its file name can be named, {{input.drawing.name}}',
    },
    {
      file: S,
      path: 'expect.form.prefectur',
      line: 16,
      message: '"prefectur" is not a field of form "quote" (fields: "company", "name", "drawing")',
    },
  ],
  'duplicate-key': [{ file: S, path: '', line: 3, message: 'YAML syntax error: Map keys must be unique' }],
  'events-not-list': [
    { file: S, path: 'expect.analytics.events', line: 9, message: 'expected a list, got "generate_lead"' },
  ],
  // The schema's problems and the checks against the config, in one run, by line.
  'many-problems': [
    {
      file: S,
      path: 'input.company',
      line: 5,
      message: 'unknown placeholder {{markr}} (did you mean {{marker}}?)',
    },
    {
      file: S,
      path: 'input.fax',
      line: 5,
      message: '"fax" is not a field of form "contact" (fields: "company", "name", "email", "consent")',
    },
    {
      file: S,
      path: 'expect.notification.within',
      line: 8,
      message: 'expected a duration like "90s" or "5m", got number 90',
    },
    {
      file: S,
      path: 'expect.crm.within',
      line: 9,
      message: 'expected a duration like "90s" or "5m", got "5 min"',
    },
  ],
  'duration-too-long': [
    {
      file: S,
      path: 'expect.submit.within',
      line: 7,
      message: 'expected a duration of at most 10m, got "1h"',
    },
    {
      file: S,
      path: 'expect.crm.within',
      line: 8,
      message: 'expected a duration of at most 24h, got "99999999h"',
    },
  ],
  'shift-jis': [
    {
      file: S,
      path: '',
      line: 5,
      message:
        'the file is not UTF-8 text: line 5 has bytes that are not UTF-8 (Shift_JIS or EUC-JP?); save the file as UTF-8',
    },
  ],
  'alias-bomb': [
    {
      file: S,
      path: '',
      message:
        'refused: its aliases (*name) expand to too much data (limit: 100 expanded aliases) — a YAML "billion laughs"; write the values out',
    },
  ],
  'monitor-duration-bounds': [
    { file: M, path: 'interval', line: 3, message: 'expected a duration of at least 1s, got "0s"' },
    { file: M, path: 'timeout', line: 4, message: 'expected a duration of at most 24h, got "48h"' },
  ],
  'monitor-unknown-scenario': [
    { file: M, path: 'scenarios[1]', line: 2, message: 'no scenario has id "AC-99" (ids: "AC-01", "AC-02")' },
  ],
  'monitor-bad-values': [
    {
      file: M,
      path: 'interval',
      line: 3,
      message: 'expected a duration like "90s" or "5m", got "every 5 minutes"',
    },
    {
      file: M,
      path: 'listen',
      line: 4,
      message: 'expected host:port like "127.0.0.1:9464", got number 9464',
    },
  ],
  // A monitor's names are checked even when another of its values is wrong.
  'monitor-typos': [
    {
      file: M,
      path: 'target',
      line: 1,
      message: 'target "prodution" is not defined in the config (did you mean "production"?)',
    },
    { file: M, path: 'scenarios[1]', line: 2, message: 'no scenario has id "AC-2" (did you mean "AC-02"?)' },
    {
      file: M,
      path: 'interval',
      line: 3,
      message: 'expected a duration like "90s" or "5m", got "every 5 minutes"',
    },
  ],
  'monitor-watch': [
    { file: M, path: 'scenarios[0]', line: 2, message: 'scenario "AC-01" does not run on target "staging"' },
    { file: M, path: 'watch.count[0]', line: 5, message: 'target "staging" has no crm probe to count in' },
    {
      file: M,
      path: 'watch.count[2]',
      line: 5,
      message: 'expected one of "crm", "notification", got "inbox"',
    },
    { file: M, path: 'watch.every', line: 6, message: 'expected a duration of at least 1s, got "500ms"' },
    { file: M, path: 'watch.weeks', line: 7, message: 'expected a number >= 1, got number 0' },
    { file: M, path: 'watch.crmFilter.value', line: 8, message: 'missing; expected text' },
  ],
  'monitor-evidence': [
    {
      file: M,
      path: 'externalUrl',
      line: 4,
      message:
        'expected the URL people reach the monitor by, like https://monitor.example.com or https://ops.example.com/cutover, got "ops.example.com/cutover"',
    },
    { file: M, path: 'evidence.keep', line: 6, message: 'expected a number >= 1, got number 0' },
    {
      file: M,
      path: 'evidence.maxAge',
      line: 7,
      message: 'expected a period from 1m to 366d like "7d" or "36h", got "7 days"',
    },
  ],
  'monitor-watch-probes': [
    {
      file: M,
      path: 'watch.count[1]',
      line: 5,
      message: 'target "staging" has no crm probe to count in',
    },
  ],
  'monitor-sla': [
    { file: M, path: 'watch.sla', line: 6, message: 'target "staging" has no crm probe to read leads from' },
    {
      file: M,
      path: 'watch.sla.firstResponse.within',
      line: 9,
      message:
        'expected a business duration like "1 business day", "4 business hours" or "1営業日", got "1 day"',
    },
    { file: M, path: 'watch.sla.scope', line: 10, message: 'give exactly one of inScope or outOfScope' },
    {
      file: M,
      path: 'watch.sla.calendar.timeZone',
      line: 12,
      message: 'expected an IANA time zone like "Asia/Tokyo", got "Asia/Tokio"',
    },
    {
      file: M,
      path: 'watch.sla.calendar.hours',
      line: 13,
      message: 'expected opening hours like "09:00-18:00" (closing after opening), got "18:00-09:00"',
    },
    {
      file: M,
      path: 'watch.sla.calendar.closed[0]',
      line: 14,
      message:
        'expected a closed day or range like "12-29..01-03" (every year) or "2027-08-13..2027-08-15", got "12-32"',
    },
  ],
  'monitor-production-not-marked': [
    {
      file: M,
      path: 'target',
      line: 1,
      message:
        'target "production" is production; set production: true in the monitor to run there on purpose',
    },
  ],
};

const configCases: typeof cases = {
  'config-notification-channels': [
    {
      file: C,
      path: 'targets.legacy.probes.notification[1].name',
      line: 10,
      message:
        'another notification probe of this target is already called "mailpit": give each a distinct name',
    },
  ],
  // The config's own checks run on the parts that validated, beside the schema's problems; a
  // missing key is placed at the key around it.
  'config-unknown-probe': [
    {
      file: C,
      path: 'targets.legacy.forms.contact.selectors.fax',
      line: 11,
      message: '"fax" is not a field of form "contact" (fields: "company")',
    },
    {
      file: C,
      path: 'targets.legacy.probes.notification.use',
      line: 14,
      message: 'expected one of "mailpit", "imap", "slack", "webhook", got "mailgun"',
    },
    {
      file: C,
      path: 'targets.legacy.probes.crm.token',
      line: 14,
      message: 'required: the token, as env("HUBSPOT_TOKEN")',
    },
  ],
  'config-duration-bounds': [
    { file: C, path: 'defaults.within', line: 2, message: 'expected a duration of at most 24h, got "25h"' },
    {
      file: C,
      path: 'defaults.caseTimeout',
      line: 2,
      message: 'expected a duration of at most 1h, got "2h"',
    },
    {
      file: C,
      path: 'defaults.submitTimeout',
      line: 2,
      message: 'expected a duration of at most 10m, got "11m"',
    },
  ],
  // JSON paths and Salesforce API names are refused when the config loads, never at run time.
  'config-bad-paths': [
    {
      file: C,
      path: 'targets.legacy.probes.crm.records',
      line: 11,
      message:
        'not a JSON path: "[abc": "[" at character 1 is not [0] (an index) or [\'key\'] (a quoted key) closed with "]"',
    },
    {
      file: C,
      path: 'targets.legacy.probes.crm.id',
      line: 12,
      message:
        'not a JSON path: "id..x": ".." at character 3: a key is missing between the dots (and ".." as recursive descent is not supported)',
    },
    {
      file: C,
      path: 'targets.legacy.probes.crm.createdAtResolution',
      line: 14,
      message: 'expected a duration like "90s" or "5m", got "1 minute"',
    },
    {
      file: C,
      path: 'targets.staging.probes.crm.object',
      line: 27,
      message: 'expected an sObject API name like "Lead" or "Inquiry__c", got "Lead WHERE"',
    },
    {
      file: C,
      path: 'targets.staging.probes.crm.fields[1]',
      line: 28,
      message:
        'expected a field API name like "Company", "UTM_Campaign__c" or a relationship path like "Owner.Name", got "Owner..Name"',
    },
  ],
  'config-shift-jis': [
    {
      file: C,
      path: '',
      line: 2,
      message:
        'the file is not UTF-8 text: line 2 has bytes that are not UTF-8 (Shift_JIS or EUC-JP?); save the file as UTF-8',
    },
  ],
  'config-syntax-error': [
    { file: C, path: '', line: 3, message: 'syntax error: Expected "}" but found ";"' },
  ],
};

describe('validation of broken files reports every problem with file, path and message', () => {
  it('has a corpus of at least 20 broken files', () => {
    expect(Object.keys(cases).length + Object.keys(configCases).length).toBeGreaterThanOrEqual(20);
  });

  for (const [name, expected] of Object.entries(cases)) {
    it(name, async () => {
      expect(await problemsOf(name)).toEqual(expected.map((p) => ({ line: undefined, ...p })));
    });
  }

  for (const [name, expected] of Object.entries(configCases)) {
    it(name, async () => {
      expect(await problemsOf(name, { alone: true })).toEqual(
        expected.map((p) => ({ line: undefined, ...p })),
      );
    });
  }

  it('names a missing environment variable and the config key that needs it', async () => {
    expect(await problemsOf('unknown-field', { env: {} })).toContainEqual({
      file: C,
      path: 'targets.legacy.probes.crm.token',
      line: 15,
      message:
        'environment variable TEST_HUBSPOT_TOKEN is not set (needed by targets.legacy.probes.crm.token)',
    });
  });

  it('makes validate exit 2 for a JSON path that does not parse, naming the file and the option', async () => {
    const dir = await projectWith('config-bad-paths', { alone: true });
    try {
      const out: string[] = [];
      const output = { out: (text: string) => void out.push(text), err: () => {}, color: false };
      expect(await validateCommand({ cwd: dir }, { json: true }, output)).toBe(EXIT.invalid);
      expect(JSON.parse(out.join('\n')).problems).toContainEqual({
        file: C,
        path: 'targets.legacy.probes.crm.id',
        line: 12,
        column: 11,
        message: expect.stringContaining('not a JSON path: "id..x"'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints config problems at file:line:col, inside a const the config refers to too', async () => {
    const dir = await projectWith('config-typos');
    try {
      const err: string[] = [];
      const output = { out: () => {}, err: (text: string) => void err.push(text), color: false };
      expect(await validateCommand({ cwd: dir, env: { TEST_HUBSPOT_TOKEN: 'x' } }, {}, output)).toBe(
        EXIT.invalid,
      );
      expect(err).toEqual([
        '4 problems in 2 files:',
        '  cutover.config.ts:4:3: targets.staging.forms.contact.confrim: unknown key "confrim" (did you mean "confirm"?)',
        '  cutover.config.ts:21:16: targets.legacy.probes.crm.use: expected one of "hubspot", "salesforce", "rest", "kintone", got "hubspt" (did you mean "hubspot"?)',
        '  scenarios/broken.yaml:3:7: form: form "contcat" is not defined in the config (did you mean "contact"?)',
        '  scenarios/broken.yaml:6:22: expect.submit.outcome: expected one of "accepted", "rejected", got "sent"',
        'Nothing was submitted.',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts the valid fixture project', async () => {
    expect(await problemsOf(undefined)).toEqual([]);
  });
});
