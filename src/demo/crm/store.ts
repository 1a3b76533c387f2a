/** An in-memory HubSpot contact store with a search index that lags behind writes. */

export interface Contact {
  id: string;
  /** Set properties only (a cleared property is absent); system properties are derived. */
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt: number | null;
  /** Every value each property took and when, oldest first (HubSpot's `propertiesWithHistory`). */
  history: Record<string, PropertyChange[]>;
}

/** One value a property took: by whom (`sourceType` as HubSpot names it) and when. */
export interface PropertyChange {
  value: string;
  at: number;
  sourceType: 'FORM' | 'API' | 'CRM_UI' | 'CALCULATED';
}

/** What search sees of a contact: the snapshot of its last write that has been indexed. */
export interface IndexedContact {
  contact: Contact;
  properties: Record<string, string>;
}

export type CreateResult = { ok: true; contact: Contact } | { ok: false; conflictId: string };
export type UpdateResult = { ok: true; contact: Contact } | { ok: false; conflictId: string } | undefined;

export interface ContactStore {
  /**
   * `allowDuplicate`: skip the email uniqueness check (a write path that does not deduplicate).
   * `createdAt`: a contact from the past (the seeded history); default now.
   */
  create(
    properties: Record<string, string>,
    options?: { allowDuplicate?: boolean; createdAt?: number },
  ): CreateResult;
  /**
   * Merge properties; `''` clears one. `undefined` when the id is unknown or archived. `at` and
   * `sourceType`: a change made in the past or by a person in the CRM (the demo's sales team).
   */
  update(
    id: string,
    properties: Record<string, string>,
    options?: { at?: number; sourceType?: PropertyChange['sourceType'] },
  ): UpdateResult;
  get(id: string, options?: { archived?: boolean }): Contact | undefined;
  /** Case-insensitive. */
  getByEmail(email: string, options?: { archived?: boolean }): Contact | undefined;
  /** Archive (HubSpot's DELETE); archived contacts leave search at once. */
  archive(id: string): boolean;
  /** Contacts as the search index sees them now (archived never). */
  searchable(): IndexedContact[];
  list(options?: { archived?: boolean }): Contact[];
  now(): number;
}

export interface ContactStoreOptions {
  /** Indexing lag in ms (a number, or read at each write). Default 0. */
  searchLagMs?: number | (() => number);
  now?: () => number;
  /** First contact id (HubSpot ids are numeric strings). Default 101. */
  firstId?: number;
}

interface Entry {
  contact: Contact;
  versions: Array<{ visibleAt: number; properties: Record<string, string> }>;
}

/** Properties as HubSpot reports them, system ones included (`createdate` etc. as ISO strings). */
export function withSystemProperties(
  contact: Contact,
  properties = contact.properties,
): Record<string, string> {
  return {
    ...properties,
    createdate: new Date(contact.createdAt).toISOString(),
    lastmodifieddate: new Date(contact.updatedAt).toISOString(),
    hs_object_id: contact.id,
  };
}

export function createContactStore(options: ContactStoreOptions = {}): ContactStore {
  const now = options.now ?? Date.now;
  const lag = (): number => {
    const l = options.searchLagMs ?? 0;
    return typeof l === 'function' ? l() : l;
  };
  const entries = new Map<string, Entry>();
  let nextId = options.firstId ?? 101;

  const live = (): Entry[] => [...entries.values()].filter((e) => !e.contact.archived);
  const conflictWith = (email: string | undefined, self?: string): string | undefined =>
    email
      ? live().find((e) => e.contact.properties.email === email && e.contact.id !== self)?.contact.id
      : undefined;
  const index = (entry: Entry): void => {
    entry.versions.push({ visibleAt: now() + lag(), properties: withSystemProperties(entry.contact) });
  };

  return {
    create: (properties, createOptions = {}) => {
      const conflictId = createOptions.allowDuplicate ? undefined : conflictWith(properties.email);
      if (conflictId) return { ok: false, conflictId };
      const t = createOptions.createdAt ?? now();
      const contact: Contact = {
        id: String(nextId++),
        properties: dropEmpty(properties),
        createdAt: t,
        updatedAt: t,
        archived: false,
        archivedAt: null,
        history: {},
      };
      for (const [name, value] of Object.entries(contact.properties))
        contact.history[name] = [{ value, at: t, sourceType: 'FORM' }];
      const entry: Entry = { contact, versions: [] };
      entries.set(contact.id, entry);
      index(entry);
      return { ok: true, contact };
    },
    update: (id, properties, updateOptions = {}) => {
      const entry = entries.get(id);
      if (!entry || entry.contact.archived) return undefined;
      const conflictId = conflictWith(properties.email, id);
      if (conflictId) return { ok: false, conflictId };
      const t = updateOptions.at ?? now();
      record(entry.contact, properties, t, updateOptions.sourceType ?? 'API');
      entry.contact.properties = dropEmpty({ ...entry.contact.properties, ...properties });
      entry.contact.updatedAt = Math.max(t, entry.contact.updatedAt);
      index(entry);
      return { ok: true, contact: entry.contact };
    },
    get: (id, opts = {}) => {
      const contact = entries.get(id)?.contact;
      return contact && contact.archived === Boolean(opts.archived) ? contact : undefined;
    },
    getByEmail: (email, opts = {}) => {
      const wanted = email.trim().toLowerCase();
      const matches = [...entries.values()]
        .map((e) => e.contact)
        .filter((c) => c.archived === Boolean(opts.archived) && c.properties.email === wanted);
      return matches.at(-1);
    },
    archive: (id) => {
      const entry = entries.get(id);
      if (!entry || entry.contact.archived) return false;
      entry.contact.archived = true;
      entry.contact.archivedAt = now();
      entry.versions = [];
      return true;
    },
    searchable: () => {
      const t = now();
      return live().flatMap((entry) => {
        const visible = entry.versions.filter((v) => v.visibleAt <= t).at(-1);
        return visible ? [{ contact: entry.contact, properties: visible.properties }] : [];
      });
    },
    list: (opts = {}) =>
      [...entries.values()].map((e) => e.contact).filter((c) => c.archived === Boolean(opts.archived)),
    now,
  };
}

function record(
  contact: Contact,
  properties: Record<string, string>,
  at: number,
  sourceType: PropertyChange['sourceType'],
): void {
  for (const [name, value] of Object.entries(properties)) {
    if (contact.properties[name] === value || (value === '' && contact.properties[name] === undefined))
      continue;
    contact.history[name] = [...(contact.history[name] ?? []), { value, at, sourceType }];
  }
}

function dropEmpty(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== ''));
}
