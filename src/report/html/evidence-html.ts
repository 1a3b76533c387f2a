import { en, type Messages } from '../../foundation/i18n/index.ts';
import type {
  AnalyticsEvidence,
  CaseResult,
  Caveat,
  CheckResult,
  CrmEvidence,
  Evidence,
  NotificationEvidence,
  SubmitEvidence,
} from '../../scenario/case-result.ts';
import { wordsIn } from '../../scenario/render-reason.ts';
import { formatDelay, formatDuration, formatTime, overSla } from '../format.ts';
import { html, type SafeHtml } from './escape.ts';

/** What the evidence renderers need besides the case: inlined images, the clock and the words to show. */
export interface EvidenceContext {
  /** data: URIs of screenshots by their path as written in the evidence. */
  images: ReadonlyMap<string, string>;
  timeZone: string;
  /** The words of the page (default English): one catalog of src/foundation/i18n. */
  m?: Messages;
}

/** The context with its words settled. */
export type WordedContext = EvidenceContext & { m: Messages };

export function verdictBadge(verdict: CheckResult['verdict'], m: Messages = en): SafeHtml {
  return html`<span class="badge v-${verdict}">${m.verdict[verdict]}</span>`;
}

/**
 * English text cutover did not write from data — a probe's or the browser's message, a report
 * written before grounds — in a page of another language: marked as such (lang="en"), not hidden.
 */
export function fromOutside(text: string, m: Messages): SafeHtml {
  if (m.lang === 'en' || text === '') return html`${text}`;
  return html`<span class="as-reported">${m.evidence.asReported} <span lang="en">${text}</span></span>`;
}

function caveatSentence(caveat: Caveat, m: Messages): string {
  return m.caveatSentence(m.caveat[caveat.kind], caveat.why, caveat.fix);
}

/**
 * Next to a verdict, what the scenario expects of the check that cannot (wholly) fail: a pass
 * there is no verdict on the site (src/config/vacuous-checks.ts). Each kind once, its sentences as the title.
 */
export function caveatBadges(check: CheckResult, m: Messages): SafeHtml | null {
  const caveats = check.caveats ?? [];
  if (caveats.length === 0) return null;
  const kinds = [...new Set(caveats.map((c) => c.kind))];
  return html`${kinds.map(
    (kind) =>
      html` <span class="badge caveat" data-caveat="${kind}" title="${caveats
        .filter((c) => c.kind === kind)
        .map((c) => caveatSentence(c, m))
        .join('\n')}">⚠ ${m.caveat[kind]}</span>`,
  )}`;
}

/** The caveats of a check in full: why, and the fix (the why and fix are cutover's English, marked so). */
export function caveatNotes(check: CheckResult, m: Messages): SafeHtml | null {
  const caveats = check.caveats ?? [];
  if (caveats.length === 0) return null;
  return html`${caveats.map(
    (c) =>
      html`<p class="caveat" data-caveat="${c.kind}">⚠ ${
        m.lang === 'en'
          ? caveatSentence(c, m)
          : html`${m.caveat[c.kind]}: ${fromOutside(`${c.why}. Fix: ${c.fix}.`, m)}`
      }</p>`,
  )}`;
}

/** Everything a reader needs to believe (or dispute) one case's verdicts. */
export function caseEvidence(c: CaseResult, context: EvidenceContext): SafeHtml {
  const ctx: WordedContext = { ...context, m: context.m ?? en };
  const e = ctx.m.evidence;
  return html`
<dl class="meta">
  <dt>${e.marker}</dt><dd class="mono">${c.marker}</dd>
  <dt>${e.syntheticEmail}</dt><dd class="mono">${c.email}</dd>
  <dt>${e.started}</dt><dd>${formatTime(c.startedAt, ctx.timeZone)}</dd>
  ${c.t0 ? html`<dt>${e.submitted}</dt><dd>${formatTime(c.t0, ctx.timeZone)}</dd>` : null}
  <dt>${e.ended}</dt><dd>${formatTime(c.endedAt, ctx.timeZone)} (${formatDuration(c.durationMs)})</dd>
  ${c.scenario.file ? html`<dt>${e.scenarioFile}</dt><dd class="mono">${c.scenario.file}</dd>` : null}
  ${c.scenario.tags.length ? html`<dt>${e.tags}</dt><dd>${c.scenario.tags.join(', ')}</dd>` : null}
</dl>
${c.checks.map((check) => checkSection(check, c, ctx))}
${cleanupSection(c, ctx.m)}`;
}

function checkSection(check: CheckResult, c: CaseResult, ctx: WordedContext): SafeHtml {
  const { m } = ctx;
  const delay = formatDelay(check, m);
  const words = wordsIn(check, m, c.email);
  const reason = words.translated ? html`${words.reason}` : fromOutside(words.reason, m);
  const details = words.details.filter((d) => d !== words.reason || words.details.length > 1);
  return html`
