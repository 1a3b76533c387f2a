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
 */

export const RUNBOOKS_FILE = join(OWN_PACKAGE_DIR, 'docs', 'runbooks.md');

/** Answers a request under /runbooks; false for any other path. */
export function serveRunbooks(path: string, request: IncomingMessage, response: ServerResponse): boolean {
  if (path !== '/runbooks' && path !== '/runbooks/' && !path.startsWith('/runbooks/')) return false;
  runbooksPage().then(
    ({ html, alerts }) => {
      const name = decodeURIComponent(path.slice('/runbooks/'.length));
      if (name === '') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(request.method === 'HEAD' ? undefined : html);
      } else if (alerts.includes(name)) {
        response.writeHead(302, { location: `/runbooks#${encodeURIComponent(name)}` }).end();
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

let page: Promise<{ html: string; alerts: string[] }> | undefined;

/** docs/runbooks.md as HTML, read once. */
export function runbooksPage(): Promise<{ html: string; alerts: string[] }> {
  page ??= readFile(RUNBOOKS_FILE, 'utf8').then(renderRunbooks);
  return page;
}

/**
 * The runbooks' Markdown, as the page shows it. Only what docs/runbooks.md uses: `#`/`##`
 * headings, paragraphs, `-` lists (continued by indented lines) and `code`. Each `##` heading is
 * an alert name and its anchor.
 */
export function renderRunbooks(markdown: string): { html: string; alerts: string[] } {
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
        else items[items.length - 1] += ` ${line.trim()}`;
      }
      out.push(`<ul>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    } else {
      out.push(`<p>${inline(lines.map((line) => line.trim()).join(' '))}</p>`);
    }
  }
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cutover runbooks</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h2{margin-top:2.2rem;border-top:1px solid #ddd;padding-top:1rem}code{background:#f3f3f3;padding:0 .2em}
:target{background:#fff7d6}</style></head><body>
${out.join('\n')}
</body></html>
`;
  return { html, alerts };
}

function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/gu, '<code>$1</code>');
}
