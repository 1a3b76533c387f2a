import { type Lang, type Messages, messagesFor } from '../../foundation/i18n/index.ts';
import type { CaseResult, CheckName, CheckResult, Verdict } from '../../scenario/case-result.ts';
import { CHECK_NAMES, overallVerdict } from '../../scenario/case-result.ts';
import { wordsIn } from '../../scenario/render-reason.ts';
import { formatDelay, formatDuration, formatTime, overSla } from '../format.ts';
import type { AcceptanceReport } from '../report.schema.ts';
import { anchorId, html, type SafeHtml } from './escape.ts';
import {
  caseEvidence,
  caveatBadges,
  fromOutside,
  verdictBadge,
  type WordedContext,
} from './evidence-html.ts';
import { selfContainedPage } from './page.ts';
import { DOCUMENT_LANG } from './styles.ts';

export interface ReportHtmlOptions {
  /** SHA-256 hex of the report.json bytes this page was rendered from. */
  sha256: string;
  /** data: URIs of the screenshots, by the path written in the evidence. */
  images?: ReadonlyMap<string, string>;
  /** The language of the page's words (default en); the data stays as it is. */
  lang?: Lang;
  /** IANA time zone the times are shown in (default UTC); every time names its zone. */
  timeZone?: string;
  /** The page title, e.g. the project's name. */
  title?: string;
}

const VERDICTS: Verdict[] = ['passed', 'failed', 'error', 'skipped'];
/** Findings shown in a check cell before the rest fold under "and N more": never dropped. */
const FINDINGS_SHOWN = 4;

/** The acceptance report as one self-contained HTML page (no script, nothing fetched). */
export function renderReportHtml(report: AcceptanceReport, options: ReportHtmlOptions): string {
  const m = messagesFor(options.lang ?? 'en');
  const ctx: WordedContext = {
    images: options.images ?? new Map(),
    timeZone: options.timeZone ?? 'UTC',
    m,
  };
  const title = options.title ?? m.report.title;
  return selfContainedPage({
    lang: DOCUMENT_LANG,
    title: `${title} — cutover ${report.run.startedAt.slice(0, 10)}`,
    generator: `cutover ${report.tool.version}`,
    body: html`${header(report, options.sha256, title, ctx)}
${summary(report, m)}
${casesTable(report, ctx)}
${signOff(m, options.sha256)}
<footer>${m.report.footer(options.sha256, report.tool.version)}</footer>`,
  });
}

/**
 * Where vendor and client sign: name, signature (or seal) and date lines for each, under the
 * SHA-256 of the report.json they sign — the last thing on the last printed page.
 */
function signOff(m: Messages, sha256: string): SafeHtml {
  const party = (who: string) => html`<div class="party"><div class="who">${who}</div>
    <dl class="lines"><dt>${m.report.signOffName}</dt><dd></dd><dt>${m.report.signOffSignature}</dt><dd></dd><dt>${m.report.signOffDate}</dt><dd></dd></dl></div>`;
  return html`<section class="signoff" id="signoff" aria-label="${m.report.signOff}">
  <h2>${m.report.signOff}</h2>
  <p class="signed-hash">${m.report.fingerprint} <code>${sha256}</code><br><small class="muted">${m.report.pdfHashNote}</small></p>
  <div class="parties">${party(m.report.acceptedBy)}${party(m.report.deliveredBy)}</div>
</section>`;
}

function header(report: AcceptanceReport, sha256: string, title: string, ctx: WordedContext): SafeHtml {
  const { run } = report;
  const { m } = ctx;
  const verdicts = report.summary.verdicts;
  const overall: Verdict =
    verdicts.failed > 0
      ? 'failed'
      : verdicts.error > 0
        ? 'error'
        : verdicts.passed > 0
          ? 'passed'
          : 'skipped';
  return html`
<header>
  <h1>${title} ${verdictBadge(overall, m)}</h1>
  <p class="muted">${m.report.caseRuns(report.summary.cases, run.targets.map((t) => t.name).join(m.listSeparator))}</p>
  <dl class="meta" id="run-meta">
    <dt>${m.report.run}</dt><dd class="mono">${run.id}</dd>
    <dt>${m.report.started}</dt><dd>${formatTime(run.startedAt, ctx.timeZone)}</dd>
    <dt>${m.report.ended}</dt><dd>${formatTime(run.endedAt, ctx.timeZone)} (${formatDuration(run.durationMs)})</dd>
    <dt>cutover</dt><dd>${report.tool.version}</dd>
    <dt>${m.report.config}</dt><dd><span class="mono">${run.configFile}</span> · SHA-256 <span class="mono" id="config-sha256">${run.configHash}</span></dd>
    ${run.shards ? html`<dt>${m.report.shards}</dt><dd>${run.shards}</dd>` : null}
  </dl>
  <table class="targets">
    <thead><tr><th>${m.report.target}</th><th>${m.report.url}</th><th>${m.report.production}</th></tr></thead>
    <tbody>${run.targets.map(
      (t) =>
        html`<tr><td><strong>${t.name}</strong></td><td class="mono">${t.url}</td><td>${t.production ? m.report.yes : m.report.no}</td></tr>`,
    )}</tbody>
  </table>
  <div class="fingerprint">
    ${m.report.fingerprint} <code id="report-sha256">${sha256}</code><br>
    <small class="muted">${m.report.fingerprintHint} <code>sha256sum report.json</code></small>
  </div>
</header>`;
}

