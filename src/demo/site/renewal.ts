import { HttpResponse, http, type RequestHandler } from 'msw';
import { behaviourOf } from './builds.ts';
import { type Utm, utmFromQuery, utmQuery } from './fields.ts';

import { htmlResponse, seeOther, serverError } from './html.ts';
import { createLeadSessions, expiredCookie, readCookie, sessionCookie } from './lead-session.ts';
import {
  RENEWAL_LANDING_NAME,
  RENEWAL_NAMES,
  RENEWAL_UTM_NAMES,
  renewalCompletePage,
  renewalConfirmPage,
  renewalFormPage,
  renewalHomePage,
} from './renewal-pages.ts';
import {
  EMPTY_INPUT,
  type FormView,
  formString,
  pageViewTag,
  readInput,
  type SiteContext,
  slowdown,
  thankYouTag,
} from './shared.ts';
import { hasErrors, normalise, validate } from './validate.ts';

const COOKIE = 'inq_sid';

/** What the campaign page hands over under `utmDroppedForRealVisitors`. */
const NO_UTM: Utm = { source: '', medium: '', campaign: '' };

/**
 * The renewal build: `GET /inquiry/` (form), `POST /inquiry/confirm/` (validate, then the
 * confirmation page), `POST /inquiry/` (戻る: the form again, filled), `POST /inquiry/send/`
 * (303 to `/inquiry/complete/` + the UTM query), `GET /inquiry/complete/`.
 */
export function renewalHandlers(ctx: SiteContext): RequestHandler[] {
  const behaviour = behaviourOf('renewal', ctx.defects);
  const sessions = createLeadSessions();

  /** The posted form, normalised as this build does it (D4: the phone number left as typed). */
  const read = async (request: Request): Promise<{ raw: FormView; clean: FormView }> => {
    const form = await request.formData();
    const utm: Utm = {
      source: formString(form, RENEWAL_UTM_NAMES.source),
      medium: formString(form, RENEWAL_UTM_NAMES.medium),
      campaign: formString(form, RENEWAL_UTM_NAMES.campaign),
    };
    const pageUrl = formString(form, RENEWAL_LANDING_NAME);
    const input = readInput(form, RENEWAL_NAMES, 'renewal');
    const clean = normalise(input, { phone: behaviour.normalisesPhone });
    return {
      raw: { input, errors: {}, utm, pageUrl },
      clean: { input: clean, errors: validate(clean), utm, pageUrl },
    };
  };

  return [
    slowdown(ctx),
    http.get('*/inquiry/', ({ request }) => {
      const url = new URL(request.url);
      const view = { input: EMPTY_INPUT, errors: {}, utm: utmFromQuery(url.searchParams), pageUrl: url.href };
      return htmlResponse(renewalFormPage(view, pageViewTag(ctx)));
    }),
    http.post('*/inquiry/', async ({ request }) => {
      const { raw } = await read(request);
      return htmlResponse(renewalFormPage(raw, pageViewTag(ctx)));
    }),
    http.post('*/inquiry/confirm/', async ({ request }) => {
      const { raw, clean } = await read(request);
      if (hasErrors(clean.errors))
        return htmlResponse(renewalFormPage({ ...raw, errors: clean.errors }, pageViewTag(ctx)));
      return htmlResponse(renewalConfirmPage(clean, pageViewTag(ctx)));
    }),
    http.post('*/inquiry/send/', async ({ request }) => {
      if (ctx.faults().formError) return serverError();
      const { raw, clean } = await read(request);
      if (hasErrors(clean.errors))
        return htmlResponse(renewalFormPage({ ...raw, errors: clean.errors }, pageViewTag(ctx)));
      const record = ctx.backend.submit(
        { ...clean.input, utm: clean.utm, pageUrl: clean.pageUrl },
        behaviour,
      );
      const session = sessions.open({ inScope: record.inScope });
      return seeOther(`/inquiry/complete/${utmQuery(clean.utm)}`, sessionCookie(COOKIE, session));
    }),
    // The campaign landing page's copy of the form: one step, no confirmation screen.
    http.post('*/lp/spring-campaign/send/', async ({ request }) => {
      if (ctx.faults().formError) return serverError();
      const { raw, clean } = await read(request);
      if (hasErrors(clean.errors))
        return htmlResponse(renewalFormPage({ ...raw, errors: clean.errors }, pageViewTag(ctx)));
      const inScope = ctx.faults().campaignFormBroken
        ? true // posts nowhere: the visitor is thanked all the same
        : ctx.backend.submit(
            {
              ...clean.input,
              utm: ctx.faults().utmDroppedForRealVisitors ? NO_UTM : clean.utm,
              pageUrl: clean.pageUrl,
            },
            behaviour,
          ).inScope;
      const session = sessions.open({ inScope });
      return seeOther(`/inquiry/complete/${utmQuery(clean.utm)}`, sessionCookie(COOKIE, session));
    }),
    http.get('*/inquiry/complete/', ({ request }) => {
      const lead = sessions.take(readCookie(request, COOKIE));
      const tag = thankYouTag(ctx, lead?.inScope ?? false, behaviour.generateLeadTimes);
      return htmlResponse(renewalCompletePage(tag), { headers: { 'set-cookie': expiredCookie(COOKIE) } });
    }),
    http.get('*', ({ request }) => {
      if (new URL(request.url).pathname !== '/') return undefined;
      return htmlResponse(renewalHomePage(pageViewTag(ctx)));
    }),
    http.get('*/inquiry', () => new HttpResponse(null, { status: 301, headers: { location: '/inquiry/' } })),
  ];
}
