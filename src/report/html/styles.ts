/**
 * The pages' lang attribute in either language of their words: the data (titles, values, mail) is
 * mostly Japanese, and `ja` makes browsers and print pick Japanese glyph forms for it. Text in
 * English inside a Japanese page (a probe's own message) is marked lang="en" where it is shown.
 */
export const DOCUMENT_LANG = 'ja';

/** One stylesheet for the report and the diff page, inlined: the files fetch nothing. */
export const STYLES = `
:root {
  --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa;
  --passed: #1a7f37; --failed: #cf222e; --error: #9a6700; --skipped: #6e7781;
  --regression: #cf222e; --change: #0969da;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN",
    "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif;
  color: var(--fg); line-height: 1.5; font-size: 14px;
}
body { margin: 0 auto; padding: 24px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
h4 { font-size: 14px; margin: 10px 0 4px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK JP", monospace; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--bg-soft); border: 1px solid var(--line);
  padding: 8px; margin: 4px 0; max-height: 360px; overflow: auto; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; word-break: break-all; }
.muted { color: var(--muted); }
.fingerprint { border: 2px solid var(--fg); padding: 8px 12px; margin: 12px 0; display: inline-block; }
.fingerprint code { font-size: 13px; word-break: break-all; font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-weight: 600; white-space: nowrap;
  border: 2px solid currentColor; }
.v-passed { color: var(--passed); }
.v-failed { color: var(--failed); border-style: solid; background: #ffebe9; }
.v-error { color: var(--error); border-style: dashed; background: #fff8c5; }
.v-skipped { color: var(--skipped); border-style: dotted; }
.badge.caveat { color: var(--error); border-style: dashed; font-weight: 600; }
p.caveat { color: var(--error); margin: 2px 0; }
.k-regression { color: var(--regression); border-style: solid; background: #ffebe9; }
.k-change { color: var(--change); border-style: dashed; }
table.differences { width: 100%; }
table.differences td.value { min-width: 14ch; max-width: 32ch; overflow-wrap: anywhere; }
table.differences td.why { min-width: 36ch; }
table.cases { width: 100%; }
table.cases td.check { min-width: 150px; }
table.cases td.check .reason { font-size: 12px; color: var(--muted); margin-top: 2px; word-break: break-word; }
table.cases td.check.c-failed, table.cases td.check.c-error { background: #fffafa; }
table.cases td.check.c-failed .reason, table.cases td.check.c-error .reason { color: var(--fg); }
table.cases td.check .check-result + .check-result { border-top: 1px solid var(--line, #ddd); margin-top: 4px; padding-top: 4px; }
table.cases td.check .channel { font-size: 11px; font-weight: 600; }
.delay { font-size: 12px; font-variant-numeric: tabular-nums; }
.over-sla { color: var(--failed); font-weight: 600; }
tr.evidence-row > td { background: #fff; border-top: none; }
details > summary { cursor: pointer; color: var(--change); }
.check-evidence { border-left: 4px solid var(--line); padding-left: 12px; margin: 12px 0; }
.check-evidence.c-failed { border-left-color: var(--failed); }
.check-evidence.c-error { border-left-color: var(--error); border-left-style: dashed; }
iframe.mail-html { width: 100%; max-width: 720px; height: 420px; border: 1px solid var(--line); background: #fff;
  display: block; margin: 6px 0; resize: vertical; }
img.screenshot { max-width: 640px; width: 100%; border: 1px solid var(--line); display: block; margin: 6px 0; }
ul.details { margin: 4px 0; padding-left: 20px; }
.signoff { margin-top: 32px; break-inside: avoid; }
.signoff .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 32px; }
.signoff .signed-hash { font-family: ui-monospace, Menlo, Consolas, "Noto Sans Mono CJK JP", monospace; word-break: break-all; }
.signoff .signed-hash small { font-family: system-ui, "Noto Sans CJK JP", sans-serif; }
.signoff .who { font-weight: 600; margin-bottom: 8px; }
.signoff dl.lines { display: grid; grid-template-columns: max-content 1fr; gap: 18px 12px; margin: 0; }
.signoff dl.lines dt { color: var(--muted); }
.signoff dl.lines dd { margin: 0; border-bottom: 1px solid var(--fg); min-height: 1.6em; }
ul.findings { margin: 2px 0; padding-left: 16px; }
ul.findings li { margin: 1px 0; }
details.more-findings > summary { font-size: 12px; }
.as-reported { font-style: italic; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  body { padding: 0; max-width: none; font-size: 10px; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { color: var(--fg); font-weight: 600; list-style: none; }
  tr, .check-evidence, img.screenshot, .message, .record { break-inside: avoid; }
  img.screenshot { max-width: 60%; max-height: 120mm; object-fit: contain; }
  iframe.mail-html { display: none; }
  table.cases td.check { min-width: 0; }
  .fingerprint { display: block; }
  pre { max-height: none; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;
