import { afterEach, describe, expect, it } from 'vitest';
import { soqlString } from '../../src/probes/crm/salesforce.ts';
import { ProbeError } from '../../src/probes/probe.ts';
import { createCrmProbe } from '../../src/probes/registry.ts';
import { createSalesforceStore, salesforceHandlers, salesforceTime } from '../fakes/salesforce.ts';
import { identity, probeTestKit, secret } from '../support/probe-deps.ts';

const LOGIN = 'https://acme.my.salesforce.test';
const INSTANCE = 'https://acme-instance.my.salesforce.test';
const CLIENT_SECRET = 'sf-client-secret-9876';

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

function setup(options: { clientSecret?: string; batchSize?: number } = {}) {
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
