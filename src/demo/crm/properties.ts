/** The contact properties the demo HubSpot portal defines (standard ones plus the site's custom ones). */
export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'phone',
  'mobilephone',
  'jobtitle',
  'website',
  'industry',
  'numemployees',
  'message',
  'lifecyclestage',
  'hs_lead_status',
  'purchase_timeline',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'zip',
  'state',
  'address',
  'attachment_name',
  'newsletter_opt_in',
] as const;

/** Set by HubSpot itself; a write to them is a validation error. */
export const SYSTEM_PROPERTIES = ['createdate', 'lastmodifieddate', 'hs_object_id'] as const;

/**
 * Set by HubSpot from activities (read-only to the API, returned only when asked for):
 * `notes_last_contacted` ("Last Contacted") is the time of the last call, meeting or sales email logged.
 */
export const CALCULATED_PROPERTIES = ['notes_last_contacted'] as const;

/** What GET and search return when the caller names no properties (HubSpot's contact defaults). */
export const DEFAULT_RETURNED = [
  'createdate',
  'email',
  'firstname',
  'hs_object_id',
  'lastmodifieddate',
  'lastname',
];

const ENUMERATIONS: Record<string, readonly string[]> = {
  lifecyclestage: [
    'subscriber',
    'lead',
    'marketingqualifiedlead',
    'salesqualifiedlead',
    'opportunity',
    'customer',
    'evangelist',
    'other',
  ],
  hs_lead_status: [
    'NEW',
    'OPEN',
    'IN_PROGRESS',
    'OPEN_DEAL',
    'UNQUALIFIED',
    'ATTEMPTED_TO_CONTACT',
    'CONNECTED',
    'BAD_TIMING',
  ],
};

const writable = new Set<string>(CONTACT_PROPERTIES);
const system = new Set<string>([...SYSTEM_PROPERTIES, ...CALCULATED_PROPERTIES]);

/** One entry of HubSpot's "Property values were not valid" list. */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

export type PropertyCheck =
  | { ok: true; properties: Record<string, string> }
  | { ok: false; problems: PropertyProblem[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Validate a `properties` object of a create or update. Values become strings; `null` and `''`
 * clear a property. Unknown and read-only names, bad enumeration options and malformed emails
 * are reported all at once, as HubSpot does.
 */
export function checkProperties(input: unknown): PropertyCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [problem('properties', 'properties must be an object', 'INVALID_INPUT')] };
  }
  const properties: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (system.has(name)) {
      problems.push(
        problem(name, `"${name}" is a read only property; its value cannot be set.`, 'READ_ONLY_VALUE'),
      );
      continue;
    }
    if (!writable.has(name)) {
      problems.push(problem(name, `Property "${name}" does not exist`, 'PROPERTY_DOESNT_EXIST'));
      continue;
    }
    const value = raw === null || raw === undefined ? '' : String(raw);
    const options = ENUMERATIONS[name];
    if (value !== '' && options && !options.includes(value)) {
      problems.push(
        problem(name, `${value} was not one of the allowed options: ${options.join(', ')}`, 'INVALID_OPTION'),
      );
      continue;
    }
    if (name === 'email' && value !== '' && !EMAIL.test(value)) {
      problems.push(problem(name, `Email address ${value} is invalid`, 'INVALID_EMAIL'));
      continue;
    }
    properties[name] = name === 'email' ? value.trim().toLowerCase() : value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, properties };
}

function problem(name: string, message: string, error: string): PropertyProblem {
  return { isValid: false, message, error, name };
}
