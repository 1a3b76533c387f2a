import { en, type Messages, zoneName } from '../../foundation/i18n/index.ts';
import { checkLabelIn, formatDuration, formatTime } from '../../report/format.ts';
import { html, type SafeHtml } from '../../report/html/escape.ts';
import { caseEvidence, fromOutside, verdictBadge } from '../../report/html/evidence-html.ts';
import { selfContainedPage } from '../../report/html/page.ts';
import { DOCUMENT_LANG } from '../../report/html/styles.ts';
import type { CaseResult, Verdict } from '../../scenario/case-result.ts';
import { wordsIn } from '../../scenario/render-reason.ts';
import { RUN_FILES, type RunSummary } from './run-summary.ts';

/**
 * The monitor's evidence pages, rendered by the report's own evidence renderer and styles: one
 * per kept case run (served at /runs/<id>/, and readable from disk as <dir>/<id>/index.html) and
 * the list of kept runs (/runs). Links are relative, so they hold behind a reverse proxy's path.
 * Their words come from the catalog of the monitor's language and their times are shown in its
 * zone (`report.lang` and `report.timeZone` of the config, `--lang`); run.json and result.json stay data.
 */
export interface RunPageWords {
  m: Messages;
  /** IANA zone the times are shown in (Asia/Tokyo → "2026-12-08 10:15:41 JST"). */
  timeZone: string;
}

/** English and UTC: what a store or a route told nothing shows. */
export const DEFAULT_RUN_PAGE_WORDS: RunPageWords = { m: en, timeZone: 'UTC' };

/** A kept run's page: the screenshot inlined, the trace and the JSON next to it. */
export function renderRunPage(
  summary: RunSummary,
  result: CaseResult,
  images: ReadonlyMap<string, string>,
  version: string,
  words: RunPageWords = DEFAULT_RUN_PAGE_WORDS,
): string {
  const { m, timeZone } = words;
  const w = m.runPages;
  const listOfScenario = `../../runs?${new URLSearchParams({ target: summary.target, scenario: summary.scenario }).toString()}`;
  return selfContainedPage({
    lang: DOCUMENT_LANG,
    title: w.pageTitle(summary.scenario, summary.target, m.verdictWord[summary.verdict], summary.id),
    generator: `cutover ${version}`,
    body: html`<header>
  <p class="muted"><a href="../../runs">${w.allRuns}</a> · <a href="${listOfScenario}">${w.runsOf(summary.scenario, summary.target)}</a></p>
  <h1><span class="mono">${summary.scenario}</span>${w.onTarget(summary.target)} ${verdictBadge(summary.verdict, m)}</h1>
  <p class="title">${summary.title}</p>
  <dl class="meta" id="run-meta">
    <dt>${w.run}</dt><dd class="mono" id="run-id">${summary.id}</dd>
    <dt>${w.target}</dt><dd>${result.target.name} <span class="mono">${result.target.url}</span>${result.target.production ? w.production : ''}</dd>
    <dt>${w.ended}</dt><dd>${formatTime(summary.endedAt, timeZone)} (${formatDuration(result.durationMs)})</dd>
    ${summary.verdict === 'passed' ? null : html`<dt>${w.whatWentWrong}</dt><dd id="run-summary">${whatWentWrong(result, m)}</dd>`}
    ${summary.verdict === 'passed' ? html`<dt>${w.keptAs}</dt><dd>${w.keptAsPassing(summary.scenario, summary.target)}</dd>` : html`<dt>${w.lastPassed}</dt><dd id="last-passed">${lastPassedLink(summary, m)}</dd>`}
  </dl>
  <ul class="run-files">
    ${traceItem(summary, m)}
    <li>${w.resultAsData} <a href="${RUN_FILES.result}">${RUN_FILES.result}</a></li>
  </ul>
</header>
<section id="evidence">
  <h2>${w.evidenceHead}</h2>
  ${caseEvidence(result, { images, timeZone, m })}
</section>
<footer>${w.footer(version)}</footer>`,
  });
}

/**
 * "notification failed: … · crm error: …" in the page's words, rendered from the result's data;
 * a probe's or the browser's own message (an errored check) is shown as it came, marked as such.
 * In English it is the run.json summary, word for word.
 */
