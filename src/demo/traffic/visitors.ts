import { CHOICES, type Inquiry } from '../site/fields.ts';
import { RENEWAL_LANDING_NAME, RENEWAL_NAMES, RENEWAL_UTM_NAMES } from '../site/renewal-pages.ts';
import { fictionalInquiry } from './people.ts';
import type { RateProfile } from './profile.ts';

/** The campaign landing page on the renewal build: its own copy of the inquiry form. */
export const CAMPAIGN_PATH = '/lp/spring-campaign/';

export interface VisitorsOptions {
  /** The renewal build's origin. */
  renewalUrl: string;
  profile: RateProfile;
  random: () => number;
  signal: AbortSignal;
  /** Share of visitors whose inquiry is out of scope (a student's, a job seeker's). */
  outOfScopeShare?: number;
}

export interface Visitors {
  /** Submissions posted so far (accepted or lost: the visitor cannot tell). */
  posted(): number;
  stop(): Promise<void>;
}

/**
 * Real visitors in the background: a Poisson process at the profile's rate, each one posting the
 * campaign landing page's form over HTTP, as a browser would after filling it in.
 */
export function startVisitors(options: VisitorsOptions): Visitors {
  let posted = 0;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();
  const post = async (inquiry: Inquiry): Promise<void> => {
    const response = await fetch(new URL(`${CAMPAIGN_PATH}send/`, options.renewalUrl), {
      method: 'POST',
      body: formOf(inquiry),
      redirect: 'manual',
      signal: options.signal,
    });
    await response.body?.cancel();
    posted++;
  };
  const next = (): void => {
    if (options.signal.aborted) return;
    const perMs = options.profile(Date.now()) / 3_600_000;
    // At a rate of 0 nobody comes: look again in a minute.
    const gap = perMs > 0 ? -Math.log(1 - options.random()) / perMs : 60_000;
    timer = setTimeout(
      () => {
        if (perMs > 0) {
          const inquiry = fictionalInquiry(options.random, new URL(CAMPAIGN_PATH, options.renewalUrl).href, {
            outOfScopeShare: options.outOfScopeShare,
          });
          const job = post(inquiry)
            .catch(() => undefined)
            .finally(() => inFlight.delete(job));
          inFlight.add(job);
        }
        next();
      },
      Math.min(gap, 60_000),
    );
  };
  next();
  return {
    posted: () => posted,
    stop: async () => {
      clearTimeout(timer);
      await Promise.all(inFlight);
    },
  };
}

function formOf(inquiry: Inquiry): URLSearchParams {
  const renewalValue = (key: 'industry' | 'employees' | 'timeline') =>
    CHOICES[key].find((c) => c.crm === inquiry[key])?.renewal ?? '';
  const form = new URLSearchParams({
    [RENEWAL_NAMES.company]: inquiry.company,
    [RENEWAL_NAMES.name]: inquiry.name,
    [RENEWAL_NAMES.email]: inquiry.email,
    [RENEWAL_NAMES.phone]: inquiry.phone,
    [RENEWAL_NAMES.industry]: renewalValue('industry'),
    [RENEWAL_NAMES.employees]: renewalValue('employees'),
    [RENEWAL_NAMES.timeline]: renewalValue('timeline'),
    [RENEWAL_NAMES.message]: inquiry.message,
    [RENEWAL_NAMES.consent]: 'on',
    [RENEWAL_UTM_NAMES.source]: inquiry.utm.source,
    [RENEWAL_UTM_NAMES.medium]: inquiry.utm.medium,
    [RENEWAL_UTM_NAMES.campaign]: inquiry.utm.campaign,
    [RENEWAL_LANDING_NAME]: inquiry.pageUrl,
  });
  return form;
}
