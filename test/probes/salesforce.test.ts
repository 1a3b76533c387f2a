import { afterEach, describe, expect, it } from 'vitest';
import { ProbeError } from '../../src/probes/probe.ts';
import { createCrmProbe } from '../../src/probes/registry.ts';
import { soqlString } from '../../src/probes/salesforce/soql.ts';
import { createSalesforceStore, salesforceHandlers, salesforceTime } from '../fakes/salesforce.ts';
import { identity, probeTestKit, secret } from '../support/probe-deps.ts';

const LOGIN = 'https://acme.my.salesforce.test';
const INSTANCE = 'https://acme-instance.my.salesforce.test';
const CLIENT_SECRET = 'sf-client-secret-9876';

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

function setup(
  options: {
    clientSecret?: string;
    batchSize?: number;
    markerField?: string;
    markerSearch?: 'soql' | 'sosl';
  } = {},
) {
  const store = createSalesforceStore();
  kit = probeTestKit(
    salesforceHandlers(store, {
      loginUrl: LOGIN,
      instanceUrl: INSTANCE,
      clientId: 'client-id-1',
      clientSecret: CLIENT_SECRET,
      batchSize: options.batchSize,
    }),
  );
  const probe = createCrmProbe(
    {
      use: 'salesforce',
      loginUrl: LOGIN,
      clientId: 'client-id-1',
      clientSecret: secret('SF_CLIENT_SECRET', options.clientSecret ?? CLIENT_SECRET),
      apiVersion: 'v62.0',
      object: 'Lead',
      fields: ['Id', 'Email', 'FirstName', 'LastName', 'Company', 'LeadSource', 'Status', 'Description'],
      markerField: options.markerField,
      markerSearch: options.markerSearch,
    },
    kit.deps,
  );
  return { store, probe };
}

const call = (fields: string[] = []) => ({ ...kit.call, fields });

describe('salesforce probe', () => {
  it('finds the lead by plus-addressed email: + travels as %2B, CreatedDate +0000 read correctly', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-aaaaaa');
    store.addLead({
      Email: who.email,
      Company: 'ACME',
      CreatedDate: '2026-09-01T10:00:05.000+0000',
      LeadSource: 'Web',
    });
    store.addLead({ Email: 'qa ct-20261126-aaaaaa@example.com', Company: 'space, not plus' });

    const found = await probe.find(who, call(['LeadSource']));
    expect(found).toHaveLength(1);
    expect(found[0]!.createdAt.toISOString()).toBe('2026-09-01T10:00:05.000Z');
    expect(found[0]!.fields).toMatchObject({
      Company: 'ACME',
      LeadSource: 'Web',
      Email: who.email,
      Description: null,
    });
    const query = kit.dispatcher.requests.find((r) => r.url.includes('/query'))!;
    expect(query.rawPath).toContain('%2B');
    expect(query.rawPath).not.toMatch(/qa\+ct/);
    expect(store.queries[0]).toContain(`WHERE Email = '${who.email}' ORDER BY CreatedDate DESC`);
  });

  it('escapes quotes and backslashes in the SOQL literal', async () => {
    const { store, probe } = setup();
    const email = "o'brien\\x+ct-20261126-bbbbbb@example.com";
    store.addLead({ Email: email, Company: 'Quotes' });
    const found = await probe.find({ marker: 'ct-20261126-bbbbbb', email, t0: new Date() }, call());
    expect(found.map((r) => r.fields.Company)).toEqual(['Quotes']);
    expect(store.queries[0]).toContain("Email = 'o\\'brien\\\\x+ct-20261126-bbbbbb@example.com'");
    expect(soqlString("a'b\\c")).toBe("a\\'b\\\\c");
  });

  it('returns [] while no lead exists yet, then the lead once it does', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-cccccc');
    expect(await probe.find(who, call())).toEqual([]);
    store.addLead({ Email: who.email });
    expect(await probe.find(who, call())).toHaveLength(1);
  });

  it('follows nextRecordsUrl across batches, newest first', async () => {
    const { store, probe } = setup({ batchSize: 2 });
    const who = identity('ct-20261126-dddddd');
    for (let i = 0; i < 5; i++) {
      store.addLead({
        Email: who.email,
        CreatedDate: salesforceTime(new Date(Date.UTC(2026, 8, 1, 10, 0, i))),
      });
    }
    const found = await probe.find(who, call());
    expect(found).toHaveLength(5);
    expect(found[0]!.createdAt.getUTCSeconds()).toBe(4);
  });

  it('logs in once, caches the token, and logs in again once on 401 INVALID_SESSION_ID', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-eeeeee');
    await probe.find(who, call());
    await probe.find(who, call());
    expect(store.logins).toBe(1);
    store.expireTokens();
    await probe.find(who, call());
    expect(store.logins).toBe(2);
  });

  it('backs off on 403 REQUEST_LIMIT_EXCEEDED, then succeeds', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-ffffff');
    store.addLead({ Email: who.email });
    store.limitExceeded = 2;
    const found = await probe.find(who, call());
    expect(found).toHaveLength(1);
    expect(kit.waits).toEqual([500, 1000]);
  });

  it('reports rejected client credentials as auth, without the secret in the message', async () => {
    const { probe } = setup({ clientSecret: 'wrong-secret-value' });
    const error = await probe.find(identity('ct-20261126-gggggg'), call()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect(error).toMatchObject({ reason: 'auth' });
    expect((error as Error).message).toContain('invalid_client');
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });

  it('reports an unknown field as a config error from the JSON-array error body', async () => {
    const { probe } = setup();
    await expect(probe.find(identity('ct-20261126-hhhhhh'), call(['utm_source__c']))).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringContaining('INVALID_FIELD'),
    });
  });

  it('deletes exactly the given leads by Id (204), and refuses an empty list', async () => {
    const { store, probe } = setup();
    const who = identity('ct-20261126-iiiiii');
    store.addLead({ Email: who.email });
    const other = store.addLead({ Email: 'someone@example.com' });
    const found = await probe.find(who, call());
    await probe.delete(found, kit.call);
    expect(store.deleted).toEqual([found[0]!.id]);
    expect(store.deleted).not.toContain(other.Id);
    await expect(probe.delete([], kit.call)).rejects.toMatchObject({ reason: 'config' });
    const deletes = kit.dispatcher.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => new URL(r.url).pathname)).toEqual([
      `/services/data/v62.0/sobjects/Lead/${found[0]!.id}`,
    ]);
  });
});

