import { randomBytes } from 'node:crypto';

// The one-shot session between an accepted POST and its thank-you page: the 303 sets a cookie,
// the thank-you page reads the lead behind it once, so a reload fires no second conversion.

/** Who submitted what, kept server-side until the thank-you page has been shown once. */
export interface LeadSessions {
  open(lead: { inScope: boolean }): string;
  /** The lead behind this session id, forgotten on read (a reload fires no second conversion). */
  take(id: string | undefined): { inScope: boolean } | undefined;
}

export function createLeadSessions(): LeadSessions {
  const sessions = new Map<string, { inScope: boolean }>();
  return {
    open: (lead) => {
      const id = randomBytes(12).toString('hex');
      sessions.set(id, lead);
      if (sessions.size > 1000) sessions.delete(sessions.keys().next().value as string);
      return id;
    },
    take: (id) => {
      if (!id) return undefined;
      const lead = sessions.get(id);
      sessions.delete(id);
      return lead;
    },
  };
}

export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}

export function expiredCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
}

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
