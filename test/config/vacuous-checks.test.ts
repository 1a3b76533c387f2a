/**
 * A check that cannot fail is named, not passed silently (issue #24): an expected absence on a
 * probe that cannot see the case's items, and matchers an absence never compares, are warnings of
 * `validate` — with file, line, key path and the fix — certain, never a guess.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CutoverConfigInput,
  caveatSentence,
  configSchema,
  loadProject,
  type ScenarioInput,
  vacuousExpectations,
} from '../../src/config/index.ts';
import { scenarioSchema } from '../../src/config/scenario.schema.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** The valid fixture project with a case of test/fixtures/warnings/ laid over it, loaded. */
async function loaded(caseName: string) {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-warnings-'));
  try {
    await cp(join(fixtures, 'validate'), dir, { recursive: true });
    await cp(join(fixtures, 'warnings', caseName), dir, { recursive: true });
    return await loadProject({ cwd: dir, env: { TEST_HUBSPOT_TOKEN: 'pat-na1-test' } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const HUBSPOT_NO_MARKER_FIELD =
  'cannot fail: the hubspot CRM probe of target "legacy" finds records only by the synthetic email, and no input of this scenario carries it ({{email}}): a record the site wrote would carry the address typed instead, which the probe never looks for — the expected absence passes whatever the site does. Fix: set markerField on that probe — the property the form’s free-text input lands in, e.g. "message" — and put {{marker}} in that input, e.g. message: "…（{{marker}}）"';

describe('validate warns of an expected absence the probe cannot see', () => {
  it('an invalid email, crm: { none: true }, hubspot without markerField: a warning with file, line and the fix — still valid', async () => {
    const result = await loaded('absence-unseen');
    expect(result.ok).toBe(true);
    expect(result.warnings.map(({ keys: _keys, ...w }) => w)).toEqual([
      {
        file: 'scenarios/ac-09-invalid-email.yaml',
        path: 'expect.crm',
        line: 11,
        column: 8,
        kind: 'unseen',
        message: HUBSPOT_NO_MARKER_FIELD,
      },
    ]);
  });

  it('the same case with markerField and {{marker}} in the message input: no warning', async () => {
    const result = await loaded('absence-seen-by-marker');
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('the valid fixture project and the shipped pack: no warning', async () => {
    const fixture = await loadProject({
      cwd: join(fixtures, 'validate'),
      env: { TEST_HUBSPOT_TOKEN: 'pat-na1-test' },
    });
    expect(fixture.warnings).toEqual([]);
    const shipped = await loadProject({ cwd: join(import.meta.dirname, '..', '..') });
    expect(shipped.ok).toBe(true);
    expect(shipped.warnings).toEqual([]);
  });
});

const FORM = { fields: { email: 'メール', message: '内容', company: '会社名' } };
const SITE = { path: '/contact/', submit: '送信', success: { text: 'ありがとう' } };

function config(probes: Record<string, unknown>, more: Partial<CutoverConfigInput> = {}) {
  return configSchema.parse({
    forms: { contact: FORM },
    targets: { staging: { url: 'https://staging.example.test', forms: { contact: SITE }, probes } },
    ...more,
  });
}

function scenario(
  input: ScenarioInput['input'],
  expectations: Omit<ScenarioInput['expect'], 'submit'>,
  more = {},
) {
  return scenarioSchema.parse({
    id: 'AC-09',
    title: 'invalid email',
    form: 'contact',
    input,
    expect: { submit: { outcome: 'rejected' }, ...expectations },
    ...more,
  });
}

const hubspot = (options: Record<string, unknown> = {}) => ({
  use: 'hubspot',
  url: 'demo://crm',
  ...options,
});
const sales = { use: 'mailpit', name: 'sales', url: 'http://mailpit:8025', to: 'sales@example.test' };
const autoreply = { use: 'mailpit', name: 'autoreply', url: 'http://mailpit:8025', to: '{email}' };
const rest = (options: Record<string, unknown> = {}) => ({
  use: 'rest',
  find: 'https://crm.example.test/leads?email={email}',
  ...options,
});

const BAD = { email: 'yamada@@example', company: '株式会社テスト商事' };
const MARKED = { ...BAD, message: '形式エラーの確認です。（{{marker}}）' };

/** Which expectations are flagged: "<kind> <key path>". */
function flagged(c: ReturnType<typeof config>, s: ReturnType<typeof scenario>): string[] {
  return vacuousExpectations(c, s).map((v) => `${v.caveat.kind} ${v.keys.join('.')}`);
}

describe('what each probe can see of a case (each probe’s find)', () => {
  it('CRM by email only (hubspot, salesforce, kintone without markerField): flagged unless an input carries the synthetic email', () => {
    const crm = { crm: { none: true } } as const;
    for (const probe of [
      hubspot(),
      {
        use: 'salesforce',
        loginUrl: 'https://x.my.salesforce.com',
        clientId: 'id',
        clientSecret: { env: 'X' },
      },
      { use: 'kintone', url: 'https://x.cybozu.com', app: 1, token: { env: 'X' } },
    ]) {
      expect(flagged(config({ crm: probe }), scenario(MARKED, crm))).toEqual(['unseen expect.crm']);
      expect(flagged(config({ crm: probe }), scenario({ ...MARKED, email: '{{email}}' }, crm))).toEqual([]);
    }
  });

  it('an address written out as the synthetic pattern says, or {{email}} in a later submission, reaches the site', () => {
    const c = config({ crm: hubspot() });
    const crm = { crm: { none: true } } as const;
    expect(flagged(c, scenario({ ...BAD, email: 'qa+{{marker}}@example.com' }, crm))).toEqual([]);
    expect(flagged(c, scenario(BAD, crm, { submissions: [{}, { email: '{{email}}' }] }))).toEqual([]);
    // A target's own pattern decides.
    const own = config({ crm: hubspot() }, { synthetic: { email: 'cutover+{marker}@test.example' } });
    expect(flagged(own, scenario({ ...BAD, email: 'qa+{{marker}}@example.com' }, crm))).toEqual([
      'unseen expect.crm',
    ]);
  });

  it('CRM with markerField: seen when the marker reaches the site, flagged when nothing carries it', () => {
    const c = config({ crm: hubspot({ markerField: 'message' }) });
    expect(flagged(c, scenario(MARKED, { crm: { records: 0 } }))).toEqual([]);
    const [only] = vacuousExpectations(c, scenario(BAD, { crm: { records: 0 } }));
    expect(only?.caveat).toEqual({
      kind: 'unseen',
      why: 'the hubspot CRM probe of target "staging" finds records by the synthetic email or by the marker in the property "message", and no input of this scenario carries either ({{email}}, {{marker}}): no record the site wrote could carry what the probe looks for — the expected absence passes whatever the site does',
      fix: 'put {{marker}} in the input that lands in the property "message", e.g. message: "…（{{marker}}）"',
    });
    // The visit's query reaches the site too (a UTM a CRM keeps).
    expect(
      flagged(
        c,
        scenario(BAD, { crm: { none: true } }, { visit: { query: { utm_campaign: '{{marker}}' } } }),
      ),
    ).toEqual([]);
  });

  it('REST: find by {email} alone is flagged; findByMarker sees the marker; a find URL naming neither is not judged', () => {
    const crm = { crm: { none: true } } as const;
    expect(flagged(config({ crm: rest() }), scenario(MARKED, crm))).toEqual(['unseen expect.crm']);
    expect(vacuousExpectations(config({ crm: rest() }), scenario(MARKED, crm))[0]?.caveat.fix).toBe(
      'set findByMarker on that probe — a URL listing the records whose free-text field carries {marker}, e.g. https://crm/api/leads?message_contains={marker} — and put {{marker}} in that input, e.g. message: "…（{{marker}}）"',
    );
    const byMarker = rest({ findByMarker: 'https://crm.example.test/leads?q={marker}' });
    expect(flagged(config({ crm: byMarker }), scenario(MARKED, crm))).toEqual([]);
    expect(flagged(config({ crm: byMarker }), scenario(BAD, crm))).toEqual(['unseen expect.crm']);
    expect(
      flagged(config({ crm: rest({ find: 'https://crm.example.test/leads' }) }), scenario(BAD, crm)),
    ).toEqual([]);
  });

  it('mail and chat found by the marker in their text: flagged only when no input carries the marker', () => {
    for (const probe of [
      sales,
      { use: 'imap', host: 'imap.example.test', user: 'u', password: { env: 'X' } },
      { use: 'slack', token: { env: 'X' }, channel: 'C0123456789' },
      { use: 'webhook' },
    ]) {
      const c = config({ notification: probe });
      expect(flagged(c, scenario(BAD, { notification: { none: true } }))).toEqual([
        'unseen expect.notification',
      ]);
      expect(flagged(c, scenario(MARKED, { notification: { count: 0 } }))).toEqual([]);
    }
  });

  it('the auto-reply (mailpit to: "{email}") cannot see a case whose email is not the synthetic one, marker or not', () => {
    const c = config({ notification: [sales, autoreply] });
    const s = scenario(MARKED, { notifications: { autoreply: { none: true } } });
    expect(vacuousExpectations(c, s)).toEqual([
      {
        check: 'notification',
        channel: 'autoreply',
        keys: ['expect', 'notifications', 'autoreply'],
        targets: ['staging'],
        caveat: {
          kind: 'unseen',
          why: 'the mailpit notification probe "autoreply" of target "staging" reads only mail to the case’s synthetic address (to: "{email}"), and no input of this scenario carries it ({{email}}): a mail the site sent would go to the address typed, an inbox the probe does not read — the expected absence passes whatever the site does',
          fix: 'remove this expectation — no inbox cutover reads gets mail to the address typed — or give the email input "{{email}}"',
        },
      },
    ]);
    expect(
      flagged(
        c,
        scenario({ ...MARKED, email: '{{email}}' }, { notifications: { autoreply: { none: true } } }),
      ),
    ).toEqual([]);
  });

  it('a check that must find something is never flagged (a check that cannot pass fails loudly)', () => {
    const c = config({ notification: sales, crm: hubspot() });
    expect(flagged(c, scenario(BAD, { notification: {}, crm: { records: 1 } }))).toEqual([]);
  });

  it('the same caveat on several targets is said once, naming them', () => {
    const c = configSchema.parse({
      forms: { contact: FORM },
      targets: {
        legacy: { url: 'https://legacy.example.test', forms: { contact: SITE }, probes: { crm: hubspot() } },
        renewal: {
          url: 'https://renewal.example.test',
          forms: { contact: SITE },
          probes: { crm: hubspot() },
        },
      },
    });
    const found = vacuousExpectations(c, scenario(MARKED, { crm: { none: true } }));
    expect(found.map((v) => v.targets)).toEqual([['legacy', 'renewal']]);
    expect(found[0]?.caveat.why).toMatch(/^the hubspot CRM probe of targets "legacy" and "renewal" finds/);
  });
});

describe('what an expected absence says of an item is never compared', () => {
  it('fields (an { absent: true } too) and updated of crm: { none: true }; to, subject, body, fields of a notification absence; params and utm of count: 0 events', () => {
    const c = config({ notification: [sales, autoreply], crm: hubspot({ markerField: 'message' }) });
    const s = scenario(
      { ...MARKED, email: '{{email}}' },
      {
        notification: { none: true, subject: { contains: 'お問い合わせ' } },
        notifications: { autoreply: { count: 0, fields: { 会社名: '株式会社テスト商事' } } },
        crm: { none: true, fields: { utm_campaign: { absent: true } } },
        analytics: { events: [{ name: 'generate_lead', count: 0, params: { form: 'contact' } }] },
      },
    );
    expect(flagged(c, s)).toEqual([
      'unchecked expect.notification.subject',
      'unchecked expect.notifications.autoreply.fields',
      'unchecked expect.crm.fields',
      'unchecked expect.analytics.events.0.params',
    ]);
    const crm = vacuousExpectations(c, s).find((v) => v.check === 'crm')!;
    expect(caveatSentence(crm.caveat)).toBe(
      'Not checked: an expected absence (none: true, records: 0) waits for no record at all, so what it says of fields is ignored: only an arrival fails the check. Fix: remove fields, or drop the absence to check a record that must arrive.',
    );
    const analytics = vacuousExpectations(c, s).find((v) => v.check === 'analytics')!;
    expect(analytics.caveat.why).toBe(
      'count: 0 waits for no generate_lead event at all, so what it says of params is ignored: only an arrival fails the check',
    );
  });
});
