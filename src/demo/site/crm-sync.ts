import type { Inquiry } from './fields.ts';

export interface CrmTarget {
  /** Origin of the HubSpot-compatible API. */
  baseUrl: string;
  token: string;
}

export interface LeadStatus {
  inScope: boolean;
  /** false reproduces renewal defect D2: no utm_* properties. */
  withUtm: boolean;
}

/** 氏名 split on the first space: `山田 太郎` → lastname 山田, firstname 太郎 (no space: all lastname). */
export function splitName(name: string): { lastname: string; firstname: string } {
  const [last = '', ...rest] = name.trim().split(/[\s　]+/);
  return { lastname: last, firstname: rest.join(' ') };
}

/** The contact properties a submission writes. Empty values are sent as '' (HubSpot clears them). */
export function contactProperties(inquiry: Inquiry, status: LeadStatus): Record<string, string> {
  return {
    email: inquiry.email,
    company: inquiry.company,
    ...splitName(inquiry.name),
    phone: inquiry.phone,
    industry: inquiry.industry,
    numemployees: inquiry.employees,
    purchase_timeline: inquiry.timeline,
    message: inquiry.message,
    ...(status.withUtm
      ? { utm_source: inquiry.utm.source, utm_medium: inquiry.utm.medium, utm_campaign: inquiry.utm.campaign }
      : {}),
    ...(inquiry.quote
      ? {
          zip: inquiry.quote.zip,
          state: inquiry.quote.prefecture,
          address: inquiry.quote.address,
          attachment_name: inquiry.quote.attachment?.name ?? '',
          newsletter_opt_in: String(inquiry.quote.newsletter),
        }
      : {}),
    lifecyclestage: status.inScope ? 'marketingqualifiedlead' : 'other',
    hs_lead_status: status.inScope ? 'NEW' : 'UNQUALIFIED',
  };
}

export type UpsertOutcome = { action: 'created' | 'updated'; id: string };

/**
 * Create or update the contact by email, as the site's backend does: GET by
 * `idProperty=email`, then PATCH it, or POST a new one (and PATCH on a 409 race).
 */
export async function upsertContact(
  target: CrmTarget,
  properties: Record<string, string>,
  signal?: AbortSignal,
  faults: { duplicate?: boolean; updateLost?: boolean } = {},
): Promise<UpsertOutcome> {
  const contacts = `${target.baseUrl}/crm/v3/objects/contacts`;
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
  const call = async (url: string, method: string, body?: unknown): Promise<Response> =>
    fetch(url, { method, headers, signal, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const patch = async (id: string): Promise<UpsertOutcome> => {
    // The update is lost: the site believes it updated the contact, nothing reaches the CRM.
    if (faults.updateLost) return { action: 'updated', id };
    const res = await call(`${contacts}/${encodeURIComponent(id)}`, 'PATCH', { properties });
    await expectOk(res, 'update contact');
    await res.body?.cancel();
    return { action: 'updated', id };
  };

  // The site skips the lookup and creates a new contact on every submission.
  if (faults.duplicate) {
    const created = await call(contacts, 'POST', { properties });
    await expectOk(created, 'create contact');
    return { action: 'created', id: ((await created.json()) as { id: string }).id };
  }

  const found = await call(
    `${contacts}/${encodeURIComponent(properties.email ?? '')}?idProperty=email`,
    'GET',
  );
  if (found.ok) return patch(((await found.json()) as { id: string }).id);
  if (found.status !== 404) await expectOk(found, 'look up contact');
  await found.body?.cancel();

  const created = await call(contacts, 'POST', { properties });
  if (created.status === 409) {
    const { message = '' } = (await created.json()) as { message?: string };
    const existing = /Existing ID: (\d+)/.exec(message)?.[1];
    if (existing) return patch(existing);
  }
  await expectOk(created, 'create contact');
  return { action: 'created', id: ((await created.json()) as { id: string }).id };
}

async function expectOk(res: Response, what: string): Promise<void> {
  if (res.ok) return;
  const text = await res.text().catch(() => '');
  throw new Error(`CRM ${what} failed: HTTP ${res.status} ${text.slice(0, 200)}`);
}
