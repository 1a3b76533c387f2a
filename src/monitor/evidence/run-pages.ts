import { formatDuration, formatTime } from '../../report/format.ts';
import { html, type SafeHtml } from '../../report/html/escape.ts';
import { caseEvidence, verdictBadge } from '../../report/html/evidence-html.ts';
import { selfContainedPage } from '../../report/html/page.ts';
import type { CaseResult, Verdict } from '../../scenario/case-result.ts';
import { RUN_FILES, type RunSummary } from './run-summary.ts';

/**
 * The monitor's evidence pages, rendered by the report's own evidence renderer and styles: one
 * per kept case run (served at /runs/<id>/, and readable from disk as <dir>/<id>/index.html) and
 * the list of kept runs (/runs). Links are relative, so they hold behind a reverse proxy's path.
 */

/** A kept run's page: the screenshot inlined, the trace and the JSON next to it. */
export function renderRunPage(
  summary: RunSummary,
  result: CaseResult,
  images: ReadonlyMap<string, string>,
  version: string,
): string {
  const listOfScenario = `../../runs?${new URLSearchParams({ target: summary.target, scenario: summary.scenario }).toString()}`;
  return selfContainedPage({
    lang: 'ja',
    title: `${summary.scenario} on ${summary.target}: ${summary.verdict} — cutover monitor ${summary.id}`,
    generator: `cutover ${version}`,
    body: html`<header>
  <p class="muted"><a href="../../runs">All kept runs</a> · <a href="${listOfScenario}">runs of ${summary.scenario} on ${summary.target}</a></p>
  <h1><span class="mono">${summary.scenario}</span> on ${summary.target} ${verdictBadge(summary.verdict)}</h1>
  <p class="title">${summary.title}</p>
  <dl class="meta" id="run-meta">
    <dt>Run</dt><dd class="mono" id="run-id">${summary.id}</dd>
    <dt>Target</dt><dd>${result.target.name} <span class="mono">${result.target.url}</span>${result.target.production ? ' (production)' : ''}</dd>
    <dt>Ended</dt><dd>${formatTime(summary.endedAt)} (${formatDuration(result.durationMs)})</dd>
    ${summary.verdict === 'passed' ? null : html`<dt>What went wrong</dt><dd id="run-summary">${summary.summary}</dd>`}
    ${summary.verdict === 'passed' ? html`<dt>Kept as</dt><dd>a passing run of ${summary.scenario} on ${summary.target}, to compare the failures after it with</dd>` : html`<dt>Last passing run</dt><dd id="last-passed">${lastPassedLink(summary)}</dd>`}
  </dl>
  <ul class="run-files">
    ${traceItem(summary)}
    <li>The case result as data: <a href="${RUN_FILES.result}">${RUN_FILES.result}</a></li>
  </ul>
</header>
<section id="evidence">
  <h2>Evidence, reasons and cleanup</h2>
  ${caseEvidence(result, { images, timeZone: 'UTC' })}
</section>
<footer>Kept by cutover ${version}'s monitor. Secrets are removed from this page and its data; the trace holds what the browser saw.</footer>`,
  });
}

function lastPassedLink(summary: RunSummary): SafeHtml {
  return summary.lastPassed
    ? html`<a href="../${summary.lastPassed}/">${summary.lastPassed}</a> <span class="muted">(what this case showed when it last passed)</span>`
    : html`<span class="muted">none kept: the case has not passed since the evidence directory was started</span>`;
}

function traceItem(summary: RunSummary): SafeHtml {
  if (!summary.trace)
    return html`<li class="muted">No Playwright trace: ${summary.verdict === 'passed' ? 'passing runs keep none' : 'the browser did not record one (it could not start, or the trace could not be saved)'}</li>`;
  return html`<li>Playwright trace (every step, network request and DOM snapshot of the case):
    <a id="trace-link" href="${RUN_FILES.trace}" download="cutover-trace-${summary.id}.zip">${RUN_FILES.trace}</a> —
    open it at <a href="https://trace.playwright.dev/" rel="noreferrer">trace.playwright.dev</a> (the file stays in your browser)
    or with <code>npx playwright show-trace cutover-trace-${summary.id}.zip</code></li>`;
}

export interface RunFilter {
  target?: string;
  scenario?: string;
  verdict?: Verdict;
}

/** The list of kept runs, newest first, with the filter it shows. */
export function renderRunList(
  runs: readonly RunSummary[],
  filter: RunFilter,
  choices: { targets: string[]; scenarios: string[] },
  version: string,
): string {
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const select = (name: keyof RunFilter, values: readonly string[]) =>
    html`<label>${name} <select name="${name}"><option value="">any</option>${values.map(
      (v) => html`<option value="${v}"${filter[name] === v ? html` selected` : null}>${v}</option>`,
    )}</select></label>`;
  return selfContainedPage({
    lang: 'ja',
    title: 'Kept runs — cutover monitor',
    generator: `cutover ${version}`,
    body: html`<header>
  <h1>Kept runs <span class="muted">(${runs.length}${filtered ? ' matching' : ''})</span></h1>
  <p class="muted">Every failed or errored case run the monitor kept, and the last passing run of each scenario, newest first. <a href="runs?${new URLSearchParams({ ...definedOf(filter), format: 'json' }).toString()}">As JSON</a></p>
  <form method="get" action="runs" class="filter">
    ${select('target', choices.targets)} ${select('scenario', choices.scenarios)} ${select('verdict', ['failed', 'error', 'passed'])}
    <button type="submit">Filter</button>${filtered ? html` <a href="runs">clear</a>` : null}
  </form>
</header>
${
  runs.length === 0
    ? html`<p id="no-runs">No run kept${filtered ? ' matches the filter' : ' yet: a failed or errored case keeps its evidence here, and each scenario its last passing run'}.</p>`
    : html`<table class="runs">
  <thead><tr><th>Started (UTC)</th><th>Target</th><th>Scenario</th><th>Verdict</th><th>What went wrong</th></tr></thead>
  <tbody>${runs.map(
    (run) => html`<tr data-run="${run.id}" data-verdict="${run.verdict}">
    <td><a href="runs/${run.id}/">${formatTime(run.startedAt)}</a><br><span class="mono muted">${run.id}</span></td>
    <td>${run.target}</td><td><span class="mono">${run.scenario}</span><br><span class="title">${run.title}</span></td>
    <td>${verdictBadge(run.verdict)}</td><td class="reason">${run.summary}</td></tr>`,
  )}</tbody>
</table>`
}`,
  });
}

function definedOf(filter: RunFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}
