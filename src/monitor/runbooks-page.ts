import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { OWN_PACKAGE_DIR } from '../foundation/index.ts';
import { escapeHtml } from '../report/html/escape.ts';

/**
 * The runbooks at `/runbooks` of the metrics server: the package's docs/runbooks.md, one section
 * per alert, as a plain HTML page whose sections are anchored by alert name; `/runbooks/<Alert>`
 * redirects to its section. What the alert rules' runbook_url points at, so the link works
 * wherever cutover is installed. Open like /healthz: it holds no data of any run.
 *
 * In Japanese from docs/runbooks.ja.md (same sections) when asked: `?lang=ja` (what the Japanese
 * Alertmanager templates link to), else an Accept-Language that prefers ja; `?lang=en` forces
 * English. The redirect to a section keeps the language.
 */

export type RunbookLang = 'en' | 'ja';

export const RUNBOOKS_FILES: Record<RunbookLang, string> = {
  en: join(OWN_PACKAGE_DIR, 'docs', 'runbooks.md'),
  ja: join(OWN_PACKAGE_DIR, 'docs', 'runbooks.ja.md'),
};

/** The language a request asks for: ?lang=, else the first of Accept-Language that is ja or en. */
export function runbookLang(request: IncomingMessage): RunbookLang {
  const asked = new URL(request.url ?? '/', 'http://x').searchParams.get('lang');
  if (asked === 'ja' || asked === 'en') return asked;
  const accepted = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(/q=([\d.]+)/u.exec(params.join(';'))?.[1] ?? 1);
      return { lang: tag.toLowerCase().split('-')[0], q };
    })
    .filter((entry) => (entry.lang === 'ja' || entry.lang === 'en') && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return accepted[0]?.lang === 'ja' ? 'ja' : 'en';
}

/** Answers a request under /runbooks; false for any other path. */
export function serveRunbooks(path: string, request: IncomingMessage, response: ServerResponse): boolean {
  if (path !== '/runbooks' && path !== '/runbooks/' && !path.startsWith('/runbooks/')) return false;
  const lang = runbookLang(request);
  runbooksPage(lang).then(
    ({ html, alerts }) => {
      const name = decodeURIComponent(path.slice('/runbooks/'.length));
      if (name === '') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(request.method === 'HEAD' ? undefined : html);
      } else if (alerts.includes(name)) {
        const query = lang === 'ja' ? '?lang=ja' : '';
        response.writeHead(302, { location: `/runbooks${query}#${encodeURIComponent(name)}` }).end();
      } else {
        response
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`no runbook for ${name}; the runbooks: /runbooks (${alerts.join(', ')})\n`);
      }
    },
    (error: unknown) =>
      response
        .writeHead(500, { 'content-type': 'text/plain' })
        .end(`cannot read the runbooks: ${String(error)}\n`),
  );
  return true;
}

const pages = new Map<RunbookLang, Promise<{ html: string; alerts: string[] }>>();

/** docs/runbooks.md (or runbooks.ja.md) as HTML, read once. */
export function runbooksPage(lang: RunbookLang = 'en'): Promise<{ html: string; alerts: string[] }> {
  let page = pages.get(lang);
  if (!page) {
    page = readFile(RUNBOOKS_FILES[lang], 'utf8').then((markdown) => renderRunbooks(markdown, lang));
    pages.set(lang, page);
  }
  return page;
}

/**
 * The runbooks' Markdown, as the page shows it. Only what docs/runbooks.md uses: `#`/`##`
 * headings, paragraphs, `-` lists (continued by indented lines) and `code`. Each `##` heading is
 * an alert name and its anchor.
 */
export function renderRunbooks(
  markdown: string,
  lang: RunbookLang = 'en',
): { html: string; alerts: string[] } {
  const alerts: string[] = [];
  const out: string[] = [];
  for (const block of markdown.split(/\n\s*\n/u)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    const heading = /^(#{1,3}) (.+)$/u.exec(lines[0]!);
    if (heading && lines.length === 1) {
      const level = heading[1]!.length;
      const text = heading[2]!.trim();
      if (level === 2) alerts.push(text);
      const id = level === 2 ? ` id="${escapeHtml(text)}"` : '';
      out.push(`<h${level}${id}>${inline(text)}</h${level}>`);
    } else if (lines[0]!.startsWith('- ')) {
      const items: string[] = [];
      for (const line of lines) {
        if (line.startsWith('- ')) items.push(line.slice(2).trim());
        else items[items.length - 1] = joinWrapped(items[items.length - 1]!, line.trim());
      }
      out.push(`<ul>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    } else {
      out.push(`<p>${inline(lines.map((line) => line.trim()).reduce(joinWrapped))}</p>`);
    }
  }
  const html = `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${lang === 'ja' ? 'cutover 手順書' : 'cutover runbooks'}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h2{margin-top:2.2rem;border-top:1px solid #ddd;padding-top:1rem}code{background:#f3f3f3;padding:0 .2em}
:target{background:#fff7d6}</style></head><body>
${out.join('\n')}
</body></html>
`;
  return { html, alerts };
}

/** Japanese and Chinese characters and full-width punctuation: no space where a line wraps between them. */
const WIDE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/u;

/** Two lines of a wrapped paragraph joined: a space, except where Japanese text wrapped. */
export function joinWrapped(before: string, after: string): string {
  return WIDE.test(before.slice(-1)) || WIDE.test(after.slice(0, 1)) ? before + after : `${before} ${after}`;
}

function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/gu, '<code>$1</code>');
}
