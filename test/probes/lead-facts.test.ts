import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createContactStore, hubspotHandlers } from '../../src/demo/index.ts';
import { markerPattern } from '../../src/foundation/marker.ts';
import type { LeadCall } from '../../src/probes/probe.ts';
import { createCrmProbe } from '../../src/probes/registry.ts';
import { restOptionsSchema } from '../../src/probes/rest/options.ts';
import { createSalesforceStore, salesforceHandlers } from '../fakes/salesforce.ts';
import { probeTestKit, secret } from '../support/probe-deps.ts';

/**
 * First-response extraction per CRM shape, against contract fakes: HubSpot property history
 * (`propertiesWithHistory` on a batch read), Salesforce `LeadHistory` and `Task` by SOQL, and a
 * REST CRM's history template or updated-at. What comes back is times and yes/no facts only.
 */

let kit: ReturnType<typeof probeTestKit>;
afterEach(() => {
  expect(kit.dispatcher.unhandled).toEqual([]);
});

const FROM = Date.parse('2026-12-07T00:00:00Z');
const TO = Date.parse('2026-12-08T00:00:00Z');
const at = (hours: number) => FROM + hours * 3_600_000;

function leadCall(patch: Partial<LeadCall>): LeadCall {
  return {
    signal: new AbortController().signal,
    from: new Date(FROM),
    to: new Date(TO),
    markerPattern: markerPattern('ct'),
    markerPrefix: 'ct',
    syntheticEmail: 'qa+{marker}@example.com',
    firstResponse: { status: { field: 'hs_lead_status', initial: ['NEW'] } },
    fields: [],
    ...patch,
  };
}

/** No address, name, company or record id in what comes back. */
const noPersonalData = (facts: unknown, ids: readonly (string | number)[]) => {
  const text = JSON.stringify(facts);
  expect(text).not.toMatch(/@|\.example|株式会社|佐藤|sato/u);
  for (const id of ids) expect(text).not.toContain(`"${id}"`);
};

describe('HubSpot: the first response from a property’s history (demo HubSpot fake)', () => {
  const API = 'https://api.hubapi.test';
  const TOKEN = 'pat-na1-lead-facts';
  function setup() {
    let clock = at(1);
    const store = createContactStore({ now: () => clock });
    kit = probeTestKit(hubspotHandlers(store, { token: TOKEN, baseUrl: API }));
    const probe = createCrmProbe(
      { use: 'hubspot', url: API, token: secret('HUBSPOT_TOKEN', TOKEN), searchLag: 0 },
      kit.deps,
    );
    const lead = (properties: Record<string, string>, hour: number) => {
      clock = at(hour);
      const created = store.create({ hs_lead_status: 'NEW', ...properties }, { createdAt: at(hour) });
      if (!created.ok) throw new Error('fixture');
      return created.contact.id;
    };
    return { store, probe, lead, setClock: (hour: number) => (clock = at(hour)) };
  }

  it('hs_lead_status leaving NEW is the first response; scope and field presence come back, nothing personal', async () => {
    const { store, probe, lead, setClock } = setup();
    const answered = lead(
      {
        email: 'hina.sato12@midori-seiki.example',
        company: '株式会社みどり精機',
        utm_source: 'newsletter',
        lifecyclestage: 'lead',
      },
      1,
    );
    lead({ email: 'ren.suzuki40@towa-logi.example', lifecyclestage: 'other' }, 2);
    lead({ email: 'qa+ct-20261207-abcdef@example.com', company: 'cutover' }, 3); // synthetic: left out
    store.update(answered, { hs_lead_status: 'ATTEMPTED_TO_CONTACT' }, { at: at(4), sourceType: 'CRM_UI' });
    store.update(answered, { hs_lead_status: 'CONNECTED' }, { at: at(5), sourceType: 'CRM_UI' });
    setClock(20);

    const facts = await probe.readLeads!(
      leadCall({ scopeField: 'lifecyclestage', fields: ['utm_source', 'company', 'phone'] }),
    );
    expect(facts).toEqual([
      {
        createdAt: at(1),
        firstResponseAt: at(4),
        scopeValue: 'lead',
        carries: { utm_source: true, company: true, phone: false },
      },
      {
        createdAt: at(2),
        firstResponseAt: undefined,
        scopeValue: 'other',
        carries: { utm_source: false, company: false, phone: false },
      },
    ]);
    noPersonalData(facts, [answered]);
    const batch = kit.dispatcher.requests.find((r) => r.url.endsWith('/batch/read'))!;
    expect(JSON.parse(batch.body ?? '{}')).toMatchObject({ propertiesWithHistory: ['hs_lead_status'] });
  });

  it('notes_last_contacted: its first value is the first logged activity', async () => {
    const { store, probe, lead, setClock } = setup();
    const id = lead({ email: 'yui.takahashi33@harukaze.example' }, 1);
    store.update(
      id,
      { notes_last_contacted: new Date(at(3)).toISOString() },
      { at: at(3) + 5000, sourceType: 'CALCULATED' },
    );
    store.update(
      id,
      { notes_last_contacted: new Date(at(9)).toISOString() },
      { at: at(9) + 5000, sourceType: 'CALCULATED' },
    );
    setClock(12);
    const [facts] = await probe.readLeads!(leadCall({ firstResponse: { activity: 'notes_last_contacted' } }));
    expect(facts!.firstResponseAt).toBe(at(3));
  });
});

