import { CONTENT_SECURITY_POLICY, html, type SafeHtml, trusted } from './escape.ts';
import { STYLES } from './styles.ts';

export interface PageParts {
  /** The document language; the data is mostly Japanese, so `ja` picks Japanese glyph forms. */
  lang: string;
  title: string;
  /** e.g. `cutover 0.1.0`, for the generator meta tag. */
  generator?: string;
  body: SafeHtml;
}

/**
 * One self-contained page of cutover's (the report, the diff, a monitor's run page and list): the
 * one stylesheet inlined, and a policy under which no script runs and nothing is fetched.
 */
export function selfContainedPage(parts: PageParts): string {
  return html`<!doctype html>
<html lang="${parts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
${parts.generator ? html`<meta name="generator" content="${parts.generator}">\n` : null}<title>${parts.title}</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
${parts.body}
</body>
</html>
`.value;
}