export function whatWentWrong(result: CaseResult, m: Messages = en): SafeHtml {
  const w = m.runPages;
  const bad = result.checks.filter((c) => c.verdict === 'failed' || c.verdict === 'error');
  if (bad.length === 0)
    return html`${result.verdict === 'skipped' ? w.everyCheckSkipped : w.everyCheckPassed}`;
  return html`${bad.map((check, i) => {
    const words = wordsIn(check, m, result.email);
    const went = w.checkWent(checkLabelIn(check, m), m.verdictWord[check.verdict]);
    return html`${i > 0 ? ' · ' : ''}${went} ${words.translated ? words.reason : fromOutside(words.reason, m)}`;
  })}`;
}

function lastPassedLink(summary: RunSummary, m: Messages): SafeHtml {
  const w = m.runPages;
  return summary.lastPassed
    ? html`<a href="../${summary.lastPassed}/">${summary.lastPassed}</a> <span class="muted">${w.lastPassedNote}</span>`
    : html`<span class="muted">${w.noLastPassed}</span>`;
}

function traceItem(summary: RunSummary, m: Messages): SafeHtml {
  const w = m.runPages;
  if (!summary.trace) return html`<li class="muted">${w.noTrace(summary.verdict === 'passed')}</li>`;
  return html`<li>${w.trace}
    <a id="trace-link" href="${RUN_FILES.trace}" download="cutover-trace-${summary.id}.zip">${RUN_FILES.trace}</a> —
    ${w.traceOpenAt} <a href="https://trace.playwright.dev/" rel="noreferrer">trace.playwright.dev</a> ${w.traceOrCommand}
    <code>npx playwright show-trace cutover-trace-${summary.id}.zip</code></li>`;
}

export interface RunFilter {
  target?: string;
  scenario?: string;
  verdict?: Verdict;
}

/** What the list shows of each run besides its summary: "what went wrong" in the list's words. */
export type DescribeRun = (run: RunSummary) => SafeHtml;

/** The list of kept runs, newest first, with the filter it shows. */
export function renderRunList(
  runs: readonly RunSummary[],
  filter: RunFilter,
  choices: { targets: string[]; scenarios: string[] },
  version: string,
  words: RunPageWords & { wentWrong?: DescribeRun } = DEFAULT_RUN_PAGE_WORDS,
): string {
  const { m, timeZone } = words;
  const w = m.runPages;
  const wentWrong = words.wentWrong ?? ((run: RunSummary) => fromOutside(run.summary, m));
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const select = (name: keyof RunFilter, values: readonly string[], label = (v: string) => v) =>
    html`<label>${w.filterBy[name]} <select name="${name}"><option value="">${w.any}</option>${values.map(
      (v) => html`<option value="${v}"${filter[name] === v ? html` selected` : null}>${label(v)}</option>`,
    )}</select></label>`;
  const verdicts: Verdict[] = ['failed', 'error', 'passed'];
  return selfContainedPage({
    lang: DOCUMENT_LANG,
    title: w.listTitle,
    generator: `cutover ${version}`,
    body: html`<header>
  <h1>${w.listHeading} <span class="muted">${w.listCount(runs.length, filtered)}</span></h1>
  <p class="muted">${w.listIntro} <a href="runs?${new URLSearchParams({ ...definedOf(filter), format: 'json' }).toString()}">${w.asJson}</a></p>
  <form method="get" action="runs" class="filter">
    ${select('target', choices.targets)} ${select('scenario', choices.scenarios)} ${select('verdict', verdicts, (v) => m.verdictWord[v as Verdict])}
    <button type="submit">${w.filter}</button>${filtered ? html` <a href="runs">${w.clear}</a>` : null}
  </form>
</header>
${
  runs.length === 0
    ? html`<p id="no-runs">${filtered ? w.noRunsMatch : w.noRunsYet}</p>`
    : html`<table class="runs">
  <thead><tr><th>${w.startedIn(zoneName(new Date(runs[0]!.startedAt), timeZone))}</th><th>${w.target}</th><th>${w.scenario}</th><th>${w.verdict}</th><th>${w.whatWentWrong}</th></tr></thead>
  <tbody>${runs.map(
    (run) => html`<tr data-run="${run.id}" data-verdict="${run.verdict}">
    <td><a href="runs/${run.id}/">${formatTime(run.startedAt, timeZone)}</a><br><span class="mono muted">${run.id}</span></td>
    <td>${run.target}</td><td><span class="mono">${run.scenario}</span><br><span class="title">${run.title}</span></td>
    <td>${verdictBadge(run.verdict, m)}</td><td class="reason">${wentWrong(run)}</td></tr>`,
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