describe('Salesforce: LeadHistory and Task by SOQL (Salesforce contract fake)', () => {
  const LOGIN = 'https://acme.my.salesforce.test';
  const INSTANCE = 'https://acme-instance.my.salesforce.test';
  function setup() {
    const store = createSalesforceStore();
    kit = probeTestKit(
      salesforceHandlers(store, {
        loginUrl: LOGIN,
        instanceUrl: INSTANCE,
        clientId: 'cid',
        clientSecret: 'sfs',
      }),
    );
    const probe = createCrmProbe(
      {
        use: 'salesforce',
        loginUrl: LOGIN,
        clientId: 'cid',
        clientSecret: secret('SF_SECRET', 'sfs'),
        apiVersion: 'v62.0',
        object: 'Lead',
        fields: ['Id', 'Email', 'LeadSource', 'Status'],
      },
      kit.deps,
    );
    const iso = (hour: number) => new Date(at(hour)).toISOString().replace('Z', '+0000');
    return { store, probe, iso };
  }

  it('Status leaving “Open - Not Contacted” in LeadHistory; out-of-scope by Status; synthetic leads left out', async () => {
    const { store, probe, iso } = setup();
    const a = store.addLead({
      Email: 'aoi.ito21@aoba-medical.example',
      Company: '青葉メディカル株式会社',
      LeadSource: 'Web',
      CreatedDate: iso(1),
    });
    const b = store.addLead({
      Email: 'minato.kato50@hokuto-sys.example',
      LeadSource: 'Web',
      CreatedDate: iso(2),
    });
    store.addLead({ Email: 'qa+ct-20261207-aaaaaa@example.com', LeadSource: 'Web', CreatedDate: iso(2) });
    store.changeLead(a.Id, 'Status', 'Working - Contacted', new Date(at(6)));
    store.changeLead(b.Id, 'Status', 'Closed - Not Converted', new Date(at(3)));
    const facts = await probe.readLeads!(
      leadCall({
        firstResponse: { status: { field: 'Status', initial: ['Open - Not Contacted'] } },
        scopeField: 'Status',
        fields: ['Company'],
        filter: { field: 'LeadSource', value: 'Web' },
      }),
    );
    expect(facts.map((f) => [f.createdAt, f.firstResponseAt, f.carries.Company])).toEqual(
      expect.arrayContaining([
        [at(1), at(6), true],
        [at(2), at(3), false],
      ]),
    );
    expect(facts).toHaveLength(2);
    expect(
      store.queries.some((q) => /FROM LeadHistory WHERE Field = 'Status' AND LeadId IN \(/.test(q)),
    ).toBe(true);
    noPersonalData(facts, [a.Id, b.Id]);
  });

  it('the first Task on the lead (WhoId) is its first response', async () => {
    const { store, probe, iso } = setup();
    const a = store.addLead({ Email: 'kenta.yamamoto70@sakura-juken.example', CreatedDate: iso(1) });
    store.logTask(a.Id, new Date(at(8)));
    store.logTask(a.Id, new Date(at(5)));
    const [facts] = await probe.readLeads!(leadCall({ firstResponse: { activity: 'Task' } }));
    expect(facts!.firstResponseAt).toBe(at(5));
  });
});

describe('REST CRM: a history template, or updated-at', () => {
  const API = 'https://crm.example.test/api';
  interface Lead {
    id: number;
    created_at: string;
    updated_at: string;
    attributes: Record<string, string | null>;
  }
  function setup(options: { history: boolean }) {
    const leads: Lead[] = [
      {
        id: 7,
        created_at: new Date(at(1)).toISOString(),
        updated_at: new Date(at(9)).toISOString(),
        attributes: {
          email: 'sakura.tanaka11@towa-logi.example',
          status: 'contacted',
          utm_source: 'newsletter',
        },
      },
      {
        id: 8,
        created_at: new Date(at(2)).toISOString(),
        updated_at: new Date(at(2)).toISOString(),
        attributes: { email: 'yuma.nakamura12@harukaze.example', status: 'new', utm_source: null },
      },
    ];
    const history: Record<string, unknown[]> = {
      '7': [
        { field: 'status', value: 'new', at: new Date(at(1)).toISOString() },
        { field: 'owner', value: 'u1', at: new Date(at(2)).toISOString() },
        { field: 'status', value: 'contacted', at: new Date(at(4)).toISOString() },
      ],
    };
    kit = probeTestKit([
      http.get(`${API}/leads`, () => HttpResponse.json({ data: leads })),
      http.get(`${API}/leads/:id/changes`, ({ params }) =>
        HttpResponse.json({ changes: history[String(params.id)] ?? [] }),
      ),
    ]);
    return createCrmProbe(
      restOptionsSchema.parse({
        use: 'rest',
        find: `${API}/leads?email={email}`,
        count: `${API}/leads?created_from={from}&created_to={to}`,
        records: '$.data',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
        fields: 'attributes',
        ...(options.history ? { history: { url: `${API}/leads/{id}/changes`, records: 'changes' } } : {}),
      }),
      kit.deps,
    );
  }
  const restCall = leadCall({
    firstResponse: { status: { field: 'status', initial: ['new'] } },
    fields: ['utm_source'],
  });

  it('reads the status’s first change from the history template', async () => {
    const facts = await setup({ history: true }).readLeads!(restCall);
    expect(facts.map((f) => [f.firstResponseAt, f.carries.utm_source])).toEqual([
      [at(4), true],
      [undefined, false],
    ]);
    noPersonalData(facts, [7, 8]);
  });

  it('without one, takes updated-at as the first response of a lead whose status has moved (an upper bound)', async () => {
    const facts = await setup({ history: false }).readLeads!(restCall);
    expect(facts.map((f) => f.firstResponseAt)).toEqual([at(9), undefined]);
  });
});
