import { checkLabel } from '../../scenario/case-result.ts';
import { aspectPath } from '../../scenario/findings.ts';
import { formatTime } from '../format.ts';
import { anchorId, html, type SafeHtml } from '../html/escape.ts';
import { verdictBadge } from '../html/evidence-html.ts';
import { selfContainedPage } from '../html/page.ts';
import type { Difference, DiffResult, DiffSide, DiffValue } from './diff-types.ts';

/** The diff as one self-contained HTML page (no script, nothing fetched), like the report. */
export function renderDiffHtml(
  result: DiffResult,
  options: { lang?: string; timeZone?: string } = {},
): string {
  const b = result.baseline;
  const c = result.candidate;
  const s = result.summary;
  const byScenario = new Map<string, Difference[]>();
  for (const d of result.differences) byScenario.set(d.scenario, [...(byScenario.get(d.scenario) ?? []), d]);
  return selfContainedPage({
    lang: options.lang ?? 'ja',
    title: `Parity diff ${b.target} → ${c.target} — cutover`,
    body: html`<header>
  <h1>Parity diff: ${b.target} → ${c.target}
    <span class="badge ${s.regressions ? 'k-regression' : 'v-passed'}" id="diff-outcome">${s.regressions ? `✗ ${s.regressions} regression(s)` : '✓ no regression'}</span></h1>
  <table class="sides">
    <thead><tr><th></th><th>Target</th><th>URL</th><th>Run</th><th>Started</th><th>cutover</th><th>Report</th></tr></thead>
    <tbody>${sideRow('Baseline', b, options.timeZone)}${sideRow('Candidate', c, options.timeZone)}</tbody>
  </table>
  <p>${result.scenarios.compared.length} scenario(s) compared ·
    <strong data-count="regressions">${s.regressions}</strong> regression(s) ·
    <strong data-count="changes">${s.changes}</strong> change(s)</p>
</header>
<section id="scenarios">
  <h2>Scenarios</h2>
  <table>
    <thead><tr><th>Criterion</th><th>${b.target}</th><th>${c.target}</th><th class="num">Regressions</th><th class="num">Changes</th></tr></thead>
    <tbody>${result.verdicts.map((v) => {
      const list = byScenario.get(v.scenario) ?? [];
      const regressions = list.filter((d) => d.kind === 'regression').length;
      return html`<tr><td><a href="#${anchorId('diff', v.scenario)}"><strong class="mono">${v.scenario}</strong></a> ${v.title}</td>
        <td>${v.baseline ? verdictBadge(v.baseline) : 'not run'}</td><td>${v.candidate ? verdictBadge(v.candidate) : 'not run'}</td>
        <td class="num">${regressions}</td><td class="num">${list.length - regressions}</td></tr>`;
    })}</tbody>
  </table>
</section>
<section id="differences">
  <h2>Differences</h2>
  ${result.differences.length === 0 ? html`<p>No differences: ${c.target} behaves like ${b.target} on every scenario compared.</p>` : null}
  ${[...byScenario].map(
    ([scenario, list]) => html`
  <h3 id="${anchorId('diff', scenario)}"><span class="mono">${scenario}</span> ${list[0]!.title}</h3>
  <table class="differences">
    <thead><tr><th>Kind</th><th>Check</th><th>Aspect</th><th>${b.target}</th><th>${c.target}</th><th>Why</th></tr></thead>
    <tbody>${list.map(
      (
        d,
      ) => html`<tr data-kind="${d.kind}" data-check="${d.check}" data-aspect="${aspectPath(d.check, d.aspect, d.item)}">
      <td><span class="badge k-${d.kind}">${d.kind === 'regression' ? '✗ regression' : '~ change'}</span></td>
      <td>${checkLabel(d)}</td><td class="mono">${aspectPath(d.check, d.aspect, d.item)}</td><td class="value">${value(d.baseline)}</td><td class="value">${value(d.candidate)}</td><td class="why">${d.reason}</td></tr>`,
    )}</tbody>
  </table>`,
  )}
</section>
<footer>cutover parity diff · values normalised: {marker}, {email}, {id}, {timestamp}, {origin} stand for run-specific values.</footer>`,
  });
}

function sideRow(role: string, side: DiffSide, timeZone = 'UTC'): SafeHtml {
  return html`<tr><th scope="row">${role}</th><td><strong>${side.target}</strong></td><td class="mono">${side.url}</td>
    <td class="mono">${side.runId}</td><td>${formatTime(side.startedAt, timeZone)}</td><td>${side.version}</td>
    <td class="mono">${side.file ?? ''}</td></tr>`;
}

function value(v: DiffValue): SafeHtml {
  if (v === null) return html`<span class="muted">— (none)</span>`;
  return html`<span class="value">${String(v)}</span>`;
}
