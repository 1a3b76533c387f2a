import { HttpResponse, http, type RequestHandler } from 'msw';
import { type FaultSwitch, parseFaultPatch } from './faults.ts';
import type { SubmissionRecord } from './site/backend.ts';

export interface AdminOptions {
  faults: FaultSwitch;
  /** What `GET /` describes: the world's URLs and settings. */
  info: () => Record<string, unknown>;
  submissions: () => SubmissionRecord[];
  baseUrl?: string;
}

/**
 * The demo world's admin API: `GET /` (URLs and settings), `GET /faults`, `POST /faults`
 * (merge a JSON patch; 400 with every problem listed), `DELETE /faults` (clear), and
 * `GET /submissions` (what the site's backend did with each accepted submission).
 */
export function adminHandlers(options: AdminOptions): RequestHandler[] {
  const base = options.baseUrl ?? '*';
  return [
    http.get(`${base}/faults`, () => HttpResponse.json(options.faults.current())),
    http.post(`${base}/faults`, async ({ request }) => {
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        return HttpResponse.json({ error: 'body must be a JSON object of faults' }, { status: 400 });
      }
      const parsed = parseFaultPatch(body);
      if (!parsed.ok)
        return HttpResponse.json({ error: 'invalid faults', problems: parsed.problems }, { status: 400 });
      options.faults.set(parsed.patch);
      return HttpResponse.json(options.faults.current());
    }),
    http.delete(`${base}/faults`, () => {
      options.faults.clear();
      return HttpResponse.json(options.faults.current());
    }),
    http.get(`${base}/submissions`, () => HttpResponse.json({ submissions: options.submissions() })),
    http.get(`${base}/`, () => HttpResponse.json(options.info())),
  ];
}
