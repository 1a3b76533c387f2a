import { createHash } from 'node:crypto';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { sleep } from '../sleep.ts';
import { behaviourOf, embeddedBehaviour } from './builds.ts';
import { corporateQuotePage, QUOTE_FIELDS, quoteFormPage, quoteThanksPage } from './embedded-pages.ts';
import type { Attachment, InquiryInput } from './fields.ts';
import { ga4Tag, PAGE_VIEW } from './ga4-tag.ts';
import { htmlResponse, serverError } from './html.ts';
import { createLeadSessions } from './lead-session.ts';
import { formString, type SiteContext, slowdown } from './shared.ts';
import { hasErrors, normalise, validate } from './validate.ts';

/** The form vendor's own GA4 property: its page views come from inside the frame. */
export const FORM_VENDOR_MEASUREMENT_ID = 'G-FORMVENDOR1';

/** How long the vendor takes to answer a submission (an upload being stored): long enough for a second click to land. */
const ANSWER_DELAY_MS = 300;

/** Each side's origin, known once both servers listen. */
export interface EmbeddedOrigins {
  corporate: () => string;
  forms: () => string;
}

/**
 * The corporate side of the embedded build: `GET /quote/` — the cookie-consent wall, consent-mode
 * GA4 (`gcs=G100` until 同意する, then `G111`) and the iframe of the form vendor's お見積り依頼 form,
 * on the other origin; `generate_lead` fires here when the frame reports a sent in-scope inquiry.
 */
export function corporateHandlers(ctx: SiteContext, origins: EmbeddedOrigins): RequestHandler[] {
  const behaviour = embeddedBehaviour(ctx.defects);
  return [
    slowdown(ctx),
    http.get('*/quote/', ({ request }) => {
      const formUrl = new URL('/f/quote/', origins.forms());
      formUrl.searchParams.set('page', request.url);
      const tag = ga4Tag({
        host: ctx.faults().analyticsBlocked ? null : ctx.analyticsHost,
        measurementId: ctx.measurementId,
        requests: [[PAGE_VIEW]],
        dataLayer: [],
        consentMode: true,
      });
      return htmlResponse(
        corporateQuotePage({ formUrl: formUrl.href, formsOrigin: origins.forms(), tag, behaviour }),
      );
    }),
    http.get('*/quote', () => new HttpResponse(null, { status: 301, headers: { location: '/quote/' } })),
  ];
}

/**
 * The form vendor: `GET /f/quote/` (the form, in the frame), `POST /f/quote/send` (multipart —
 * or url-encoded under D6 —; 422 with `{ errors }`, or `{ thanks }` after ANSWER_DELAY_MS), and
 * `GET /f/quote/thanks/?t=…` (tells the parent page once).
 */
export function formVendorHandlers(ctx: SiteContext, origins: EmbeddedOrigins): RequestHandler[] {
  const behaviour = embeddedBehaviour(ctx.defects);
  const downstream = behaviourOf('embedded', ctx.defects);
  const sessions = createLeadSessions();
  const vendorTag = () =>
    ga4Tag({
      host: ctx.faults().analyticsBlocked ? null : ctx.analyticsHost,
      measurementId: FORM_VENDOR_MEASUREMENT_ID,
      requests: [[PAGE_VIEW]],
      dataLayer: [],
    });
  return [
    slowdown(ctx),
    http.get('*/f/quote/', ({ request }) => {
      const pageUrl = new URL(request.url).searchParams.get('page') ?? '';
      return htmlResponse(quoteFormPage({ pageUrl, tag: vendorTag(), behaviour }));
    }),
    http.post('*/f/quote/send', async ({ request }) => {
      if (ctx.faults().formError) return serverError();
      const form = await request.formData();
      const text = (key: keyof typeof QUOTE_FIELDS): string => {
        const value = form.get(QUOTE_FIELDS[key].name);
        return typeof value === 'string' ? value : '';
      };
      const input: InquiryInput = normalise({
        company: text('company'),
        name: text('name'),
        email: text('email'),
        phone: text('phone'),
        industry: '',
        employees: '',
        timeline: '',
        message: text('message'),
        consent: form.get(QUOTE_FIELDS.consent.name) !== null,
      });
      const errors = validate(input);
      if (hasErrors(errors)) return HttpResponse.json({ errors }, { status: 422 });
      const record = ctx.backend.submit(
        {
          ...input,
          utm: { source: '', medium: '', campaign: '' },
          pageUrl: formString(form, 'page_url'),
          quote: {
            zip: text('zip').normalize('NFKC'),
            prefecture: text('prefecture'),
            address: text('address'),
            attachment: await attachmentOf(form.get(QUOTE_FIELDS.attachment.name)),
            newsletter: form.get(QUOTE_FIELDS.newsletter.name) !== null,
          },
        },
        downstream,
      );
      const token = sessions.open({ inScope: record.inScope });
      await sleep(ANSWER_DELAY_MS, ctx.signal);
      return HttpResponse.json({ thanks: `/f/quote/thanks/?t=${token}` });
    }),
    http.get('*/f/quote/thanks/', ({ request }) => {
      const lead = sessions.take(new URL(request.url).searchParams.get('t') ?? undefined);
      return htmlResponse(
        quoteThanksPage({ parentOrigin: origins.corporate(), inScope: lead?.inScope, tag: vendorTag() }),
      );
    }),
  ];
}

/** The uploaded file as the backend keeps it; a text value (what a url-encoded post sends for a file) is no file. */
async function attachmentOf(value: FormDataEntryValue | null): Promise<Attachment | null> {
  if (value === null || typeof value === 'string' || value.size === 0) return null;
  const bytes = Buffer.from(await value.arrayBuffer());
  return { name: value.name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