describe('salesforce probe: the marker field', () => {
  it('also finds a lead whose filterable marker field carries the marker (SOQL LIKE), not only by Email', async () => {
    const { store, probe } = setup({ markerField: 'Web_Inquiry__c' });
    const who = identity('ct-20261126-a1b2c3');
    const typo = store.addLead({
      Email: 'yamada@@example',
      Web_Inquiry__c: `形式エラーの確認です。（${who.marker}）`,
    });
    const byEmail = store.addLead({ Email: who.email, Web_Inquiry__c: null });
    store.addLead({ Email: 'someone@example.com', Web_Inquiry__c: 'ct-20261126-a1b2c4' });

    const found = await probe.find(who, call());
    expect(found.map((r) => r.id).sort()).toEqual([typo.Id, byEmail.Id].sort());
    expect(store.queries[0]).toContain(
      `WHERE (Email = '${who.email}' OR Web_Inquiry__c LIKE '%${who.marker}%') ORDER BY CreatedDate DESC`,
    );
    expect(found.find((r) => r.id === typo.Id)!.fields.Web_Inquiry__c).toContain(who.marker);
  });

  it('says a Long Text Area needs markerSearch: "sosl" when SOQL refuses to filter it', async () => {
    const { probe } = setup({ markerField: 'Description' });
    await expect(probe.find(identity('ct-20261126-a1b2c5'), call())).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringMatching(
        /markerField Description cannot be filtered in SOQL .*markerSearch: "sosl"/,
      ),
    });
  });

  it('searches a Long Text Area with SOSL, escaping the marker, and keeps only leads that carry it', async () => {
    const { store, probe } = setup({ markerField: 'Description', markerSearch: 'sosl' });
    const who = identity('ct-20261126-a1b2c6');
    const typo = store.addLead({ Email: 'yamada@typo.example', Description: `見積もり（${who.marker}）` });
    // SOSL searches all fields; only the marker field counts.
    store.addLead({ Email: 'other@example.com', Company: `（${who.marker}）`, Description: '別件' });
    const found = await probe.find(who, call());
    expect(found.map((r) => r.id)).toEqual([typo.Id]);
    expect(store.queries).toContain(
      `FIND {"ct\\-20261126\\-a1b2c6"} IN ALL FIELDS RETURNING Lead(Id, CreatedDate, Email, FirstName, LastName, Company, LeadSource, Status, Description)`,
    );
  });
});