<section class="check-evidence c-${check.verdict}" data-check="${check.check}" data-channel="${check.channel ?? ''}">
  <h3>${m.check[check.check]}${check.channel ? ` (${check.channel})` : ''} ${verdictBadge(check.verdict, m)}${caveatBadges(check, m)}
    ${check.probe ? html`<span class="muted">${m.evidence.via(check.probe)}</span>` : null}</h3>
  <p class="reason">${reason}</p>
  ${caveatNotes(check, m)}
  ${delay ? html`<p class="delay${overSla(check) ? ' over-sla' : ''}">${m.evidence.delay} ${delay}${overSla(check) ? ` (${m.delay.overSla})` : ''}</p>` : null}
  ${details.length > 0 ? html`<ul class="details">${details.map((d) => html`<li>${words.translated ? d : fromOutside(d, m)}</li>`)}</ul>` : null}
  ${check.evidence ? evidence(check.evidence, ctx) : null}
</section>`;
}

function evidence(e: Evidence, ctx: WordedContext): SafeHtml {
  switch (e.kind) {
    case 'submit':
      return submitEvidence(e, ctx);
    case 'form':
      return keyValueTable(
        Object.entries(e.values).map(([k, v]) => [k, v ?? '(no such field)']),
        ['Field', 'Value the form held'],
      );
    case 'notification':
      return notificationEvidence(e, ctx);
    case 'crm':
      return crmEvidence(e, ctx);
    case 'analytics':
      return analyticsEvidence(e, ctx);
  }
}

function submitEvidence(e: SubmitEvidence, ctx: WordedContext): SafeHtml {
  const w = ctx.m.evidence;
  const image = e.screenshot ? ctx.images.get(e.screenshot) : undefined;
  return html`
<dl class="meta">
  <dt>${w.outcome}</dt><dd><strong>${w.outcomeWord[e.outcome] ?? e.outcome}</strong>${e.status === undefined ? null : html` (HTTP ${e.status})`}</dd>
  <dt>${w.page}</dt><dd class="mono">${e.url}</dd>
  <dt>${w.pageToOutcome}</dt><dd>${formatDuration(e.durationMs)}${e.submissions > 1 ? html`, ${w.submissions(e.submissions)}` : null}${e.clicks ? html`, ${w.clicks(e.clicks)}` : null}</dd>
</dl>
${
  e.steps?.length
    ? html`<h4>${w.steps}</h4>${keyValueTable(
        e.steps.map((s) => [`${s.phase} (${s.in})`, s.step]),
        [w.when, w.step],
      )}`
    : null
}
${
  e.files?.length
    ? html`<h4>${w.files}</h4>${keyValueTable(
        e.files.map((f) => [f.field, w.fileLine(f.name, f.size, f.sha256)]),
        [w.field, w.file],
      )}`
    : null
}
${
  e.fieldErrors.length
    ? html`<h4>${w.fieldErrors}</h4>${keyValueTable(
        e.fieldErrors.map((f) => [f.field, f.message ?? '']),
        [w.field, w.message],
      )}`
    : null
}
${
  e.screenshot
    ? image
      ? html`<h4>${w.outcomePage}</h4><img class="screenshot" alt="${w.screenshotAlt(e.screenshot)}" src="${image}">`
      : html`<p class="muted">${w.screenshotMissing(e.screenshot)}</p>`
    : null
}`;
}

function notificationEvidence(e: NotificationEvidence, ctx: WordedContext): SafeHtml {
  const w = ctx.m.evidence;
  if (e.messages.length === 0) return html`<p class="muted">${w.noMessage}</p>`;
  return html`${e.messages.map(
    (m, i) => html`
<div class="message">
  <h4>${w.messageHead(e.messages.length > 1 ? i + 1 : undefined, m.subject)}</h4>
  <dl class="meta">
    <dt>${w.to}</dt><dd>${m.to.join(', ')}</dd>
    ${m.from ? html`<dt>${w.from}</dt><dd>${m.from}</dd>` : null}
    <dt>${w.received}</dt><dd>${formatTime(m.receivedAt, ctx.timeZone)}</dd>
    <dt>${w.messageId}</dt><dd class="mono">${m.id}</dd>
  </dl>
  ${Object.keys(m.fields).length ? keyValueTable(Object.entries(m.fields), [w.bodyField, w.value]) : null}
  <details><summary>${w.excerpt}</summary><pre>${m.excerpt}</pre></details>
  ${m.html === undefined ? null : mailHtmlFrame(m.html, m.htmlTruncated === true, ctx.m)}
</div>`,
  )}`;
}

/**
 * What the frame of a mail's HTML may do: nothing runs and nothing is fetched (remote images,
 * fonts, tracking pixels), inline styles and data: images only — inside the frame, on top of the
 * sandbox and of the report page's own policy, which the frame inherits.
 */
export const MAIL_FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/**
 * A mail's HTML as its reader sees it, in `<iframe sandbox srcdoc>`: an empty `sandbox` gives the
 * frame an opaque origin with no scripts, forms, popups or navigation of the report, and the
 * srcdoc starts with the policy above so that it holds before the mail's first tag. The whole
 * document is one attribute value, escaped like every other value of the report.
 */
function mailHtmlFrame(mailHtml: string, truncated: boolean, m: Messages): SafeHtml {
  const srcdoc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${MAIL_FRAME_POLICY}">${mailHtml}`;
  return html`<details class="mail-html" open><summary>${m.evidence.htmlBody(truncated)}</summary>
  <iframe class="mail-html" sandbox="" referrerpolicy="no-referrer" title="${m.evidence.htmlFrameTitle}" srcdoc="${srcdoc}"></iframe></details>`;
}

