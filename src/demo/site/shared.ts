import { http, type RequestHandler } from 'msw';
import type { DemoFaults } from '../faults.ts';
import { sleep } from '../sleep.ts';
import type { Backend } from './backend.ts';
import { fromOptionValue, type InquiryInput, type SelectKey, type Utm } from './fields.ts';
import { ga4Tag, generateLeadEvent, PAGE_VIEW } from './ga4-tag.ts';
import type { FieldErrors } from './validate.ts';

/** What both builds are wired to. */
export interface SiteContext {
  backend: Backend;
  faults: () => DemoFaults;
  /** Origin the pages send GA4 hits to. */
  analyticsHost: string;
  measurementId: string;
  defects: boolean;
  signal: AbortSignal;
}

export const LEAD_TYPE = 'inquiry';

/** The "slow form" fault: holds every response of the build, then lets the real handler answer. */
export function slowdown(ctx: SiteContext): RequestHandler {
  return http.all('*', async () => {
    await sleep(ctx.faults().formDelayMs, ctx.signal);
  });
}

function host(ctx: SiteContext): string | null {
  return ctx.faults().analyticsBlocked ? null : ctx.analyticsHost;
}

/** Any page but the thank-you page: one page_view hit. */
export function pageViewTag(ctx: SiteContext): string {
  return ga4Tag({
    host: host(ctx),
    measurementId: ctx.measurementId,
    requests: [[PAGE_VIEW]],
    dataLayer: [],
  });
}

/**
 * The thank-you page: page_view, plus for an in-scope lead generate_lead in the same request and
 * a `dataLayer` push — `times` of each (2 is renewal defect D3: a second hit and a second push).
 */
export function thankYouTag(ctx: SiteContext, inScope: boolean, times: 1 | 2): string {
  if (!inScope) return pageViewTag(ctx);
  const lead = generateLeadEvent(LEAD_TYPE);
  const push = {
    event: 'generate_lead',
    form_id: 'contact',
    lead_type: LEAD_TYPE,
    value: 1,
    currency: 'JPY',
  };
  return ga4Tag({
    host: host(ctx),
    measurementId: ctx.measurementId,
    requests: [[PAGE_VIEW, lead], ...(times === 2 ? [[lead]] : [])],
    dataLayer: times === 2 ? [push, { ...push }] : [push],
  });
}

/** What a form page shows: the values as entered, the errors, and what the hidden inputs carry. */
export interface FormView {
  input: InquiryInput;
  errors: FieldErrors;
  utm: Utm;
  pageUrl: string;
}

/** Form field names of one build, mapped to the canonical input. */
export type FieldNames = Record<keyof InquiryInput, string>;

export function readInput(form: FormData, names: FieldNames, build: 'legacy' | 'renewal'): InquiryInput {
  const text = (key: keyof InquiryInput): string => {
    const value = form.get(names[key]);
    return typeof value === 'string' ? value : '';
  };
  const select = (key: SelectKey): string => fromOptionValue(key, text(key), build);
  return {
    company: text('company'),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    industry: select('industry'),
    employees: select('employees'),
    timeline: select('timeline'),
    message: text('message'),
    consent: form.get(names.consent) !== null,
  };
}

export function formString(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export const EMPTY_INPUT: InquiryInput = {
  company: '',
  name: '',
  email: '',
  phone: '',
  industry: '',
  employees: '',
  timeline: '',
  message: '',
  consent: false,
};
