import { HttpResponse, http, type RequestHandler } from 'msw';
import { behaviourOf } from './builds.ts';
import { utmFromQuery, utmQuery } from './fields.ts';
import { htmlResponse, seeOther, serverError } from './html.ts';
import { createLeadSessions, expiredCookie, readCookie, sessionCookie } from './lead-session.ts';
import { LEGACY_NAMES, legacyFormPage, legacyHomePage, legacyThanksPage } from './legacy-pages.ts';
import {
  EMPTY_INPUT,
  formString,
  pageViewTag,
  readInput,
  type SiteContext,
  slowdown,
  thankYouTag,
} from './shared.ts';
import { hasErrors, normalise, validate } from './validate.ts';

const COOKIE = 'contact_session';

/**
 * The legacy build: `GET /contact/` (form), `POST /contact/` (validate; on success 303 to
 * `/contact/thanks.html` + the UTM query), `GET /contact/thanks.html`.
 */
export function legacyHandlers(ctx: SiteContext): RequestHandler[] {
  const behaviour = behaviourOf('legacy', ctx.defects);
  const sessions = createLeadSessions();
  return [
    slowdown(ctx),
    http.get('*/contact/', ({ request }) => {
      const url = new URL(request.url);
      const view = { input: EMPTY_INPUT, errors: {}, utm: utmFromQuery(url.searchParams), pageUrl: url.href };
      return htmlResponse(legacyFormPage(view, pageViewTag(ctx)));
    }),
    http.post('*/contact/', async ({ request }) => {
      if (ctx.faults().formError) return serverError();
      const form = await request.formData();
      const raw = readInput(form, LEGACY_NAMES, 'legacy');
      const utm = {
        source: formString(form, 'utm_source'),
        medium: formString(form, 'utm_medium'),
        campaign: formString(form, 'utm_campaign'),
      };
      const pageUrl = formString(form, 'page_url');
      const input = normalise(raw);
      const errors = validate(input);
      if (hasErrors(errors))
        return htmlResponse(legacyFormPage({ input: raw, errors, utm, pageUrl }, pageViewTag(ctx)));
      const record = ctx.backend.submit({ ...input, utm, pageUrl }, behaviour);
      const session = sessions.open({ inScope: record.inScope });
      return seeOther(`/contact/thanks.html${utmQuery(utm)}`, sessionCookie(COOKIE, session));
    }),
    http.get('*/contact/thanks.html', ({ request }) => {
      const lead = sessions.take(readCookie(request, COOKIE));
      const tag = thankYouTag(ctx, lead?.inScope ?? false, behaviour.generateLeadTimes);
      return htmlResponse(legacyThanksPage(tag), { headers: { 'set-cookie': expiredCookie(COOKIE) } });
    }),
    http.get('*', ({ request }) => {
      if (new URL(request.url).pathname !== '/') return undefined;
      return htmlResponse(legacyHomePage(pageViewTag(ctx)));
    }),
    http.get('*/contact', () => new HttpResponse(null, { status: 301, headers: { location: '/contact/' } })),
  ];
}
