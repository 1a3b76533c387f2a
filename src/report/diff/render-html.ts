import { type Lang, type Messages, messagesFor } from '../../foundation/i18n/index.ts';
import { aspectPath } from '../../scenario/findings.ts';
import { checkTitle, formatTime } from '../format.ts';
import { anchorId, html, type SafeHtml } from '../html/escape.ts';
import { verdictBadge } from '../html/evidence-html.ts';
import { selfContainedPage } from '../html/page.ts';
import { DOCUMENT_LANG } from '../html/styles.ts';
import type { Difference, DiffResult, DiffSide, DiffValue } from './diff-types.ts';
import { shownValue } from './render-text.ts';

/**
 * The diff as one self-contained HTML page (no script, nothing fetched), like the report. The
 * reasons are the result's own: diff in the page's language (`diffReports(…, { messages })`).
 */
export function renderDiffHtml(result: DiffResult, options: { lang?: Lang; timeZone?: string } = {}): string {
  const m = messagesFor(options.lang ?? 'en');
  const d = m.diff;
  const b = result.baseline;
  const c = result.candidate;
  const s = result.summary;
  const byScenario = new Map<string, Difference[]>();
  for (const x of result.differences) byScenario.set(x.scenario, [...(byScenario.get(x.scenario) ?? []), x]);
  const timeZone = options.timeZone ?? 'UTC';
  return selfContainedPage({
    lang: DOCUMENT_LANG,
    title: d.pageTitle(b.target, c.target),
    body: html`<header>
  <h1>${d.title(b.target, c.target)}
    <span class="badge ${s.regressions ? 'k-regression' : 'v-passed'}" id="diff-outcome">${s.regressions ? `✗ ${d.regressions(s.regressions)}` : d.noRegression}</span></h1>
  <table class="sides">
    <thead><tr><th></th><th>${d.target}</th><th>${d.url}</th><th>${d.run}</th><th>${d.started}</th><th>cutover</th><th>${d.report}</th></tr></thead>
    <tbody>${sideRow(d.baseline, b, timeZone)}${sideRow(d.candidate, c, timeZone)}</tbody>
  </table>
  <p>${d.compared(result.scenarios.compared.length)} ·
    <strong data-count="regressions">${d.regressions(s.regressions)}</strong> ·
    <strong data-count="changes">${d.changes(s.changes)}</strong></p>
</header>
<section id="scenarios">
  <h2>${d.scenarios}</h2>
  <table>
    <thead><tr><th>${d.criterion}</th><th>${b.target}</th><th>${c.target}</th><th class="num">${d.regressionsHead}</th><th class="num">${d.changesHead}</th></tr></thead>
    <tbody>${result.verdicts.map((v) => {
      const list = byScenario.get(v.scenario) ?? [];
      const regressions = list.filter((x) => x.kind === 'regression').length;
      return html`<tr><td><a href="#${anchorId('diff', v.scenario)}"><strong class="mono">${v.scenario}</strong></a> ${v.title}</td>
        <td>${v.baseline ? verdictBadge(v.baseline, m) : d.notRun}</td><td>${v.candidate ? verdictBadge(v.candidate, m) : d.notRun}</td>
        <td class="num">${regressions}</td><td class="num">${list.length - regressions}</td></tr>`;
    })}</tbody>
  </table>
</section>
<section id="differences">
  <h2>${d.differences}</h2>
  ${result.differences.length === 0 ? html`<p>${d.noDifferences(c.target, b.target)}</p>` : null}
  ${[...byScenario].map(([scenario, list]) => differenceTable(scenario, list, result, m))}
</section>
<footer>${d.footer}</footer>`,
  });
}

function differenceTable(scenario: string, list: Difference[], result: DiffResult, m: Messages): SafeHtml {
  const d = m.diff;
  return html`
  <h3 id="${anchorId('diff', scenario)}"><span class="mono">${scenario}</span> ${list[0]!.title}</h3>
  <table class="differences">
    <thead><tr><th>${d.kind}</th><th>${d.check}</th><th>${d.aspect}</th><th>${result.baseline.target}</th><th>${result.candidate.target}</th><th>${d.why}</th></tr></thead>
    <tbody>${list.map(
      (
        x,
      ) => html`<tr data-kind="${x.kind}" data-check="${x.check}" data-aspect="${aspectPath(x.check, x.aspect, x.item)}">
      <td><span class="badge k-${x.kind}">${d.kindWord[x.kind]}</span></td>
      <td>${x.check === 'case' ? d.criterion : checkTitle({ check: x.check, channel: x.channel }, m)}</td><td class="mono">${aspectPath(x.check, x.aspect, x.item)}</td><td class="value">${value(x.baseline, x, m)}</td><td class="value">${value(x.candidate, x, m)}</td><td class="why">${x.reason}</td></tr>`,
    )}</tbody>
  </table>`;
}

function sideRow(role: string, side: DiffSide, timeZone: string): SafeHtml {
  return html`<tr><th scope="row">${role}</th><td><strong>${side.target}</strong></td><td class="mono">${side.url}</td>
    <td class="mono">${side.runId}</td><td>${formatTime(side.startedAt, timeZone)}</td><td>${side.version}</td>
    <td class="mono">${side.file ?? ''}</td></tr>`;
}

/** A compared value; a verdict (of a check or a whole case) in the page's words. */
function value(v: DiffValue, x: Difference, m: Messages): SafeHtml {
  if (v === null) return html`<span class="muted">${m.diff.none}</span>`;
  return html`<span class="value">${shownValue(v, x, m)}</span>`;
}