function summary(report: AcceptanceReport, m: Messages): SafeHtml {
  const { verdicts, checks } = report.summary;
  return html`
<section id="summary">
  <h2>${m.report.summary}</h2>
  <table class="summary-cases">
    <thead><tr><th>${m.report.caseRunsHead}</th>${VERDICTS.map((v) => html`<th class="num">${m.verdict[v]}</th>`)}</tr></thead>
    <tbody><tr><td class="num" data-count="cases">${report.summary.cases}</td>${VERDICTS.map(
      (v) => html`<td class="num" data-verdict="${v}">${verdicts[v]}</td>`,
    )}</tr></tbody>
  </table>
  <table class="summary-checks">
    <thead><tr><th>${m.report.checkHead}</th>${VERDICTS.map((v) => html`<th class="num">${m.verdict[v]}</th>`)}</tr></thead>
    <tbody>${CHECK_NAMES.map(
      (name) =>
        html`<tr data-check="${name}"><th scope="row">${m.check[name]}</th>${VERDICTS.map(
          (v) => html`<td class="num" data-verdict="${v}">${checks[name]?.[v] ?? 0}</td>`,
        )}</tr>`,
    )}</tbody>
  </table>
</section>`;
}

function casesTable(report: AcceptanceReport, ctx: WordedContext): SafeHtml {
  const { m } = ctx;
  const order = new Map(report.run.targets.map((t, i) => [t.name, i]));
  const cases = [...report.cases].sort(
    (a, b) =>
      a.scenario.id.localeCompare(b.scenario.id, 'en', { numeric: true }) ||
      (order.get(a.target.name) ?? 99) - (order.get(b.target.name) ?? 99),
  );
  return html`
<section id="cases">
  <h2>${m.report.criteria}</h2>
  <table class="cases">
    <thead><tr><th>${m.report.criterion}</th><th>${m.report.target}</th>${CHECK_NAMES.map((n) => html`<th>${m.check[n]}</th>`)}<th>${m.report.caseHead}</th></tr></thead>
    <tbody>${cases.map((c) => caseRows(c, ctx))}</tbody>
  </table>
</section>`;
}

function caseRows(c: CaseResult, ctx: WordedContext): SafeHtml {
  const id = anchorId('case', c.scenario.id, c.target.name);
  // A check's column holds every result of that check: the notification's further channels stack under the main one.
  const byName = new Map<CheckName, CheckResult[]>();
  for (const check of c.checks) byName.set(check.check, [...(byName.get(check.check) ?? []), check]);
  return html`
<tr class="case" id="${id}" data-scenario="${c.scenario.id}" data-target="${c.target.name}" data-verdict="${c.verdict}">
  <td><strong class="mono">${c.scenario.id}</strong><br><span class="title">${c.scenario.title}</span></td>
  <td>${c.target.name}</td>
  ${CHECK_NAMES.map((name) => checkCell(byName.get(name) ?? [], c, ctx))}
  <td>${verdictBadge(c.verdict, ctx.m)}</td>
</tr>
<tr class="evidence-row"><td colspan="${CHECK_NAMES.length + 3}">
  <details data-case="${id}"><summary>${ctx.m.report.evidenceSummary(c.scenario.id, c.target.name)}</summary>
  ${caseEvidence(c, ctx)}
  </details>
</td></tr>`;
}

function checkCell(checks: CheckResult[], c: CaseResult, ctx: WordedContext): SafeHtml {
  const [first] = checks;
  if (!first) return html`<td class="check"><span class="muted">${ctx.m.report.notRun}</span></td>`;
  const verdict = checks.length === 1 ? first.verdict : overallVerdict(checks);
  return html`<td class="check c-${verdict}" data-check="${first.check}" data-verdict="${verdict}">
    ${checks.map((check) => checkBlock(check, checks.length > 1, c, ctx))}
  </td>`;
}

/** One result in its cell; among several (notification channels) each is named. */
function checkBlock(check: CheckResult, named: boolean, c: CaseResult, ctx: WordedContext): SafeHtml {
  const { m } = ctx;
  const delay = formatDelay(check, m);
  const late = overSla(check);
  return html`<div class="check-result" data-channel="${check.channel ?? ''}" data-verdict="${check.verdict}">
    ${named ? html`<div class="channel">${check.channel ?? check.probe ?? check.check}</div>` : null}
    ${verdictBadge(check.verdict, m)}${caveatBadges(check, m)}
    ${delay ? html`<div class="delay${late ? ' over-sla' : ''}">${delay}${late ? ' ⚠' : ''}</div>` : null}
    ${cellWords(check, c, m)}
  </div>`;
}

/**
 * What a check says in its cell: a failed check every finding, one line each (what, expected,
 * got) — the first few shown, the rest folded under "and N more", never dropped; any other check
 * its reason.
 */
function cellWords(check: CheckResult, c: CaseResult, m: Messages): SafeHtml {
  const words = wordsIn(check, m, c.email);
  if (check.findings.length <= 1 || words.details.length <= 1)
    return html`<div class="reason">${words.translated ? words.reason : fromOutside(words.reason, m)}</div>`;
  const shown = words.details.length > FINDINGS_SHOWN ? FINDINGS_SHOWN - 1 : words.details.length;
  const item = (line: string) => html`<li>${line}</li>`;
  const rest = words.details.slice(shown);
  return html`<ul class="reason findings" data-findings="${words.details.length}">${words.details.slice(0, shown).map(item)}</ul>${
    rest.length > 0
      ? html`<details class="more-findings"><summary>${m.report.findingsMore(rest.length)}</summary><ul class="reason findings">${rest.map(item)}</ul></details>`
      : null
  }`;
}
