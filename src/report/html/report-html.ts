import type { CaseResult, CheckName, CheckResult, Verdict } from '../../scenario/case-result.ts';
import { CHECK_NAMES, overallVerdict } from '../../scenario/case-result.ts';
import { formatDelay, formatDuration, formatTime, overSla } from '../format.ts';
import type { AcceptanceReport } from '../report.schema.ts';
import { anchorId, html, type SafeHtml } from './escape.ts';
import { caseEvidence, caveatBadges, type EvidenceContext, verdictBadge } from './evidence-html.ts';
import { selfContainedPage } from './page.ts';
import { VERDICT_LABEL } from './styles.ts';

export interface ReportHtmlOptions {
  /** SHA-256 hex of the report.json bytes this page was rendered from. */
  sha256: string;
  /** data: URIs of the screenshots, by the path written in the evidence. */
  images?: ReadonlyMap<string, string>;
  /** The document language; the data is mostly Japanese, so `ja` picks Japanese glyph forms. */
  lang?: string;
  /** IANA time zone the times are shown in (default UTC). */
  timeZone?: string;
  /** The page title, e.g. the project's name. */
  title?: string;
}

const VERDICTS: Verdict[] = ['passed', 'failed', 'error', 'skipped'];
const CHECK_TITLE: Record<CheckName, string> = {
  submit: 'Submit',
  notification: 'Notification',
  crm: 'CRM',
  analytics: 'Analytics',
};

/** The acceptance report as one self-contained HTML page (no script, nothing fetched). */
export function renderReportHtml(report: AcceptanceReport, options: ReportHtmlOptions): string {
  const ctx: EvidenceContext = { images: options.images ?? new Map(), timeZone: options.timeZone ?? 'UTC' };
  const title = options.title ?? 'Acceptance report';
  return selfContainedPage({
    lang: options.lang ?? 'ja',
    title: `${title} — cutover ${report.run.startedAt.slice(0, 10)}`,
    generator: `cutover ${report.tool.version}`,
    body: html`${header(report, options.sha256, title, ctx)}
${summary(report)}
${casesTable(report, ctx)}
<section class="signoff" aria-label="Sign-off">
  <div>Accepted by (client) / 承認者・日付</div>
  <div>Delivered by (vendor) / 提出者・日付</div>
</section>
<footer>Rendered from report.json (SHA-256 ${options.sha256}) by cutover ${report.tool.version}.</footer>`,
  });
}

