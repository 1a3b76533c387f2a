import { en, type Messages } from '../../foundation/i18n/index.ts';
import { CONTENT_SECURITY_POLICY, html, type SafeHtml, trusted } from '../html/escape.ts';
import { STYLES } from '../html/styles.ts';
import type { SlaPeriodSummary, SlaSummary } from './sla-summary.ts';

/**
 * `cutover report sla` as one self-contained page for the weekly sales/marketing meeting: the
 * numbers per period side by side (before / after the cutover), with the change.
 */

type Row = {
  label: string;
  value: (p: SlaPeriodSummary) => number | null;
  format: (n: number) => string;
  /** The change between two periods, as the row's unit says it ("-3 pt", "+0.4 h"). */
  delta: (n: number) => string;
  worseUp: boolean;
};

function rows(summary: SlaSummary, m: Messages['slaReport']): Row[] {
  const fields = Object.keys(summary.periods[0]?.completeness ?? {});
  const percent = (n: number) => `${Math.round(n * 100)}%`;
  const points = (n: number) => m.points(String(Math.round(n * 100)));
  const hours = (n: number) => m.hours(n.toFixed(1));
  const count = (n: number) => String(n);
  return [
    { label: m.leads, value: (p) => p.leads, format: count, delta: count, worseUp: false },
    { label: m.validShare, value: (p) => p.validShare, format: percent, delta: points, worseUp: false },
    {
      label: m.firstResponse('p50'),
      value: (p) => p.firstResponseHours.p50,
      format: hours,
      delta: hours,
      worseUp: true,
    },
    {
      label: m.firstResponse('p90'),
      value: (p) => p.firstResponseHours.p90,
      format: hours,
      delta: hours,
      worseUp: true,
    },
    { label: m.breaches, value: (p) => p.breaches, format: count, delta: count, worseUp: true },
    { label: m.awaiting, value: (p) => p.awaiting, format: count, delta: count, worseUp: true },
    ...fields.map(
      (field): Row => ({
        label: m.completeness(field),
        value: (p) => p.completeness[field] ?? null,
        format: percent,
        delta: points,
        worseUp: false,
      }),
    ),
  ];
}

function change(row: Row, before: SlaPeriodSummary, after: SlaPeriodSummary): SafeHtml {
  const a = row.value(before);
  const b = row.value(after);
  if (a === null || b === null || a === b) return html`<td class="mono">–</td>`;
  const worse = row.worseUp ? b > a : b < a;
  const shown = row.delta(b - a);
  // A change that rounds to nothing is no change ("-0.0 h" said a rise or fall that is not there).
  if (/^[-+]?0(?:\.0+)?(?:\s|$)/.test(shown)) return html`<td class="mono">–</td>`;
  const text = `${b > a ? '+' : ''}${shown}`;
  return html`<td class="mono" style="color: var(${worse ? '--failed' : '--passed'})">${text}</td>`;
}

export function renderSlaHtml(summary: SlaSummary, messages: Messages = en): string {
  const m = messages.slaReport;
  const [first, second] = summary.periods;
  const compare = summary.periods.length === 2 && first && second;
  // Days and times in the calendar's zone, which every date on the page is read in.
  const day = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: summary.timeZone, dateStyle: 'short' }).format(
      new Date(iso),
    );
  const generated = new Intl.DateTimeFormat('sv-SE', {
    timeZone: summary.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(summary.generatedAt));
  const body = html`<!doctype html>
<html lang="${messages.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${m.title(summary.target)}</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
<h1>${m.title(summary.target)}</h1>
<p>${m.intro(day(summary.since), day(summary.until), summary.cutover ? day(summary.cutover) : undefined)}
${m.slaLine(summary.within, summary.slaBusinessHours, summary.timeZone)}</p>
<table>
<thead><tr><th></th>${summary.periods.map((p) => html`<th>${m.period[p.label]} <span class="mono">(${day(p.from)} – ${day(p.to)})</span></th>`)}${compare ? html`<th>${m.change}</th>` : ''}</tr></thead>
<tbody>
${rows(summary, m).map(
  (row) =>
    html`<tr><th>${row.label}</th>${summary.periods.map((p) => {
      const value = row.value(p);
      return html`<td class="mono">${value === null ? '–' : row.format(value)}</td>`;
    })}${compare ? change(row, first, second) : ''}</tr>\n`,
)}</tbody>
</table>
<p class="muted">${m.footer(generated, summary.timeZone)}</p>
</body>
</html>
`;
  return body.value;
}