function crmEvidence(e: CrmEvidence, ctx: WordedContext): SafeHtml {
  const w = ctx.m.evidence;
  if (e.records.length === 0) return html`<p class="muted">${w.noRecord}</p>`;
  return html`${e.records.map(
    (r, i) => html`
<div class="record">
  <h4>${w.recordHead(e.records.length > 1 ? i + 1 : undefined)} <span class="mono">${r.id}</span></h4>
  <dl class="meta">
    <dt>${w.created}</dt><dd>${formatTime(r.createdAt, ctx.timeZone)}</dd>
    ${r.updatedAt ? html`<dt>${w.updated}</dt><dd>${formatTime(r.updatedAt, ctx.timeZone)}</dd>` : null}
  </dl>
  ${keyValueTable(
    Object.entries(r.fields).map(([k, v]) => [k, v ?? w.noValue]),
    [w.field, w.value],
  )}
</div>`,
  )}`;
}

function analyticsEvidence(e: AnalyticsEvidence, ctx: WordedContext): SafeHtml {
  const w = ctx.m.evidence;
  if (e.events.length === 0) return html`<p class="muted">${w.noEvent}</p>`;
  return html`
<table class="events">
  <thead><tr><th>#</th><th>${w.event}</th><th>${w.source}</th><th>${w.sent}</th><th>${w.params}</th><th>${w.utm}</th><th>${w.page}</th></tr></thead>
  <tbody>${e.events.map(
    (ev, i) => html`<tr>
    <td class="num">${i + 1}</td><td><strong>${ev.name}</strong></td><td>${ev.source}</td>
    <td>${formatTime(ev.at, ctx.timeZone)}</td>
    <td>${pairs(ev.params)}</td><td>${pairs(ev.utm)}</td><td class="mono">${ev.page ?? ''}</td></tr>`,
  )}</tbody>
</table>`;
}

function cleanupSection(c: CaseResult, m: Messages): SafeHtml | null {
  const w = m.evidence;
  if (c.cleanup.length === 0) return html`<p class="muted">${w.cleanupNothing}</p>`;
  return html`
<section class="cleanup">
  <h3>${w.cleanup}</h3>
  <table>
    <thead><tr><th>${w.system}</th><th>${w.probe}</th><th>${w.id}</th><th>${w.result}</th><th>${w.reason}</th></tr></thead>
    <tbody>${c.cleanup.map(
      (e) => html`<tr><td>${m.checkName[e.system]}</td><td>${e.probe}</td><td class="mono">${e.id}</td>
      <td><span class="badge ${e.result === 'deleted' ? 'v-passed' : 'v-failed'}">${e.result === 'deleted' ? '✓ ' : '✗ '}${w.cleanupResult[e.result] ?? e.result}</span></td>
      <td>${e.reason ? fromOutside(e.reason, m) : ''}</td></tr>`,
    )}</tbody>
  </table>
</section>`;
}

function keyValueTable(rows: Array<[string, string]>, head: [string, string]): SafeHtml {
  return html`<table class="kv"><thead><tr><th>${head[0]}</th><th>${head[1]}</th></tr></thead><tbody>${rows.map(
    ([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`,
  )}</tbody></table>`;
}

function pairs(record: Record<string, string>): SafeHtml {
  const entries = Object.entries(record);
  if (entries.length === 0) return html`<span class="muted">—</span>`;
  return html`${entries.map(([k, v], i) => html`${i ? html`<br>` : null}<span class="mono">${k}</span>=${v}`)}`;
}