describe('salesforce probe: sweep', () => {
  const since = new Date(Date.UTC(2026, 10, 20, 0, 0, 0));
  const sweepCall = () => ({
    ...kit.call,
    since,
    markerPattern: /(?<![A-Za-z0-9])ct-\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])/,
    markerPrefix: 'ct',
    syntheticEmail: 'qa+{marker}@example.com',
  });
  const at = (day: number) => salesforceTime(new Date(Date.UTC(2026, 10, day, 9, 0, 0)));

  it('asks SOQL for leads since a time whose Email or marker field holds "ct-", and keeps the marked ones', async () => {
    const { store, probe } = setup({ markerField: 'Web_Inquiry__c' });
    const synthetic = store.addLead({ Email: 'qa+ct-20261121-0a0b0c@example.com', CreatedDate: at(21) });
    const inField = store.addLead({
      Email: 'real@example.co.jp',
      Web_Inquiry__c: 'ct-20261122-0d0e0f',
      CreatedDate: at(22),
    });
    store.addLead({ Email: 'contact-us@example.co.jp', CreatedDate: at(22) }); // "ct-" in "contact-"
    store.addLead({ Email: 'buyer@example.co.jp', Web_Inquiry__c: '型番 ct-2026 の件', CreatedDate: at(23) });
    store.addLead({ Email: 'qa+ct-20261101-0a0b0c@example.com', CreatedDate: at(1) }); // before --since

    const swept = await probe.sweep!(sweepCall());
    expect(swept.map((r) => r.id).sort()).toEqual([synthetic.Id, inField.Id].sort());
    expect(store.queries.at(-1)).toContain(
      "WHERE CreatedDate >= 2026-11-20T00:00:00Z AND (Email LIKE '%ct-%' OR Web_Inquiry__c LIKE '%ct-%') ORDER BY CreatedDate",
    );
  });

  it('adds a SOSL search for a Long Text Area marker field', async () => {
    const { store, probe } = setup({ markerField: 'Description', markerSearch: 'sosl' });
    const inText = store.addLead({
      Email: 'yamada@typo.example',
      Description: '（ct-20261125-abcdef）',
      CreatedDate: at(25),
    });
    store.addLead({ Email: 'buyer@example.co.jp', Description: 'ct-2026 年度', CreatedDate: at(25) });
    const swept = await probe.sweep!(sweepCall());
    expect(swept.map((r) => r.id)).toEqual([inText.Id]);
    expect(store.queries.at(-1)).toBe(
      'FIND {ct} IN ALL FIELDS RETURNING Lead(Id, CreatedDate, Email, FirstName, LastName, Company, LeadSource, Status, Description WHERE CreatedDate >= 2026-11-20T00:00:00Z ORDER BY CreatedDate LIMIT 2000)',
    );
  });
});

describe('salesforce probe: counting real inquiries (the real-inquiry watch)', () => {
  const window = (from: string, to: string, filter?: { field: string; value: string }) => ({
    ...kit.call,
    from: new Date(from),
    to: new Date(to),
    markerPattern: /(?<![A-Za-z0-9])ct-\d{8}-[0-9a-f]{6}(?![A-Za-z0-9])/,
    markerPrefix: 'ct',
    syntheticEmail: 'qa+{marker}@example.com',
    ...(filter ? { filter } : {}),
  });

  it('counts leads created in [from, to) with the source filter, never synthetic ones', async () => {
    const { store, probe } = setup({ markerField: 'Description' });
    const lead = (Email: string, CreatedDate: string, LeadSource = 'Web', Description = '') =>
      store.addLead({ Email, CreatedDate, LeadSource, Description, Company: '株式会社みどり精機' });
    lead('hina.sato12@midori-seiki.example', '2026-09-01T10:00:00.000+0000');
    lead('ren.ito40@midori-seiki.example', '2026-09-01T10:04:59.000+0000');
    lead('yui.kato77@midori-seiki.example', '2026-09-01T10:05:00.000+0000'); // the next window
    lead('aoi.kobayashi3@midori-seiki.example', '2026-09-01T10:01:00.000+0000', 'Phone Inquiry');
    lead('qa+ct-20260901-a1b2c3@example.com', '2026-09-01T10:02:00.000+0000');
    lead('qa-team@example.org', '2026-09-01T10:03:00.000+0000', 'Web', 'テスト（ct-20260901-d4e5f6）');

    const web = { field: 'LeadSource', value: 'Web' };
    expect(await probe.countCreated!(window('2026-09-01T10:00:00Z', '2026-09-01T10:05:00Z', web))).toBe(2);
    expect(await probe.countCreated!(window('2026-09-01T10:00:00Z', '2026-09-01T10:05:00Z'))).toBe(3);
    expect(await probe.countCreated!(window('2026-09-01T10:05:00Z', '2026-09-01T10:10:00Z', web))).toBe(1);
    expect(store.queries.at(-1)).toContain(
      "WHERE CreatedDate >= 2026-09-01T10:05:00Z AND CreatedDate < 2026-09-01T10:10:00Z AND LeadSource = 'Web'",
    );
  });

  it('refuses a filter field that is not an API name (nothing reaches the query)', async () => {
    const { probe } = setup();
    const bad = { field: "LeadSource = 'x' OR Id", value: 'Web' };
    await expect(
      probe.countCreated!(window('2026-09-01T10:00:00Z', '2026-09-01T10:05:00Z', bad)),
    ).rejects.toMatchObject({ reason: 'config' });
  });
});