function header(report: AcceptanceReport, sha256: string, title: string, ctx: EvidenceContext): SafeHtml {
  const { run } = report;
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
  <h1>${title} ${verdictBadge(overall)}</h1>
  <p class="muted">${report.summary.cases} case run(s) on ${run.targets.map((t) => t.name).join(', ')}</p>
  <dl class="meta" id="run-meta">
    <dt>Run</dt><dd class="mono">${run.id}</dd>
    <dt>Started</dt><dd>${formatTime(run.startedAt, ctx.timeZone)}</dd>
    <dt>Ended</dt><dd>${formatTime(run.endedAt, ctx.timeZone)} (${formatDuration(run.durationMs)})</dd>
    <dt>cutover</dt><dd>${report.tool.version}</dd>
    <dt>Config</dt><dd><span class="mono">${run.configFile}</span> · SHA-256 <span class="mono" id="config-sha256">${run.configHash}</span></dd>
    ${run.shards ? html`<dt>Shards</dt><dd>${run.shards}</dd>` : null}
  </dl>
  <table class="targets">
    <thead><tr><th>Target</th><th>URL</th><th>Production</th></tr></thead>
    <tbody>${run.targets.map(
      (t) =>
        html`<tr><td><strong>${t.name}</strong></td><td class="mono">${t.url}</td><td>${t.production ? 'yes' : 'no'}</td></tr>`,
    )}</tbody>
  </table>
  <div class="fingerprint">
    SHA-256 of report.json: <code id="report-sha256">${sha256}</code><br>
    <small class="muted">Vendor and client refer to this report by this value; check it with <code>sha256sum report.json</code>.</small>
  </div>
</header>`;
}

function summary(report: AcceptanceReport): SafeHtml {
  const { verdicts, checks } = report.summary;
  return html`
<section id="summary">
  <h2>Summary</h2>
  <table class="summary-cases">
    <thead><tr><th>Case runs</th>${VERDICTS.map((v) => html`<th class="num">${VERDICT_LABEL[v]}</th>`)}</tr></thead>
    <tbody><tr><td class="num" data-count="cases">${report.summary.cases}</td>${VERDICTS.map(
      (v) => html`<td class="num" data-verdict="${v}">${verdicts[v]}</td>`,
    )}</tr></tbody>
  </table>
  <table class="summary-checks">
    <thead><tr><th>Check</th>${VERDICTS.map((v) => html`<th class="num">${VERDICT_LABEL[v]}</th>`)}</tr></thead>
    <tbody>${CHECK_NAMES.map(
      (name) =>
        html`<tr data-check="${name}"><th scope="row">${CHECK_TITLE[name]}</th>${VERDICTS.map(
          (v) => html`<td class="num" data-verdict="${v}">${checks[name][v]}</td>`,
        )}</tr>`,
    )}</tbody>
  </table>
</section>`;
}

function casesTable(report: AcceptanceReport, ctx: EvidenceContext): SafeHtml {
  const order = new Map(report.run.targets.map((t, i) => [t.name, i]));
  const cases = [...report.cases].sort(
    (a, b) =>
      a.scenario.id.localeCompare(b.scenario.id, 'en', { numeric: true }) ||
      (order.get(a.target.name) ?? 99) - (order.get(b.target.name) ?? 99),
  );
  return html`
<section id="cases">
  <h2>Acceptance criteria</h2>
  <table class="cases">
    <thead><tr><th>Criterion</th><th>Target</th>${CHECK_NAMES.map((n) => html`<th>${CHECK_TITLE[n]}</th>`)}<th>Case</th></tr></thead>
    <tbody>${cases.map((c) => caseRows(c, ctx))}</tbody>
  </table>
</section>`;
}

function caseRows(c: CaseResult, ctx: EvidenceContext): SafeHtml {
  const id = anchorId('case', c.scenario.id, c.target.name);
  // A check's column holds every result of that check: the notification's further channels stack under the main one.
  const byName = new Map<CheckName, CheckResult[]>();
  for (const check of c.checks) byName.set(check.check, [...(byName.get(check.check) ?? []), check]);
  return html`
<tr class="case" id="${id}" data-scenario="${c.scenario.id}" data-target="${c.target.name}" data-verdict="${c.verdict}">
  <td><strong class="mono">${c.scenario.id}</strong><br><span class="title">${c.scenario.title}</span></td>
  <td>${c.target.name}</td>
  ${CHECK_NAMES.map((name) => checkCell(byName.get(name) ?? []))}
  <td>${verdictBadge(c.verdict)}</td>
</tr>
<tr class="evidence-row"><td colspan="${CHECK_NAMES.length + 3}">
  <details data-case="${id}"><summary>Evidence, reasons and cleanup — ${c.scenario.id} on ${c.target.name}</summary>
  ${caseEvidence(c, ctx)}
  </details>
</td></tr>`;
}

function checkCell(checks: CheckResult[]): SafeHtml {
  const [first] = checks;
  if (!first) return html`<td class="check"><span class="muted">not run</span></td>`;
  const verdict = checks.length === 1 ? first.verdict : overallVerdict(checks);
  return html`<td class="check c-${verdict}" data-check="${first.check}" data-verdict="${verdict}">
    ${checks.map((check) => checkBlock(check, checks.length > 1))}
  </td>`;
}

/** One result in its cell; among several (notification channels) each is named. */
function checkBlock(check: CheckResult, named: boolean): SafeHtml {
  const delay = formatDelay(check);
  const late = overSla(check);
  return html`<div class="check-result" data-channel="${check.channel ?? ''}" data-verdict="${check.verdict}">
    ${named ? html`<div class="channel">${check.channel ?? check.probe ?? check.check}</div>` : null}
    ${verdictBadge(check.verdict)}${caveatBadges(check)}
    ${delay ? html`<div class="delay${late ? ' over-sla' : ''}">${delay}${late ? ' ⚠' : ''}</div>` : null}
    <div class="reason">${check.reason}</div>
  </div>`;
}
